"""Importing a file: parse it, match every row to what the database holds, and write the
difference in one transaction. The CLI, the worker running a web upload (run_stored) and
the tests all call import_file."""

import copy
import dataclasses
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rectrack.imports import markup, normalise
from rectrack.imports.background import Heartbeat
from rectrack.imports.matching import Matcher, ResolvedRow
from rectrack.imports.models import ImportRun
from rectrack.imports.parsers import parser_for, rows_of, source_head
from rectrack.imports.parsers.base import FileError, ParsedRecommendation, RowIssue, RowStream
from rectrack.imports.repeats import RepeatIndex, Seen
from rectrack.imports.repeats import differences as repeat_differences
from rectrack.imports.reviews import state_resolve, state_row, superseded_reviews
from rectrack.imports.writing import write_rows
from rectrack.recommendations.services import documents_refresh_status

SAMPLE_SIZE = 5
CHANGE_LIMIT = 500
DUPLICATE_LIMIT = 500  # repeated rows listed in a report (all are counted)
ERROR_LIMIT = 10_000  # row errors listed in a report (all are counted: ImportReport.skipped)
# Rows resolved and written at a time: a file streams through in bounded memory.
BATCH_SIZE = 2000
# A deadlock between two imports (PostgreSQL) rolls one back: it is run again, this often.
ATTEMPTS = 3
RETRIED_ERRORS = {"40P01", "40001"}  # deadlock detected, serialization failure
Progress = Callable[[int, int], None]
logger = logging.getLogger(__name__)


@dataclass
class ImportReport:
    """What an import did, or would do in a dry run."""

    file_name: str
    format: str = ""
    encoding: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list[RowIssue] = field(default_factory=list)
    by_position: dict[str, int] = field(default_factory=dict)
    new_entries: dict[str, list[str]] = field(default_factory=dict)
    changes: list[dict] = field(default_factory=list)
    samples: dict[str, list[dict]] = field(default_factory=dict)
    dry_run: bool = False
    written: bool = False
    run_id: int | None = None
    state: str = ""  # only this State's rows were kept
    left_out: int = 0  # rows of other States
    superseded: list[dict] = field(default_factory=list)  # reviews_superseded() entries
    repeated: int = 0  # rows repeating an earlier row exactly: one recommendation, no error
    duplicates: list[dict] = field(default_factory=list)  # {"row": ..., "repeats": ...}
    held: int = 0  # rows that are recommendations held already from another source
    held_from: dict[str, int] = field(default_factory=dict)  # that source -> rows
    held_rows: list[dict] = field(default_factory=list)  # {"row", "recommendation", ...}
    held_twice: list[dict] = field(default_factory=list)  # merged: {"recommendation", "into"}
    institutions: dict = field(default_factory=dict)  # imports.assignments' summary

    def as_dict(self) -> dict:
        return {
            "file": self.file_name,
            "format": self.format,
            "encoding": self.encoding,
            "dry_run": self.dry_run,
            "written": self.written,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "errors": [issue.as_dict() for issue in self.errors],
            "by_position": self.by_position,
            "new": self.new_entries,
            "changes": self.changes,
            "samples": self.samples,
            "import_id": self.run_id,
            "state": self.state,
            "left_out": self.left_out,
            "superseded": self.superseded,
            "repeated": self.repeated,
            "duplicates": self.duplicates,
            "held": self.held,
            "held_from": self.held_from,
            "held_rows": self.held_rows,
            "held_twice": self.held_twice,
            "institutions": self.institutions,
        }


def file_check(*, data: bytes | None = None, path: Path | None = None, file_name: str) -> None:
    """Whole-file rules that hold for every format: not empty; the bytes of an upload not
    over the size limit (RECTRACK_IMPORT_MAX_MB). A file given by its path (the import
    command, uhri-sync) is read as a stream, so it may be of any size."""
    if path is not None:
        try:
            size = path.stat().st_size
        except OSError as error:
            raise FileError(f"{file_name}: {error.strerror}.") from None
        if not size:
            raise FileError(f"{file_name}: the file is empty.")
        return
    limit = settings.RECTRACK_IMPORT_MAX_BYTES
    if not data:
        raise FileError(f"{file_name}: the file is empty.")
    if len(data) > limit:
        raise FileError(
            f"{file_name}: the file is {len(data) / 1048576:.1f} MB, over the import limit of "
            f"{limit / 1048576:.0f} MB (RECTRACK_IMPORT_MAX_MB)."
        )


