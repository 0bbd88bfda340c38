"""One national list of themes and affected groups: coordinators merge the entries that
different sources gave different names (the 2014 codes, the 2019 names, UPR Info's issues,
UHRI's themes), and every later import of any source lands on the entry they kept.

`taxonomy_merge` writes (a service); `merge_suggestions` reads (a selector). Nothing merges
without a person's confirmation: suggestions are only shown.
"""

import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from rectrack.accounts.permissions import is_coordinator
from rectrack.audit.models import AuditEntry
from rectrack.audit.services import audit_record, snapshot
from rectrack.core.errors import ApplicationError
from rectrack.core.text import label_key
from rectrack.recommendations.models import (
    AffectedGroup,
    AffectedGroupAlias,
    Recommendation,
    Theme,
    ThemeAlias,
    language_columns,
)

Entry = Theme | AffectedGroup
# How each kind of entry is linked to recommendations, and where its aliases are kept.
KINDS = {
    Theme: ("themes", "theme", ThemeAlias),
    AffectedGroup: ("affected_groups", "group", AffectedGroupAlias),
}
_CODE = re.compile(r"^(?:[-–•*]\s*)?(?:[A-H]\d{1,3}|\d{1,2}(?:\.\d{1,2})*\.?)?\s*")
_LITTLE_WORDS = {"of", "the", "and", "to", "a", "an", "in", "for", "on", "de", "la", "le", "et"}


def alias_entry(model: type[Entry], name: str) -> Entry | None:
    """The entry a merged-away name now stands for, or None."""
    field = KINDS[model][1]
    alias = KINDS[model][2].objects.filter(key=label_key(name)).select_related(field).first()
    return getattr(alias, field) if alias else None


@transaction.atomic
def taxonomy_merge(*, user, source: Entry, target: Entry) -> Entry:
    """Merge `source` into `target`: every recommendation linked to the source is linked to
    the target, the source's names (as imported and in each language) and code become the
    target's aliases so that later imports land on it, and the source goes. Each changed
    recommendation's trail records its new links; coordinators only."""
    if not is_coordinator(user):
        raise ApplicationError(_("Only coordinators merge themes and groups."))
    model = type(target)
    if type(source) is not model or model not in KINDS:
        raise ApplicationError(_("Only two themes or two affected groups can be merged."))
    source = model.objects.select_for_update().get(pk=source.pk)
    target = model.objects.select_for_update().get(pk=target.pk)
    if source.pk == target.pk:
        raise ApplicationError(_("A theme or group cannot be merged into itself."))
    before_target = snapshot(target)
    relation, field, alias_model = KINDS[model]
    _move_links(user=user, model=model, relation=relation, source=source, target=target)
    if model is Theme:
        _move_children(source=source, target=target)
        target.code = target.code or source.code
    _fill_names(source=source, target=target)
    names = source.names() | {alias.name for alias in source.aliases.all()}
    source_label = str(source)
    audit_record(
        user=user,
        action=AuditEntry.Action.DELETE,
        obj=source,
        before={**snapshot(source), "merged_into": str(target)},
    )
    target.save()
    source.aliases.all().delete()
    source.delete()
    known = {label_key(name) for name in target.names()}
    for name in sorted(names):
        if label_key(name) not in known:
            alias_model.objects.update_or_create(
                key=label_key(name), defaults={"name": name, field: target}
            )
    audit_record(
        user=user,
        action=AuditEntry.Action.UPDATE,
        obj=target,
        before={**before_target, "merged_from": None},
        after={**snapshot(target), "merged_from": source_label},
    )
    return target


