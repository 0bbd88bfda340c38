import codecs
import json
import logging
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rectrack.imports.parsers import parsers
from rectrack.imports.parsers.base import FileError
from rectrack.imports.reviews import state_resolve
from rectrack.imports.services import ImportReport, import_file, import_runs_mark_interrupted

logger = logging.getLogger(__name__)


def parse_mapping(values: list[str]) -> dict[str, str]:
    """--map text=Recommendation,reference=No. (repeatable) -> {"text": "Recommendation", ...}."""
    mapping: dict[str, str] = {}
    for value in values:
        for pair in value.split(","):
            if not pair.strip():
                continue
            field, sep, column = pair.partition("=")
            if not sep or not field.strip() or not column.strip():
                raise CommandError(
                    _("--map takes field=Column pairs, not %(pair)r.") % {"pair": pair},
                    returncode=2,
                )
            mapping[field.strip()] = column.strip()
    return mapping


class Command(BaseCommand):
    help = _(
        "Import recommendations from UHRI exports, OHCHR thematic lists, UPR Info exports or any "
        "spreadsheet. Each file is one transaction; re-importing never duplicates."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--format", default="auto", choices=["auto", *parsers()])
        parser.add_argument("--encoding", default=None, help=_("Text encoding of CSV files."))
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            dest="mapping",
            help=_("Column mapping for --format table: text=Column,..."),
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Show what would change; write nothing.")
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help=_("Import the valid rows and skip rows with errors."),
        )
        parser.add_argument(
            "--state",
            default="",
            metavar="CODE",
            help=_(
                "Import only the rows of this State under review: its ISO code as recorded on "
                "the State, or its name (for example Slovenia)."
            ),
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help=_("Print one JSON object per file.")
        )

    def handle(
        self,
        *args,
        paths,
        format,
        encoding,
        mapping,
        dry_run,
        skip_invalid,
        state,
        as_json,
        **options,
    ):
        mapping = parse_mapping(mapping) or None
        try:
            state_resolve(state)
        except FileError as error:
            raise CommandError(str(error), returncode=2) from None
        if encoding:
            try:
                codecs.lookup(encoding)
            except LookupError:
                raise CommandError(
                    _("unknown encoding %(name)r.") % {"name": encoding}, returncode=2
                ) from None
        for run in import_runs_mark_interrupted():
            self.stderr.write(run.error)
        failed = False
        for path in paths:
            file = Path(path)
            try:  # read as a stream by the import, in bounded memory, whatever its size
                with file.open("rb"):
                    pass
            except OSError as error:
                raise CommandError(f"{path}: {error.strerror}.", returncode=2) from None
            progress = self._progress(file.name) if not as_json and sys.stderr.isatty() else None
            try:
                report = import_file(
                    path=file,
                    file_name=file.name,
                    format=format,
                    encoding=encoding,
                    mapping=mapping,
                    dry_run=dry_run,
                    skip_invalid=skip_invalid,
                    state=state,
                    progress=progress,
                )
            except Exception as error:  # its run is recorded failed; the next file goes on
                logger.exception("%s: unexpected error", file.name)
                message = _("%(file)s: unexpected error: %(error)s") % {
                    "file": file.name,
                    "error": error,
                }
                self.stderr.write(message)
                if as_json:
                    issue = {"row": "", "column": "", "message": message}
                    line = {"file": file.name, "written": False, "errors": [issue]}
                    self.stdout.write(json.dumps(line, ensure_ascii=False))
                failed = True
                continue
            failed = failed or not (report.written or (dry_run and not report.errors))
            if as_json:
                self.stdout.write(json.dumps(_json(report), ensure_ascii=False))
            else:
                self._print(report)
        if failed:
            sys.exit(1)

    def _progress(self, name: str):
        def show(done: int, total: int) -> None:
            width = 30
            filled = width * done // max(total, 1)
            sys.stderr.write(f"\r{name} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
            if done >= total:
                sys.stderr.write("\n")
            sys.stderr.flush()

        return show

    def _print(self, report: ImportReport) -> None:
        if report.errors and not report.dry_run and not report.written:
            self.stdout.write(
                _("%(file)s: nothing imported (%(count)s errors).")
                % {"file": report.file_name, "count": max(len(report.errors), report.skipped)}
            )
        else:
            self._print_counts(report)
        self._print_details(report)

    def _print_counts(self, report: ImportReport) -> None:
        counts = (
            _(
                "%(file)s (%(format)s): %(rows)s rows; %(created)s would be created, "
                "%(updated)s updated, %(unchanged)s unchanged, %(skipped)s skipped."
            )
            if report.dry_run
            else _(
                "%(file)s (%(format)s): %(rows)s rows; %(created)s were created, %(updated)s "
                "updated, %(unchanged)s unchanged, %(skipped)s skipped."
            )
        )
        self.stdout.write(counts % {**report.as_dict(), "file": report.file_name})

    def _print_details(self, report: ImportReport) -> None:
        if report.repeated:
            repeats = "; ".join(
                _("%(row)s repeats %(first)s") % {"row": item["row"], "first": item["repeats"]}
                for item in report.duplicates[:10]
            ) + (" ..." if report.repeated > 10 else "")
            self.stdout.write(
                "  "
                + ngettext(
                    "%(count)s row repeats an earlier row exactly (one recommendation): %(rows)s",
                    "%(count)s rows repeat earlier rows exactly (one recommendation each): "
                    "%(rows)s",
                    report.repeated,
                )
                % {"count": report.repeated, "rows": repeats}
            )
        if report.state:
            self.stdout.write(
                "  "
                + _("only %(state)s: %(left_out)s rows of other States left out.")
                % {"state": report.state, "left_out": report.left_out}
            )
        for review in report.superseded:
            self.stdout.write(
                "  "
                + (
                    _(
                        "would supersede %(document)s: its %(count)s recommendations would be "
                        "hidden by default (list them with superseded reviews included)."
                    )
                    if report.dry_run
                    else _(
                        "superseded %(document)s: its %(count)s recommendations are now hidden "
                        "by default (list them with superseded reviews included)."
                    )
                )
                % {"document": review["document"], "count": review["recommendations"]}
            )
        if report.by_position:
            self.stdout.write("  " + ", ".join(f"{k}: {v}" for k, v in report.by_position.items()))
        for kind, names in report.new_entries.items():
            self.stdout.write(
                f"  new {kind} ({len(names)}): "
                + "; ".join(names[:10])
                + (" ..." if len(names) > 10 else "")
            )
        for change in report.changes[:20]:
            self.stdout.write(
                f"  {change['row']}: {change['field']}: {change['old']!r} -> {change['new']!r}"
            )
        for issue in report.errors[:50]:
            where = ", ".join(part for part in (issue.location, issue.column) if part)
            if where:
                self.stderr.write(f"{report.file_name}: {where}: {issue.message}")
            else:  # a whole-file error already names the file
                self.stderr.write(issue.message)
        more = max(len(report.errors), report.skipped) - 50
        if more > 0:
            self.stderr.write(_("... and %(n)s more errors.") % {"n": more})


def _json(report: ImportReport) -> dict:
    data = report.as_dict()
    keys = ["format", "rows", "created", "updated", "unchanged", "skipped", "errors", "by_position"]
    result = {"file": data["file"], **{key: data[key] for key in keys}}
    result.update(
        dry_run=report.dry_run,
        written=report.written,
        import_id=report.run_id,
        new=data["new"],
        changes=data["changes"],
        state=data["state"],
        left_out=data["left_out"],
        superseded=data["superseded"],
        repeated=data["repeated"],
        duplicates=data["duplicates"],
    )
    return result
