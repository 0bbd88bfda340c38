from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict
from django.utils.translation import gettext as _

from rectrack.accounts.models import User
from rectrack.recommendations.forms import RecommendationFilterForm
from rectrack.reports.exports import FORMATS, SHEETS_BY, recommendations_export


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
        parser.add_argument(
            "--filters", default="", help=_("The list's filters, as in its URL: mechanism=UPR&q=…")
        )
        parser.add_argument("--saved-view", help=_("A saved view of the user, by name."))
        parser.add_argument("--user", required=True, help=_("Export what this user may see."))
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help=_("Of the headers and statuses."),
        )

    def handle(self, *args, **options):
        output = Path(options["output"])
        format = options["format"] or output.suffix.lstrip(".").lower()
        if format not in FORMATS:
            raise CommandError(
                _("%(file)s: say --format (xlsx, csv or json).") % {"file": output}, returncode=2
            )
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(_("No active user %(name)r.") % {"name": options["user"]})
        query = options["filters"]
        if options["saved_view"]:
            view = user.saved_views.filter(name=options["saved_view"]).first()
            if view is None:
                raise CommandError(
                    _("%(user)s has no saved view %(name)r.")
                    % {"user": user.username, "name": options["saved_view"]}
                )
            query = view.query_string
        form = RecommendationFilterForm(QueryDict(query))
        if not form.is_valid():
            problems = "; ".join(
                f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()
            )
            raise CommandError(_("Invalid filters: %(problems)s") % {"problems": problems})
        exported = recommendations_export(
            user=user,
            filters=form.to_filters(),
            format=format,
            sheets_by=options["sheets"] or "",
            language=options["language"],
        )
        output.write_bytes(exported.content)
        self.stdout.write(
            _("%(rows)d recommendations written to %(file)s.")
            % {"rows": exported.rows, "file": output}
        )
