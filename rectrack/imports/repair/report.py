"""What a repair changed, and the audit trail of its changes."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.utils import translation

from rectrack.audit.models import AuditEntry
from rectrack.audit.services import diff
from rectrack.recommendations.models import Recommendation

SAMPLES = 5
# The fixes a repair counts, in the order it makes them.
FIXES = (
    "sdg_links",
    "themes_deleted",
    "texts_decoded",
    "names_decoded",
    "entries_merged",
    "states_renamed",
    "states_merged",
    "documents_dated",
    "recommendations_dated",
)


@dataclass
class RepairReport:
    """What a repair changed (or, in a dry run, would change), fix by fix, with a few
    samples of each; and what it left as it was and why (`kept`, `unknown_sdgs`,
    `undated`), which is no change and so found again by every run."""

    dry_run: bool = False
    sdg_links: int = 0  # recommendations whose SDG-coded themes became SDG links
    themes_deleted: int = 0
    texts_decoded: int = 0  # recommendations' texts and headings, documents' titles
    names_decoded: int = 0  # themes and affected groups renamed
    entries_merged: int = 0  # themes and affected groups merged into their decoded twin
    states_renamed: int = 0
    states_merged: int = 0
    documents_dated: int = 0
    recommendations_dated: int = 0
    samples: dict[str, list[str]] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)
    unknown_sdgs: list[str] = field(default_factory=list)
    undated: list[str] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return sum(getattr(self, fix) for fix in FIXES)

    def count(self, fix: str, sample: str, number: int = 1) -> None:
        setattr(self, fix, getattr(self, fix) + number)
        shown = self.samples.setdefault(fix, [])
        if len(shown) < SAMPLES:
            shown.append(sample)


def audit_updates(user, changed: list[tuple[models.Model, dict, dict]]) -> None:
    """One update entry per changed object, as audit_record writes them, in bulk: a State
    merged away may have recommended thousands of recommendations."""
    entries = []
    with translation.override(settings.LANGUAGE_CODE):
        for obj, before, after in changed:
            changes = diff(before, after)
            if changes:
                entries.append(
                    AuditEntry(
                        user=user if getattr(user, "is_authenticated", False) else None,
                        action=AuditEntry.Action.UPDATE,
                        model=obj._meta.label_lower,
                        object_id=str(obj.pk),
                        object_repr=str(obj)[:255],
                        changes=changes,
                    )
                )
    AuditEntry.objects.bulk_create(entries, batch_size=500)


def recommendations_of(ids) -> models.QuerySet:
    """These recommendations with what their labels in the audit trail read."""
    return Recommendation.objects.filter(pk__in=ids).select_related(
        "document__mechanism", "document__country"
    )
