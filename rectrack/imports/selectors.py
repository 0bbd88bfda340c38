"""Reads of import runs: who imported what, when, with what result, and which still run."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from rectrack.accounts.permissions import is_coordinator
from rectrack.imports.background import heartbeat_read, heartbeat_seconds
from rectrack.imports.models import ColumnMapping, ImportRun
from rectrack.imports.parsers.table import headers_signature


def import_run_list(*, user) -> QuerySet[ImportRun]:
    """Import records are for the people who import: coordinators and administrators."""
    if not is_coordinator(user):
        return ImportRun.objects.none()
    return ImportRun.objects.select_related("user")


def import_progress(*, run: ImportRun) -> tuple[int, int] | None:
    """(rows done, rows in file) of a running import, from the heartbeat of the process that
    runs it now: never an earlier attempt's, never once the run has ended."""
    if run.status != ImportRun.Status.RUNNING:
        return None
    beat = heartbeat_read(run_id=run.pk, token=run.worker)
    progress = beat.get("progress") if beat else None
    return (progress[0], progress[1]) if progress else None


def import_runs_stale() -> list[ImportRun]:
    """Running imports whose process has given no sign of life for
    RECTRACK_IMPORT_HEARTBEAT_SECONDS, neither on the run row nor in its heartbeat file: the
    process stopped (killed, or the server restarted) and the run will never end by itself."""
    limit = timezone.now() - datetime.timedelta(seconds=heartbeat_seconds())
    quiet = Q(heartbeat_at__lt=limit) | Q(heartbeat_at__isnull=True)
    stale = []
    running = ImportRun.objects.filter(quiet, status=ImportRun.Status.RUNNING)
    for run in running.filter(updated_at__lt=limit):  # saved lately: just started or confirmed
        beat = heartbeat_read(run_id=run.pk, token=run.worker)
        if beat is None or beat.get("at", 0) < limit.timestamp():
            stale.append(run)
    return stale


def column_mapping_list() -> QuerySet[ColumnMapping]:
    return ColumnMapping.objects.all()


def column_mapping_for_headers(*, headers: list[str]) -> ColumnMapping | None:
    """The saved mapping made for a file with these headers (the latest saved, if several),
    offered again on the mapping step."""
    signature = headers_signature(headers)
    if not signature:
        return None
    found = ColumnMapping.objects.filter(headers_signature=signature)
    return found.order_by("-updated_at", "-pk").first()
