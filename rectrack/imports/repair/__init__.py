"""Mending what imports of earlier versions stored, with the rules imports now follow
(`rectrack repair`): SDGs written among the themes become SDG links, HTML entities and
markup in texts and names are decoded (a State stored as "C&ocirc;te d&#39;Ivoire" is merged
into "Côte d'Ivoire"), UPR documents without a date are dated from the session calendar and
recommendations without a date take their document's.

One transaction; every change enters the audit trail; a second run finds nothing to do.
"""

from django.db import transaction

from rectrack.imports.repair.dates import documents_date, recommendations_date
from rectrack.imports.repair.report import RepairReport
from rectrack.imports.repair.sdgs import sdg_themes_to_links
from rectrack.imports.repair.texts import decode_entries, decode_states, decode_texts
from rectrack.recommendations.models import AffectedGroup, Theme

__all__ = ["RepairReport", "stored_data_repair"]


def stored_data_repair(*, user=None, dry_run: bool = False) -> RepairReport:
    """Apply the import rules of this version to what earlier imports stored, in one
    transaction; a dry run makes the same changes and rolls them back, so its report is
    exact. Each step changes only what still needs it, so a second run changes nothing."""
    report = RepairReport(dry_run=dry_run)
    with transaction.atomic():
        decode_texts(report, user=user)
        for model in (Theme, AffectedGroup):
            decode_entries(report, user=user, model=model)
        decode_states(report, user=user)
        sdg_themes_to_links(report, user=user)
        documents_date(report, user=user)
        recommendations_date(report, user=user)
        if dry_run:
            transaction.set_rollback(True)
    return report
