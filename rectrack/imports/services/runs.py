"""A web upload's run: kept privately, previewed, confirmed, imported again or read with
another column mapping; each step queued as a task for `rectrack worker` (imports.tasks),
which runs it with services.importing."""

import hashlib
import uuid

from django.conf import settings
from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rectrack.core.errors import ApplicationError
from rectrack.imports.background import heartbeat_clear
from rectrack.imports.models import ColumnMapping, ImportRun
from rectrack.imports.parsers.base import FileError
from rectrack.imports.parsers.table import headers_signature
from rectrack.imports.selectors import import_runs_stale
from rectrack.imports.services.importing import (
    file_check,
    run_save,
    run_stored,
    upload_store_dir,
)


def import_upload(
    *,
    data: bytes,
    file_name: str,
    user,
    format: str = "auto",
    encoding: str | None = None,
    mapping: dict[str, str] | None = None,
    state: str = "",
) -> ImportRun:
    """Keep an uploaded file privately and start its dry run; nothing is imported until a
    coordinator confirms the preview. With `state`, only that State's rows are imported."""
    file_check(data=data, file_name=file_name)
    stored = f"{uuid.uuid4().hex}.upload"
    (upload_store_dir() / stored).write_bytes(data)
    run = ImportRun(
        user=user,
        file_name=file_name[:255],
        format=format,
        status=_waiting_status(),
        heartbeat_at=timezone.now(),
        stored_file=stored,
        file_sha256=hashlib.sha256(data).hexdigest(),
        file_size=len(data),
        options={
            "format": format,
            "encoding": encoding or "",
            "mapping": mapping or {},
            "state": state,
        },
    )
    run.save()
    _start(run, dry_run=True)
    return run


def import_confirm(*, run: ImportRun, skip_invalid: bool = False) -> ImportRun:
    """Import a previewed upload for real (optionally skipping the rows with errors)."""
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        waiting = run.status == ImportRun.Status.PREVIEWED or (
            run.status == ImportRun.Status.FAILED and skip_invalid and run.report.get("rows")
        )
        if not run.stored_file or not waiting or run.report.get("written"):
            raise ApplicationError(_("This import is not waiting for confirmation."))
        run.status = _waiting_status()
        run.save(update_fields=["status", "updated_at"])
    _start(run, dry_run=False, skip_invalid=skip_invalid)
    return run


def _waiting_status() -> str:
    """A run about to start: queued for a worker, or running here and now."""
    if settings.RECTRACK_IMPORTS_IN_BACKGROUND:
        return ImportRun.Status.QUEUED
    return ImportRun.Status.RUNNING


def _start(run: ImportRun, *, dry_run: bool, skip_invalid: bool = False) -> None:
    """Preview or import the run's stored upload: queued as a task for `rectrack worker`
    (imports.tasks), or at once inside the caller with RECTRACK_IMPORTS_IN_BACKGROUND off."""
    if not settings.RECTRACK_IMPORTS_IN_BACKGROUND:
        run_stored(run.pk, dry_run=dry_run, skip_invalid=skip_invalid)
        return
    from rectrack.imports.tasks import import_run_task

    import_run_task.enqueue(run.pk, dry_run=dry_run, skip_invalid=skip_invalid)


def import_runs_mark_interrupted() -> list[ImportRun]:
    """Runs whose process stopped (selectors.import_runs_stale) become interrupted, and their
    progress is cleared: their page says so and offers to import again. Nothing they began
    was written (their transaction never committed). Called where runs are read: the imports
    list, a run's page, the import command."""
    found = []
    for run in import_runs_stale():
        now = timezone.now()
        message = _("%(file)s: the import was interrupted (its process stopped).") % {
            "file": run.file_name
        }
        try:
            with transaction.atomic():
                changed = ImportRun.objects.filter(
                    pk=run.pk, status=ImportRun.Status.RUNNING, worker=run.worker
                ).update(status=ImportRun.Status.INTERRUPTED, error=message, finished_at=now)
        except OperationalError:  # SQLite: another import holds the write lock; next time
            continue
        heartbeat_clear(run_id=run.pk, token=run.worker)
        if changed:
            run.refresh_from_db()
            found.append(run)
    return found


def import_retry(*, run: ImportRun) -> ImportRun:
    """Preview an interrupted upload again from its stored copy, as when it was uploaded. An
    import started by the command keeps no copy: the command is run again instead."""
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        if run.status != ImportRun.Status.INTERRUPTED:
            raise ApplicationError(_("Only an interrupted import can be imported again."))
        if not run.stored_file or not (upload_store_dir() / run.stored_file).exists():
            raise ApplicationError(
                _("This import was started with the import command: run the command again.")
            )
        run.error, run.report, run.finished_at, run.worker = "", {}, None, ""
        run_save(run, _waiting_status())
    _start(run, dry_run=True)
    return run


def import_headers(*, run: ImportRun) -> list[str]:
    """The column headers of a stored spreadsheet upload, for the mapping step; none for a
    file that is no table (a Word document, JSON)."""
    from rectrack.imports.parsers.table import TableParser
    from rectrack.imports.parsers.tabular import table_headers

    path = upload_store_dir() / run.stored_file
    if not run.stored_file or not path.exists():
        return []
    data = path.read_bytes()
    if not TableParser().detect(data, run.file_name):
        return []
    try:
        return table_headers(data, run.file_name, encoding=run.options.get("encoding") or None)
    except FileError:
        return []


def import_remap(*, run: ImportRun, mapping: dict[str, str]) -> ImportRun:
    """Preview a stored upload again, read as a table with the given column mapping."""
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        if not run.stored_file or run.status not in {
            ImportRun.Status.FAILED,
            ImportRun.Status.PREVIEWED,
        }:
            raise ApplicationError(_("This import is not waiting for a column mapping."))
        run.options = {**run.options, "format": "table", "mapping": mapping}
        run.status, run.error, run.report = _waiting_status(), "", {}
        run.save()
    _start(run, dry_run=True)
    return run


def column_mapping_save(
    *, name: str, mapping: dict[str, str], user, headers: list[str] | None = None
) -> ColumnMapping:
    """Save (or replace) a named column mapping, with its fixed values, for re-use; with the
    headers of the file it was made for, it is offered again for files with the same ones."""
    defaults: dict = {"mapping": mapping, "created_by": user}
    if headers is not None:
        defaults["headers"] = list(headers)
        defaults["headers_signature"] = headers_signature(headers)
    saved, _created = ColumnMapping.objects.update_or_create(name=name.strip(), defaults=defaults)
    return saved
