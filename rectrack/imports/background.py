"""Running an import away from the request, so a long import blocks no one.

A thread per import is enough for an NMIRF's volumes and needs no broker; the run's status
and `processed` count are what the progress page polls. RECTRACK_IMPORTS_IN_BACKGROUND=0 runs
imports inside the request instead (tests, or servers that forbid threads)."""

import threading
from collections.abc import Callable

from django.conf import settings
from django.db import close_old_connections, connection


def run_soon(work: Callable[[], None]) -> None:
    if not settings.RECTRACK_IMPORTS_IN_BACKGROUND:
        work()
        return

    def target() -> None:
        close_old_connections()
        try:
            work()
        finally:
            connection.close()

    threading.Thread(target=target, name="rectrack-import", daemon=True).start()
