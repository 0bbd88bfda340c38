from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rectrack.imports.repair import RepairReport, stored_data_repair

# Each fix as the command names it, in the order the repair makes them.
FIX_LABELS = {
    "sdg_links": gettext_lazy("Recommendations given SDG links in place of SDG-coded themes"),
    "themes_deleted": gettext_lazy("SDG-coded themes deleted"),
    "texts_decoded": gettext_lazy("Texts, headings and titles decoded"),
    "names_decoded": gettext_lazy("Themes and affected groups renamed"),
    "entries_merged": gettext_lazy("Themes and affected groups merged into their twin"),
    "states_renamed": gettext_lazy("States renamed"),
    "states_merged": gettext_lazy("States merged into their twin"),
    "documents_dated": gettext_lazy("UPR documents dated from the session calendar"),
    "recommendations_dated": gettext_lazy("Recommendations given their document's date"),
}


class Command(BaseCommand):
    help = _(
        "Mend what imports of earlier versions stored: SDGs written among the themes become "
        "SDG links, HTML entities in texts and names are decoded (States spelled twice are "
        "merged), UPR documents and their recommendations without a date are dated. Audited; "
        "a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Show what would change; write nothing.")
        )

    def handle(self, *args, dry_run: bool, **options):
        report = stored_data_repair(dry_run=dry_run)
        self.stdout.write("\n".join(report_lines(report)))


def report_lines(report: RepairReport) -> list[str]:
    """The report in plain words: each fix's count and a few of its changes, then what was
    left as it was and why."""
    if not report.changes:
        lines = [_("Nothing to repair: the stored data already follows the import rules.")]
    elif report.dry_run:
        lines = [_("Dry run: nothing was written. A repair would make these changes:")]
    else:
        lines = [_("Repaired the stored data:")]
    for fix, label in FIX_LABELS.items():
        count = getattr(report, fix)
        if count:
            lines.append(f"{label}: {count}")
            lines.extend(f"  - {sample}" for sample in report.samples.get(fix, []))
    left = [
        (_("Left as they are"), report.kept),
        (_("SDG codes that name no SDG (not linked)"), report.unknown_sdgs),
        (_("UPR documents the calendar cannot date"), report.undated),
    ]
    for label, items in left:
        if items:
            lines.append(f"{label}: {len(items)}")
            lines.extend(f"  - {item}" for item in items[:10])
    return lines
