"""The task worker `rectrack serve` runs beside the web server, and what it needs to know
of the task queue (settings.TASKS, from RECTRACK_TASKS_URL)."""

import logging
import subprocess
import sys
import threading

from django.conf import settings

from rectrack.core.config import DATABASE_TASKS, REDIS_TASKS

logger = logging.getLogger(__name__)


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
