"""Tasks for the worker tests (test_worker.py): they leave files a test can wait for."""

import time
from pathlib import Path

from django_tasks import task


@task()
def files_write(folder: str, name: str, *, seconds: float = 0.0) -> str:
    """Write `<name>.started`, wait `seconds`, then write `<name>.done`."""
    (Path(folder) / f"{name}.started").write_text("started", encoding="utf-8")
    time.sleep(seconds)
    (Path(folder) / f"{name}.done").write_text("done", encoding="utf-8")
    return name