def _fingerprint(data: bytes | None, path: Path | None) -> tuple[str, int]:
    """The file's SHA-256 and size, a path read in chunks."""
    if path is None:
        return hashlib.sha256(data or b"").hexdigest(), len(data or b"")
    digest = hashlib.sha256()
    try:
        with path.open("rb") as file:
            for chunk in iter(lambda: file.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return "", 0  # file_check names the problem
    return digest.hexdigest(), path.stat().st_size


def import_file(
    *,
    data: bytes | None = None,
    path: Path | str | None = None,
    file_name: str = "",
    user=None,
    format: str = "auto",
    encoding: str | None = None,
    mapping: dict[str, str] | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    state: str = "",
    progress: Progress | None = None,
    run: ImportRun | None = None,
) -> ImportReport:
    """Import one file (its bytes, or its path: read as a stream, in bounded memory) in one
    transaction. With row errors nothing is written unless skip_invalid, and never when no
    row is valid; a dry run computes the same report and writes nothing but the run record.
    With `state` (a name or ISO code) only that State's rows are imported. Existing
    recommendations are matched, never duplicated; their implementation data is never
    touched. The run's heartbeat (imports.background) beats while it works; an unexpected
    error ends the run failed, claiming nothing, and is raised again."""
    path = Path(path) if path is not None else None
    file_name = file_name or (path.name if path else "")
    run = run or ImportRun(user=user, file_name=file_name[:255])
    run.file_sha256, run.file_size = _fingerprint(data, path)
    run.options = {
        "format": format,
        "encoding": encoding or "",
        "mapping": mapping or {},
        "skip_invalid": skip_invalid,
        "dry_run": dry_run,
        "state": state,
    }
    heartbeat = Heartbeat()
    run.worker = heartbeat.token
    run_save(run, ImportRun.Status.RUNNING)
    report = ImportReport(file_name=file_name, dry_run=dry_run)
    with heartbeat.beating(run_id=run.pk):

        def tick(done: int, total: int) -> None:
            heartbeat.progress(done, total)
            if progress:
                progress(done, total)

        try:
            return _import(
                data=data,
                path=path,
                file_name=file_name,
                format=format,
                encoding=encoding,
                mapping=mapping,
                skip_invalid=skip_invalid,
                state=state,
                progress=tick,
                report=report,
                run=run,
            )
        except Exception as error:
            _finish_unexpected(run, report, error)
            raise


def _import(
    *,
    data: bytes | None,
    path: Path | None,
    file_name: str,
    format: str,
    encoding: str | None,
    mapping: dict[str, str] | None,
    skip_invalid: bool,
    state: str,
    progress: Progress,
    report: ImportReport,
    run: ImportRun,
) -> ImportReport:
    source = path if path is not None else data
    try:
        file_check(data=data, path=path, file_name=file_name)
        chosen = state_resolve(state)
        head = source_head(source)
        parser = parser_for(data=head, filename=file_name, format=format)
        if parser.name == "table" and not mapping:
            raise FileError(_unknown_layout(head, file_name, encoding))
        del head
        report.format = run.format = parser.name

        first = rows_of(parser, source, file_name, encoding=encoding, mapping=mapping)
        report.encoding = run.encoding = first.encoding
        if hasattr(parser, "iter_rows"):  # read again, as a stream, inside the transaction
            first.close()

            def open_rows() -> RowStream:
                return rows_of(parser, source, file_name, encoding=encoding, mapping=mapping)
        else:  # parsed whole already (a Word file, a matrix): its rows are handed out again
            items = list(first.items)

            def open_rows() -> RowStream:
                return RowStream(format=first.format, items=iter(items), encoding=first.encoding)

    except FileError as error:
        run.format = run.format or format
        return _finish_failed(run, report, str(error))
    run_save(run, ImportRun.Status.RUNNING)  # a sign of life before the long transaction
    before = copy.deepcopy(report)
    for attempt in range(1, ATTEMPTS + 1):
        try:
            _write(
                open_rows,
                chosen=chosen,
                decode=not getattr(parser, "stored_text", False),
                report=report,
                run=run,
                progress=progress,
                skip_invalid=skip_invalid,
            )
            break
        except FileError as error:
            return _finish_failed(run, report, str(error))
        except OperationalError as error:
            sqlstate = getattr(error.__cause__, "sqlstate", None)
            if attempt == ATTEMPTS or sqlstate not in RETRIED_ERRORS:
                raise
            logger.warning("%s: rolled back by a concurrent import (%s); again", file_name, error)
            report = copy.deepcopy(before)
    nothing_valid = bool(report.errors) and not (report.created + report.updated + report.unchanged)
    if report.errors and not skip_invalid:
        return _finish_failed(
            run, report, f"{file_name}: {report.skipped} rows have errors; nothing imported."
        )
    if nothing_valid:
        message = _("%(file)s: no row is valid (%(count)s have errors); nothing imported.") % {
            "file": file_name,
            "count": report.skipped,
        }
        return _finish_failed(run, report, message)
    return _finish(run, report)


def _write(
    open_rows, *, chosen, decode, report: ImportReport, run: ImportRun, progress, skip_invalid
) -> None:
    """Match and write every row in one transaction, rolled back for a dry run or errors."""
    run.assignment_summary = None  # imports.assignments sums the batches' (again if retried)
    with transaction.atomic():
        stream = open_rows()
        try:
            _import_rows(
                stream, chosen=chosen, decode=decode, report=report, run=run, progress=progress
            )
        finally:
            stream.close()
        report.encoding = run.encoding = stream.encoding or report.encoding
        valid = report.created + report.updated + report.unchanged
        nothing_valid = bool(report.errors) and not valid
        if report.dry_run or (report.errors and not skip_invalid) or nothing_valid:
            transaction.set_rollback(True)
        else:
            report.written = True


def _unknown_layout(data: bytes, file_name: str, encoding: str | None) -> str:
    """A table no known format recognises: say what was found and what was expected."""
    from rectrack.imports.parsers import uhri, upr_info
    from rectrack.imports.parsers.tabular import table_headers

    found = ", ".join(table_headers(data, file_name, encoding=encoding)) or _("no headers")
    return _(
        "%(file)s: none of the expected headers were found. Found: %(found)s. Expected the "
        "headers of a UHRI export (%(uhri)s) or of a UPR Info export (%(upr)s), or give a "
        "column mapping (--format table --map text=COLUMN,...)."
    ) % {
        "file": file_name,
        "found": found,
        "uhri": ", ".join(spellings[0] for spellings in uhri.COLUMNS.values()),
        "upr": ", ".join(spellings[0] for spellings in upr_info.COLUMNS.values()),
    }


class _Tally:
    """What an import keeps across its batches: counts, the identities met (for repeated
    rows), the first errors and samples; never the rows themselves."""

    def __init__(self, *, run: ImportRun, report: ImportReport):
        self.matcher = Matcher(run=run)
        self.seen = RepeatIndex()
        self.report = report
        self.kept = 0  # rows of the chosen State (all rows without a choice)
        self.error_rows: set[str] = set()
        self.parse_error_rows = 0
        self.resolved_held: list[ResolvedRow] = []  # rows whose copies were held twice
        report.samples = {"created": [], "updated": [], "unchanged": []}

    def error(self, issue: RowIssue, *, parsing: bool = False) -> None:
        if issue.location not in self.error_rows:
            self.error_rows.add(issue.location)
            self.parse_error_rows += parsing
        if len(self.report.errors) < ERROR_LIMIT:
            self.report.errors.append(issue)


def _import_rows(
    stream: RowStream, *, chosen, decode: bool, report: ImportReport, run: ImportRun, progress
) -> None:
    """Read the file's rows as a stream and resolve and write them BATCH_SIZE at a time, all
    in the caller's transaction: memory holds one batch, whatever the file's size."""
    tally = _Tally(run=run, report=report)
    batch: list[ParsedRecommendation] = []
    for item in stream.items:
        if isinstance(item, RowIssue):
            tally.error(item, parsing=True)
            continue
        if decode:  # not texts as Rectrack stored them (already decoded)
            markup.decode_row(item)
        # SDGs written among the themes ("S16 SDG 16 - ...") are SDG links, not themes
        item.themes, codes = normalise.sdgs_out_of_themes(item.themes)
        item.sdg_codes = list(dict.fromkeys([*item.sdg_codes, *codes]))
        if chosen is not None and not state_row(item, chosen):
            report.left_out += 1
            continue
        batch.append(item)
        if len(batch) >= BATCH_SIZE:
            _import_batch(batch, tally=tally, run=run)
            batch = []
            done = tally.kept + len(tally.error_rows)
            fraction = stream.position()
            progress(done, max(done + 1, round(done / fraction)) if fraction else done + 1)
    _import_batch(batch, tally=tally, run=run)
    if chosen is not None:
        report.state = chosen.name
        if not tally.kept:
            raise FileError(
                _(
                    "%(file)s: no row is for %(state)s; nothing imported (%(count)s rows of "
                    "other States left out)."
                )
                % {"file": report.file_name, "state": chosen.name, "count": report.left_out}
            )
    report.rows = tally.kept + tally.parse_error_rows
    report.skipped = len(tally.error_rows)
    kept = {twin.pk for item in tally.resolved_held for twin in item.kept_twice}
    for twice in report.held_twice:
        twice["merged"] = twice["recommendation"] not in kept
    report.institutions = getattr(run, "assignment_summary", None) or {}
    changed = documents_refresh_status(
        reviews=[(d.mechanism, d.country) for d in tally.matcher.documents_created()]
    )
    report.superseded = superseded_reviews(changed)
    report.new_entries = tally.matcher.new_entries()
    progress(report.rows, report.rows)


def _import_batch(rows: list[ParsedRecommendation], *, tally: _Tally, run: ImportRun) -> None:
    """Resolve one batch of rows against the database, then write creates and updates in
    bulk."""
    if not rows:
        return
    report, matcher = tally.report, tally.matcher
    tally.kept += len(rows)
    matcher.preload(rows)
    resolved: list[ResolvedRow] = []
    held_first: dict[tuple, ResolvedRow] = {}  # this batch's rows of held recommendations
    for row in rows:
        result = matcher.resolve(row)
        if isinstance(result, RowIssue):
            tally.error(result)
            continue
        if result.identity[0] == "held":
            first = held_first.get(result.identity)
            if first is not None:  # a joint recommendation's next State
                _held_again(result, first, report=report)
                continue
            held_first[result.identity] = result
            _held(result, report=report)
            resolved.append(result)
            continue
        first = tally.seen.get(result.identity)
        if first is not None:
            _repeat_or_conflict(row, first, tally=tally)
            continue
        tally.seen.add(result.identity, row)
        if result.held_from:
            _held(result, report=report)
        resolved.append(result)
    counts = write_rows(resolved, run=run, changes=report.changes, change_limit=CHANGE_LIMIT)
    report.created += counts[0]
    report.updated += counts[1]
    report.unchanged += counts[2]
    tally.resolved_held.extend(item for item in resolved if item.kept_twice)
    for item in resolved:
        key = item.row.position or "none"
        report.by_position[key] = report.by_position.get(key, 0) + 1
        bucket = report.samples[item.outcome]
        if len(bucket) < SAMPLE_SIZE:
            bucket.append(
                {
                    "row": item.row.location,
                    "reference": item.row.reference,
                    "text": item.row.text[:200],
                }
            )


def _held(item: ResolvedRow, *, report: ImportReport) -> None:
    """A row that is a recommendation held already from another source: matched, enriched,
    never duplicated, and listed in the preview before anything is written."""
    report.held += 1
    report.held_from[item.held_from] = report.held_from.get(item.held_from, 0) + 1
    if len(report.held_rows) < DUPLICATE_LIMIT:
        report.held_rows.append(
            {
                "row": item.row.location,
                "recommendation": item.existing.pk,
                "reference": item.existing.reference,
                "source": item.held_from,
            }
        )
    for recommendation in item.absorbed:
        report.held_twice.append(
            {
                "recommendation": recommendation.pk,
                "into": item.existing.pk,
                "row": item.row.location,
            }
        )


def _held_again(item: ResolvedRow, first: ResolvedRow, *, report: ImportReport) -> None:
    """Another row of a recommendation held already (UPR Info's row for each State of a
    joint recommendation): its States, themes and groups join the first row's."""
    for name, objects in item.links.items():
        have = {obj.pk for obj in first.links[name]}
        first.links[name].extend(obj for obj in objects if obj.pk not in have)
    _held(dataclasses.replace(item, absorbed=[]), report=report)


def _repeat_or_conflict(row, first: Seen, *, tally: _Tally) -> None:
    """A row of the same identity as an earlier one: the same row again (real exports repeat
    rows) is one recommendation, listed apart; one that says something else is an error."""
    report = tally.report
    different = repeat_differences(row, first)
    if different:
        message = _("%(row)s has the same identity as %(first)s but different %(fields)s.") % {
            "row": row.location,
            "first": first.location,
            "fields": ", ".join(different),
        }
        tally.error(RowIssue(row.location, "", message))
        return
    report.repeated += 1
    if len(report.duplicates) < DUPLICATE_LIMIT:
        report.duplicates.append({"row": row.location, "repeats": first.location})


def run_save(run: ImportRun, status: str) -> None:
    """Every save of a run is outside its import's transaction: a sign of life."""
    run.status = status
    run.heartbeat_at = timezone.now()
    run.save()


def _finish(run: ImportRun, report: ImportReport) -> ImportReport:
    run.rows, run.created, run.updated = report.rows, report.created, report.updated
    run.unchanged, run.skipped = report.unchanged, report.skipped
    run.report = report.as_dict()
    run.finished_at = timezone.now()
    run.processed = report.rows
    run.error = ""  # a failed preview's error no longer describes this run
    run_save(run, ImportRun.Status.PREVIEWED if report.dry_run else ImportRun.Status.SUCCEEDED)
    report.run_id = run.pk
    run.report["import_id"] = run.pk
    return report


def _finish_unexpected(run: ImportRun, report: ImportReport, error: Exception) -> None:
    """An error no rule foresaw (a bug, a lost database) ends the run failed with its message.
    Its transaction was rolled back, so its report claims nothing created or updated."""
    message = _("%(file)s: unexpected error: %(error)s") % {
        "file": report.file_name,
        "error": " ".join(str(error).split()) or error.__class__.__name__,
    }
    failed = ImportReport(file_name=report.file_name, format=report.format)
    failed.encoding = report.encoding
    try:
        _finish_failed(run, failed, message)
    except DatabaseError:  # the database is gone too: the run is found interrupted later
        logger.exception("%s: the failed import could not be recorded", report.file_name)


def _finish_failed(run: ImportRun, report: ImportReport, message: str) -> ImportReport:
    if not report.errors:
        report.errors = [RowIssue("", "", message)]
    report.written = False
    if not report.dry_run:  # a dry run still shows what the valid rows would do
        report.created = report.updated = report.unchanged = 0
    run.error = message
    run.rows, run.skipped = report.rows, report.skipped
    run.created = run.updated = run.unchanged = 0
    run.report = report.as_dict()
    run.finished_at = timezone.now()
    run_save(run, ImportRun.Status.FAILED)
    report.run_id = run.pk
    return report


def upload_store_dir() -> Path:
    """Uploads wait here, outside the web root, until they are imported or abandoned."""
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def import_run_queued(run_id: int, *, dry_run: bool, skip_invalid: bool) -> None:
    """The worker's side of `_start`: a run still waiting is taken (one worker only, even
    if the task were delivered twice) and run; a run no longer waiting is left alone."""
    now = timezone.now()
    taken = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.QUEUED).update(
        status=ImportRun.Status.RUNNING, heartbeat_at=now, updated_at=now
    )
    if taken:
        run_stored(run_id, dry_run=dry_run, skip_invalid=skip_invalid)


def run_stored(run_id: int, *, dry_run: bool, skip_invalid: bool) -> None:
    run = ImportRun.objects.get(pk=run_id)
    path = upload_store_dir() / run.stored_file
    options = run.options
    try:
        import_file(
            path=path,
            file_name=run.file_name,
            user=run.user,
            format=options.get("format") or "auto",
            encoding=options.get("encoding") or None,
            mapping=options.get("mapping") or None,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            state=options.get("state") or "",
            run=run,
        )
    except Exception as error:  # the page must never wait forever on a crashed import
        message = _("%(file)s: unexpected error: %(error)s") % {
            "file": run.file_name,
            "error": error,
        }
        running = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.RUNNING)
        running.update(status=ImportRun.Status.FAILED, error=message, report={})
        raise
    run.refresh_from_db()
    if run.report.get("written"):
        path.unlink(missing_ok=True)
        ImportRun.objects.filter(pk=run_id).update(stored_file="")
