"""The task worker as it runs in production: `rectrack serve` with its worker, as separate
processes over a database file, stopped and killed as a server's processes are."""

import contextlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rectrack.conftest import subprocess_environment
from rectrack.core.worker import WORKER_STOPPED

ENQUEUE = (
    "from rectrack.core.tests.worker_tasks import files_write; "
    "import sys; files_write.enqueue(sys.argv[1], sys.argv[2], seconds=float(sys.argv[3]))"
)


def _environment(folder: Path) -> dict:
    return subprocess_environment(
        RECTRACK_VAR_DIR=str(folder),
        RECTRACK_TASKS_URL="",  # the database queue, in the database file of VAR_DIR
        RECTRACK_WORKER_HEARTBEAT_SECONDS="2",
    )


class Server:
    """`rectrack serve` (with its task worker) over a database file of its own."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.files = folder / "files"
        self.files.mkdir(exist_ok=True)
        self.process: subprocess.Popen | None = None
        self.port = 0

    def cli(self, *arguments: str) -> None:
        command = [sys.executable, "-m", "rectrack.cli", *arguments]
        subprocess.run(command, env=_environment(self.folder), check=True, capture_output=True)

    def enqueue(self, name: str, *, seconds: float = 0.0) -> None:
        command = [sys.executable, "-c", f"import django, os; {_SETUP}; {ENQUEUE}"]
        subprocess.run(
            [*command, str(self.files), name, str(seconds)],
            env=_environment(self.folder),
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        command = [sys.executable, "-m", "rectrack.cli", "serve", "--port", str(self.port)]
        self.process = subprocess.Popen(
            command,
            env=_environment(self.folder),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        _wait(lambda: self._answers(), "the server to answer")

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return True
        except OSError:
            return False

    def stop(self) -> int:
        """Stop the server as systemd does (SIGTERM), and wait for it and its worker."""
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=60)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def worker_pids(self) -> list[int]:
        beats = (self.folder / "workers").glob("*.beat")
        return [json.loads(path.read_text())["pid"] for path in beats]

    def task_results(self) -> dict[str, tuple[str, str]]:
        """Each test task's status and exception, by the name it was given."""
        with contextlib.closing(sqlite3.connect(self.folder / "rectrack.sqlite3")) as database:
            rows = database.execute(
                "SELECT args_kwargs, status, exception_class_path "
                "FROM django_tasks_database_dbtaskresult"
            ).fetchall()
        return {json.loads(args)["args"][1]: (status, failure) for args, status, failure in rows}


_SETUP = "os.environ['DJANGO_SETTINGS_MODULE'] = 'rectrack.settings'; django.setup()"


def _wait(condition, what: str, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"waited {seconds:.0f} s for {what}")


@pytest.fixture
def server(tmp_path):
    server = Server(tmp_path)
    server.cli("migrate", "--no-input")
    yield server
    server.kill()


def test_a_queued_task_survives_a_server_restart_and_completes(server):
    """Stopped while its worker runs one task, the server finishes that task; the one
    queued behind it waits in the database and runs when the server is back."""
    server.start()
    server.enqueue("first", seconds=3)
    server.enqueue("second")
    _wait(lambda: (server.files / "first.started").exists(), "the first task to start")
    assert server.stop() == 0
    assert (server.files / "first.done").exists()  # finished before the worker stopped
    assert not (server.files / "second.started").exists()
    assert server.task_results() == {"first": ("SUCCEEDED", ""), "second": ("READY", "")}
    server.start()
    _wait(lambda: (server.files / "second.done").exists(), "the second task to run")
    _wait(lambda: server.task_results()["second"][0] == "SUCCEEDED", "its result")


def test_a_task_whose_worker_is_killed_ends_failed_never_running_for_ever(server):
    """The worker is killed mid-task (SIGKILL: no chance to clean up); `rectrack serve`
    starts another, which finds the task's worker silent and fails the task."""
    server.start()
    server.enqueue("doomed", seconds=120)
    _wait(lambda: (server.files / "doomed.started").exists(), "the task to start")
    [pid] = server.worker_pids()
    os.kill(pid, signal.SIGKILL)
    _wait(
        lambda: server.task_results()["doomed"] == ("FAILED", WORKER_STOPPED),
        "the killed worker's task to be failed",
    )
    assert not (server.files / "doomed.done").exists()
    _wait(lambda: server.worker_pids() and server.worker_pids() != [pid], "a new worker")
    server.enqueue("after")
    _wait(lambda: (server.files / "after.done").exists(), "the new worker to run tasks")