def _move_links(*, user, model, relation: str, source: Entry, target: Entry) -> None:
    """Link the source's recommendations to the target, recording each one's change."""
    through = getattr(Recommendation, relation).through
    column = through._meta.get_field(model._meta.model_name).attname
    linked = set(through.objects.filter(**{column: source.pk}).values_list("recommendation_id"))
    ids = [pk for (pk,) in linked]
    recommendations = Recommendation.objects.filter(pk__in=ids).prefetch_related(relation)
    before = {r.pk: _links(r, relation) for r in recommendations}
    already = set(
        through.objects.filter(**{column: target.pk, "recommendation_id__in": ids}).values_list(
            "recommendation_id", flat=True
        )
    )
    through.objects.filter(**{column: source.pk, "recommendation_id__in": already}).delete()
    through.objects.filter(**{column: source.pk}).update(**{column: target.pk})
    after_recommendations = Recommendation.objects.filter(pk__in=ids).prefetch_related(relation)
    entries = [
        AuditEntry(
            user=user,
            action=AuditEntry.Action.UPDATE,
            model=Recommendation._meta.label_lower,
            object_id=str(recommendation.pk),
            object_repr=str(recommendation)[:255],
            changes={relation: [before[recommendation.pk], _links(recommendation, relation)]},
        )
        for recommendation in after_recommendations
    ]
    AuditEntry.objects.bulk_create(entries, batch_size=500)


def _links(recommendation: Recommendation, relation: str) -> object:
    """A recommendation's links as its audit trail writes them."""
    return snapshot(recommendation, [relation])[relation]


def _move_children(*, source: Theme, target: Theme) -> None:
    """The source's narrower themes come under the target; a target that stood under the
    source takes the source's place in the tree."""
    ancestor, seen = target.parent, set()
    while ancestor is not None and ancestor.pk not in seen:
        seen.add(ancestor.pk)
        if ancestor.pk == source.pk:
            target.parent = source.parent
            break
        ancestor = ancestor.parent
    Theme.objects.filter(parent=source).exclude(pk=target.pk).update(parent=target)


def _fill_names(*, source: Entry, target: Entry) -> None:
    """A language the target has no name in takes the source's name in it."""
    for column in language_columns("translated_name").values():
        if not getattr(target, column) and getattr(source, column):
            setattr(target, column, getattr(source, column))


@dataclass
class Suggestion:
    """Two entries that look like one: merge `source` into `target` (the more used)."""

    kind: str  # "theme" or "group"
    source: Entry
    target: Entry
    reason: str
    source_count: int
    target_count: int


def merge_suggestions() -> list[Suggestion]:
    """Pairs of themes, and of groups, that are probably one: the same UHRI code, or names
    that are the same once codes, numbering, case, accents, '&' and little words are set
    aside ('A12 Acceptance of international norms', 'Acceptance of international norms')."""
    found: list[Suggestion] = []
    for model, (_relation, kind, _alias) in KINDS.items():
        entries = list(model.objects.annotate(uses=Count("recommendations")).order_by("pk"))
        found += _pairs(kind, entries, key=_name_key, reason=_("same name"))
        if model is Theme:
            coded = [entry for entry in entries if entry.code]
            found += _pairs(kind, coded, key=lambda e: e.code.upper(), reason=_("same code"))
    unique: dict[tuple, Suggestion] = {}
    for suggestion in found:
        unique.setdefault((suggestion.kind, suggestion.source.pk, suggestion.target.pk), suggestion)
    return list(unique.values())


def _pairs(kind: str, entries: list, *, key, reason: str) -> list[Suggestion]:
    groups: dict[str, list] = {}
    for entry in entries:
        for name in entry.names() if key is _name_key else [entry]:
            value = key(name)
            if value:
                groups.setdefault(value, [])
                if entry not in groups[value]:
                    groups[value].append(entry)
    pairs = []
    for members in groups.values():
        if len(members) < 2:
            continue
        target = max(members, key=lambda e: (e.uses, bool(getattr(e, "code", "")), -e.pk))
        for source in members:
            if source.pk != target.pk:
                pairs.append(Suggestion(kind, source, target, reason, source.uses, target.uses))
    return pairs


def _name_key(name: str) -> str:
    words = label_key(_CODE.sub("", name.strip()).replace("&", " and ")).split()
    kept = sorted(word for word in words if word not in _LITTLE_WORDS)
    return " ".join(kept)
