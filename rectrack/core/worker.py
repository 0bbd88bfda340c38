"""The task worker `rectrack serve` runs beside the web server, and what it needs to know
of the task queue (settings.TASKS, from RECTRACK_TASKS_URL).

Workers that die. A task a worker was running when it was killed (or its machine stopped)
would stay "running" for ever in the database queue: django-tasks' database worker keeps no
sign of life. So each `rectrack worker` on the database queue beats: a small file,
VAR_DIR/workers/<worker id>.beat, replaced every few seconds by a thread (a file, like the
imports' heartbeats, because a long import holds SQLite's one write lock). Every worker, when
it starts and then every minute, fails the running tasks whose worker has been silent for
RECTRACK_WORKER_HEARTBEAT_SECONDS (`tasks_of_stopped_workers_fail`): their pages then say so
(an import "interrupted", a report "could not be drafted"). With Redis, RQ does the same
itself: a job whose worker stopped beating is moved to the failed jobs by the next worker's
maintenance (every 10 minutes at most).
"""

import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import OperationalError, connection
from django.utils import timezone

from rectrack.core.config import DATABASE_TASKS, REDIS_TASKS

logger = logging.getLogger(__name__)

# Recorded as a failed task's exception when its worker stopped while running it.
WORKER_STOPPED = "rectrack.core.worker.WorkerStopped"


class WorkerStopped(Exception):
    """The worker running the task stopped before the task ended."""


def task_queue() -> str | None:
    """Where background tasks wait for a worker (RECTRACK_TASKS_URL): "database", "redis",
    or None when they run where they are asked for."""
    backend = settings.TASKS["default"]["BACKEND"]
    return {DATABASE_TASKS: "database", REDIS_TASKS: "redis"}.get(backend)


class TaskWorker:
    """`rectrack worker` in its own process beside the web server (`rectrack serve`),
    started again if it stops. Its tasks wait in the queue (the database, or Redis), so none
    is lost with it; an import it was running when it died is shown as interrupted, with
    "Import again"."""

    RESTART_SECONDS = 5.0

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self._stopping = threading.Event()

    def start(self) -> "TaskWorker":
        self._spawn()
        threading.Thread(target=self._watch, name="rectrack-worker-watch", daemon=True).start()
        return self

    def _spawn(self) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "rectrack.cli", "worker"])

    def _watch(self) -> None:
        while not self._stopping.wait(1.0):
            code = self.process.poll()
            if code is not None and not self._stopping.is_set():
                logger.warning("the task worker stopped (exit %s); starting it again", code)
                if self._stopping.wait(self.RESTART_SECONDS):
                    return
                self._spawn()

    def stop(self) -> None:
        self._stopping.set()
        if self.process is not None and self.process.poll() is None:
            # The worker finishes the task it runs, then ends; after 30 s it is stopped, and an
            # import it was running shows as "interrupted" (nothing of it was written).
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


def worker_beats_dir() -> Path:
    folder = Path(settings.VAR_DIR) / "workers"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def worker_id_new() -> str:
    """A worker's name in the queue (django-tasks keeps it on the tasks it claims)."""
    return f"{socket.gethostname()[:20]}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def worker_beat_read(worker_id: str) -> dict | None:
    """The worker's last beat ({"pid", "host", "at": epoch seconds}), or None if it left none."""
    if not worker_id or "/" in worker_id or worker_id.startswith("."):
        return None
    try:
        return json.loads((worker_beats_dir() / f"{worker_id}.beat").read_text("utf-8"))
    except (OSError, ValueError):
        return None


class WorkerBeat:
    """The signs of life of one database-queue worker, beaten by a thread while `with` lasts;
    a second thread fails, every minute, the tasks of workers that stopped (apart, so that a
    look held up by SQLite's write lock never delays a beat)."""

    SWEEP_SECONDS = 60.0

    def __init__(self, worker_id: str, *, sweep: bool = True) -> None:
        self.worker_id = worker_id
        self.sweep = sweep
        self.path = worker_beats_dir() / f"{worker_id}.beat"
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def beat(self) -> None:
        beat = {"pid": os.getpid(), "host": socket.gethostname(), "at": time.time()}
        temporary = self.path.with_name(f".{self.path.name}")
        try:
            temporary.write_text(json.dumps(beat), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError as error:  # a missed beat must never stop the worker
            logger.warning("worker %s: cannot write its beat: %s", self.worker_id, error)

    def _beat_until_stopped(self) -> None:
        interval = max(0.2, settings.RECTRACK_WORKER_HEARTBEAT_SECONDS / 6)
        while not self._stop.wait(interval):
            self.beat()

    def _sweep_until_stopped(self) -> None:
        # The worker looked once as it started.
        while not self._stop.wait(self.SWEEP_SECONDS):
            try:
                tasks_of_stopped_workers_fail()
            except OperationalError as error:  # SQLite busy with a task: next time
                logger.info("the stopped workers' tasks wait for the next look: %s", error)
            finally:
                connection.close()  # this thread's own connection

    def __enter__(self) -> "WorkerBeat":
        self.beat()
        targets = [self._beat_until_stopped] + ([self._sweep_until_stopped] if self.sweep else [])
        for target in targets:
            thread = threading.Thread(target=target, name="rectrack-worker-beat", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join()
        self.path.unlink(missing_ok=True)


def tasks_of_stopped_workers_fail() -> list[str]:
    """Fail the database queue's running tasks whose worker has given no sign of life for
    RECTRACK_WORKER_HEARTBEAT_SECONDS (killed, or its machine stopped); returns their ids.
    A worker is judged by its beats in the shared VAR_DIR; one of another machine whose
    beats are not there (no shared folder) is left alone rather than judged dead."""
    from django_tasks.backends.database.models import DBTaskResult
    from django_tasks.base import TaskResultStatus

    limit_seconds = settings.RECTRACK_WORKER_HEARTBEAT_SECONDS
    now = timezone.now()
    limit = now - timedelta(seconds=limit_seconds)
    failed = []
    for result in DBTaskResult.objects.running().filter(started_at__lt=limit):
        worker_id = result.worker_ids[-1] if result.worker_ids else ""
        beat = worker_beat_read(worker_id)
        if beat is None and not worker_id.startswith(f"{socket.gethostname()[:20]}-"):
            continue  # another machine's worker, whose beats this one cannot read
        if beat is not None and beat.get("at", 0) >= limit.timestamp():
            continue
        changed = DBTaskResult.objects.filter(pk=result.pk, status=result.status).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=WORKER_STOPPED,
            traceback=f"{WORKER_STOPPED}: worker {worker_id} gave no sign of life for "
            f"{limit_seconds} seconds while running this task",
            return_value=None,
        )
        if changed:
            logger.warning(
                "task %s (%s) failed: its worker %s stopped", result.pk, result.task_path, worker_id
            )
            failed.append(str(result.pk))
    return failed
