import codecs
import json
import logging
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rectrack.accounts.models import User
from rectrack.imports.models import ColumnMapping
from rectrack.imports.parsers import parsers
from rectrack.imports.parsers.base import FileError
from rectrack.imports.parsers.table import FIXABLE, FIXED_PREFIX
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


def parse_fixed(values: list[str]) -> dict[str, str]:
    """--set mechanism=CAT --set "document_title=Report, 2024" (one pair each: a value may hold
    commas) -> {"fixed:mechanism": "CAT", ...}, parsers.table's keys for fixed values."""
    fixed: dict[str, str] = {}
    for value in values:
        name, sep, fixed_value = value.partition("=")
        if not sep or not name.strip() or not fixed_value.strip():
            raise CommandError(
                _("--set takes one field=value pair, not %(pair)r.") % {"pair": value},
                returncode=2,
            )
        name = name.strip()
        if name not in FIXABLE:
            raise CommandError(
                _(
                    "--set: no fixed value can be given for %(field)s; fixed values are for "
                    "%(fields)s."
                )
                % {"field": name, "fields": ", ".join(FIXABLE)},
                returncode=2,
            )
        fixed[f"{FIXED_PREFIX}{name}"] = fixed_value.strip()
    return fixed


def column_mapping_named(name: str) -> dict[str, str]:
    """--mapping NAME: a column mapping saved on the web, with its fixed values."""
    found = ColumnMapping.objects.filter(name=name.strip()).first()
    if found is None:
        names = ", ".join(ColumnMapping.objects.values_list("name", flat=True)) or _("none")
        raise CommandError(
            _("no saved column mapping is named %(name)r; saved: %(names)s.")
            % {"name": name, "names": names},
            returncode=2,
        )
    return dict(found.mapping)


def importing_user(username: str):
    """--user NAME: who imports, recorded on the run; assigning institutions needs a
    coordinator."""
    if not username:
        return None
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(
            _("no active user is named %(name)r.") % {"name": username}, returncode=2
        )
    return user


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
            "--set",
            action="append",
            default=[],
            dest="fixed",
            metavar="FIELD=VALUE",
            help=_(
                "A value for every row of a --format table file, used where its cell is empty "
                "or not mapped: mechanism=CAT, country=Valdoria, document=CAT/C/VAL/CO/1, "
                "date=2024-05-01, type=observation... (repeatable)."
            ),
        )
        parser.add_argument(
            "--mapping",
            default="",
            dest="saved_mapping",
            metavar="NAME",
            help=_(
                "A column mapping saved on the web, with its fixed values; --map and --set "
                "add to it."
            ),
        )
        parser.add_argument(
            "--user",
            default="",
            metavar="USERNAME",
            help=_(
                "Who imports (recorded on the import); a coordinator, to assign the lead and "
                "supporting institutions a mapping names."
            ),
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
        fixed,
        saved_mapping: str,
        user: str,
        dry_run,
        skip_invalid,
        state,
        as_json,
        **options,
    ):
        base = column_mapping_named(saved_mapping) if saved_mapping else {}
        mapping = {**base, **parse_mapping(mapping), **parse_fixed(fixed)} or None
        importer = importing_user(user)
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
                    user=importer,
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
        self._print_institutions(report)
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

    def _print_institutions(self, report: ImportReport) -> None:
        """What a mapping's lead and supporting institutions did (imports.assignments)."""
        found = report.institutions
        if not found:
            return
        if found.get("matched") or found.get("unknown"):
            self.stdout.write(
                "  "
                + (
                    _("institutions: %(count)s assignments would be made (%(names)s).")
                    if report.dry_run
                    else _("institutions: %(count)s assignments made (%(names)s).")
                )
                % {
                    "count": found.get("assigned", 0),
                    "names": "; ".join(f"{name}: {n}" for name, n in found["matched"].items())
                    or "-",
                }
            )
        for name, entry in found.get("unknown", {}).items():
            self.stdout.write(
                "  "
                + _("unknown institution %(name)r, not created nor assigned: %(rows)s")
                % {"name": name, "rows": ", ".join(entry["rows"])}
            )
        for kept in found.get("leads_kept", []):
            self.stdout.write(
                "  "
                + _("%(row)s: lead %(kept)s kept (the file names %(given)s)")
                % {"row": kept["row"], "kept": kept["kept"], "given": kept["given"]}
            )


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
        institutions=data["institutions"],
    )
    return result
