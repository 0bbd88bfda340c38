import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import formats
from django.utils.translation import gettext as _

from rectrack.imports.services import import_runs_mark_interrupted
from rectrack.imports.uhri_sync import SyncError, SyncReport, uhri_sync


class Command(BaseCommand):
    help = _(
        "Download UHRI's public full export and import one State's recommendations: created, "
        "updated and unchanged, and what changed since the last sync. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--state",
            required=True,
            metavar="CODE",
            help=_(
                "The State under review: its ISO code as recorded on the State, or its name "
                "(for example Slovenia)."
            ),
        )
        parser.add_argument(
            "--url",
            default="",
            help=_("Where to download the export (default: RECTRACK_UHRI_EXPORT_URL)."),
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Show what would change; write nothing.")
        )

    def handle(self, *args, state, url, dry_run, **options):
        for run in import_runs_mark_interrupted():
            self.stderr.write(run.error)
        try:
            sync = uhri_sync(state=state, url=url, dry_run=dry_run)
        except SyncError as error:
            raise CommandError(error.message) from None
        self._print(sync)
        report = sync.report
        if not (report.written or (dry_run and not report.errors)):
            sys.exit(1)

    def _print(self, sync: SyncReport) -> None:
        report = sync.report
        self.stdout.write(
            _("%(url)s: %(size)s MB downloaded; %(state)s: %(rows)s records.")
            % {
                "url": sync.url,
                "size": formats.number_format(sync.downloaded / 1048576, 1),
                "state": sync.state,
                "rows": report.rows,
            }
        )
        for issue in report.errors[:50]:
            where = ", ".join(part for part in (issue.location, issue.column) if part)
            self.stderr.write(
                f"{report.file_name}: {where}: {issue.message}" if where else issue.message
            )
        if report.errors and not report.written and not report.dry_run:
            self.stdout.write(_("Nothing imported."))
            return
        counts = (
            _("%(created)s would be created, %(updated)s updated, %(unchanged)s unchanged.")
            if report.dry_run
            else _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
        )
        self.stdout.write(counts % report.as_dict())
        self._print_since(sync)

    def _print_since(self, sync: SyncReport) -> None:
        report = sync.report
        previous = sync.previous
        if previous is None:
            self.stdout.write(
                _("First sync of %(state)s from this address.") % {"state": sync.state}
            )
            return
        when = formats.date_format(previous.finished_at, "DATETIME_FORMAT")
        if not (report.created or report.updated):
            self.stdout.write(
                (
                    _("Nothing changed since the last sync (%(when)s): the same export.")
                    if sync.same_file
                    else _("Nothing changed for %(state)s since the last sync (%(when)s).")
                )
                % {"when": when, "state": sync.state}
            )
            return
        self.stdout.write(
            _("Since the last sync (%(when)s): %(created)s new, %(updated)s changed.")
            % {"when": when, "created": report.created, "updated": report.updated}
        )
        for change in sync.changes[:50]:
            self.stdout.write(
                f"  {change['row']} {change['reference']}: {change['field']}: "
                f"{change['old']!r} -> {change['new']!r}"
            )
        if len(sync.changes) > 50:
            self.stdout.write(_("... and %(n)s more changes.") % {"n": len(sync.changes) - 50})
