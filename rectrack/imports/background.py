"""Knowing whether an import still runs, and how far it is.

Web imports run as tasks (imports.tasks) in `rectrack worker`'s process, not the web
server's; the run's status and its heartbeat's progress are what the progress page polls.
RECTRACK_IMPORTS_IN_BACKGROUND=0 runs imports inside the request instead.

Heartbeats. An import writes its rows in one long transaction, so what it writes to the
database inside that transaction is seen by no one else until it ends: a heartbeat kept there
says nothing. Written through a second connection it would work on PostgreSQL but wait on
SQLite, where the import holds the one write lock. So the live heartbeat is a small file,
VAR_DIR/imports/<run>-<token>.heartbeat, replaced atomically (written, then renamed) every few
seconds by a thread of the importing process, with the rows done so far. Every process of
this server sees it whatever the database (uploads already wait in the same folder). The run
row keeps the last beat written outside the transaction (`heartbeat_at`: when the import
starts, opens and closes its transaction) and the token naming the file (`worker`), so a file
left by another process or an earlier attempt is never read as this run's. Not the Django
cache: it may evict an entry, and an evicted heartbeat would declare a live import dead.
"""

import contextlib
import json
import logging
import os
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)


def heartbeat_seconds() -> float:
    """How long an import may give no sign of life before it counts as interrupted."""
    return float(settings.RECTRACK_IMPORT_HEARTBEAT_SECONDS)


def heartbeat_path(run_id: int, token: str) -> Path:
    folder = Path(settings.VAR_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{run_id}-{token}.heartbeat"


class Heartbeat:
    """The signs of life of one import in this process: its token goes on the run row, then
    `with heartbeat.beating(run_id=...)` a thread beats while the import runs; `progress`
    records the rows done (an import's Progress callback)."""

    def __init__(self) -> None:
        self.token = uuid.uuid4().hex
        self.run_id: int | None = None
        self._progress: tuple[int, int] | None = None
        self._written = 0.0
        self._lock = threading.Lock()

    def beat(self) -> None:
        if self.run_id is None:
            return
        path = heartbeat_path(self.run_id, self.token)
        beat = {"pid": os.getpid(), "at": time.time(), "progress": self._progress}
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        with self._lock:
            try:
                temporary.write_text(json.dumps(beat), encoding="utf-8")
                os.replace(temporary, path)
            except OSError as error:  # a missed beat must never fail the import itself
                logger.warning("import %s: cannot write its heartbeat: %s", self.run_id, error)
            self._written = time.monotonic()

    def progress(self, done: int, total: int) -> None:
        self._progress = (done, total)
        if done >= total or time.monotonic() - self._written >= 0.5:
            self.beat()

    @contextlib.contextmanager
    def beating(self, *, run_id: int) -> Iterator["Heartbeat"]:
        """Beat now and every few seconds until the block ends, then leave no file behind."""
        self.run_id = run_id
        self.beat()
        stop = threading.Event()
        interval = max(0.2, heartbeat_seconds() / 6)

        def beat_until_stopped() -> None:
            while not stop.wait(interval):
                self.beat()

        thread = threading.Thread(
            target=beat_until_stopped, name=f"rectrack-heartbeat-{run_id}", daemon=True
        )
        thread.start()
        try:
            yield self
        finally:
            stop.set()
            thread.join()
            heartbeat_clear(run_id=run_id, token=self.token)


def heartbeat_read(*, run_id: int, token: str) -> dict | None:
    """The last beat of the run's process ({"at": epoch seconds, "progress": [done, total]}),
    or None when that process left none (finished, never started, or another server)."""
    if not token:
        return None
    try:
        return json.loads(heartbeat_path(run_id, token).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def heartbeat_clear(*, run_id: int, token: str) -> None:
    if token:
        heartbeat_path(run_id, token).unlink(missing_ok=True)
