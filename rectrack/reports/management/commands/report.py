from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rectrack.reports.documents import FORMATS, report_document
from rectrack.reports.documents.templates import TEMPLATES
from rectrack.reports.management.options import (
    add_selection_arguments,
    selected_filters,
    selected_user,
)


class Command(BaseCommand):
    help = _(
        "Draft a report (Word or PDF) from a template over the recommendations the user named "
        "sees (all the template's, or filtered as in the list's URL or a saved view), for "
        "scripted monthly reports."
    )

    def add_arguments(self, parser):
        parser.add_argument("--template", required=True, choices=list(TEMPLATES))
        parser.add_argument("--output", "-o", required=True, help=_("File to write."))
        parser.add_argument("--format", choices=list(FORMATS), help=_("Default: by extension."))
        add_selection_arguments(parser, user_help=_("Report what this user may see."))

    def handle(self, *args, **options):
        output = Path(options["output"])
        format = options["format"] or output.suffix.lstrip(".").lower()
        if format not in FORMATS:
            raise CommandError(
                _("%(file)s: say --format (docx or pdf).") % {"file": output}, returncode=2
            )
        user = selected_user(options["user"])
        chosen = options["filters"] or options["saved_view"]
        filters = (
            selected_filters(user, filters=options["filters"], saved_view=options["saved_view"])
            if chosen
            else None
        )
        report = report_document(
            user=user,
            template=TEMPLATES[options["template"]],
            format=format,
            language=options["language"],
            filters=filters,
        )
        output.write_bytes(report.content)
        template = TEMPLATES[options["template"]]
        message = ngettext(
            "%(title)s: %(count)d recommendation written to %(file)s.",
            "%(title)s: %(count)d recommendations written to %(file)s.",
            report.recommendations,
        )
        self.stdout.write(
            message % {"title": template.title, "count": report.recommendations, "file": output}
        )
