from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rectrack.reports.exports import FORMATS, SHEETS_BY, recommendations_export
from rectrack.reports.management.options import (
    add_selection_arguments,
    selected_filters,
    selected_user,
)


class Command(BaseCommand):
    help = _(
        "Export recommendations (all, or filtered as in the list's URL or a saved view) to "
        "Excel, CSV or JSON, as the user named sees them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", required=True, help=_("File to write."))
        parser.add_argument("--format", choices=list(FORMATS), help=_("Default: by extension."))
        parser.add_argument(
            "--sheets",
            choices=SHEETS_BY,
            help=_("For an Excel file: one sheet per cluster or per theme."),
        )
        add_selection_arguments(parser, user_help=_("Export what this user may see."))

    def handle(self, *args, **options):
        output = Path(options["output"])
        format = options["format"] or output.suffix.lstrip(".").lower()
        if format not in FORMATS:
            raise CommandError(
                _("%(file)s: say --format (xlsx, csv or json).") % {"file": output}, returncode=2
            )
        user = selected_user(options["user"])
        filters = selected_filters(
            user, filters=options["filters"], saved_view=options["saved_view"]
        )
        exported = recommendations_export(
            user=user,
            filters=filters,
            format=format,
            sheets_by=options["sheets"] or "",
            language=options["language"],
        )
        output.write_bytes(exported.content)
        self.stdout.write(
            _("%(rows)d recommendations written to %(file)s.")
            % {"rows": exported.rows, "file": output}
        )
