"""Writing resolved rows: new recommendations and their links in bulk; existing ones updated
field by field where the source says something new. Nothing the source does not mention is
erased, and implementation data attached to a recommendation is never touched."""

from django.db.models import Max
from django.utils import timezone

from rectrack.audit.models import AuditEntry
from rectrack.core.bulk import insert_objects, insert_rows
from rectrack.imports import assignments
from rectrack.imports.matching import LINK_COLUMNS, LINK_FIELDS, ResolvedRow
from rectrack.imports.models import ImportRun
from rectrack.recommendations import linked, search
from rectrack.recommendations.models import Recommendation

BATCH = 1000
# Source fields a re-import may change, when the source gives a value for them.
SOURCE_FIELDS = (
    "text",
    "reference",
    "heading",
    "position",
    "type",
    "date",
    "action_category",
    "uhri_annotation_id",
)


def _source_values(item: ResolvedRow) -> dict:
    row = item.row
    return {
        "text": row.text.strip(),
        "reference": row.reference.strip(),
        "heading": row.heading.strip(),
        "position": row.position,
        "type": row.type,
        "date": row.document_date or item.document.date,
        "action_category": _action_category(row.extra.get("upr_info_action", "")),
        "uhri_annotation_id": row.uhri_annotation_id or None,
    }


def _action_category(value: str) -> int | None:
    return int(value) if value in {"1", "2", "3", "4", "5"} else None


def write_rows(
    resolved: list[ResolvedRow], *, run: ImportRun, changes: list[dict], change_limit: int
) -> tuple[int, int, int]:
    """Create, update or leave each row; returns (created, updated, unchanged)."""
    new = [item for item in resolved if item.existing is None]
    _create(new, run=run)
    updated = unchanged = 0
    to_update: list[Recommendation] = []
    now = timezone.now()
    links: dict[str, list] = {name: [] for name in LINK_FIELDS}
    for item in resolved:
        if item.existing is None:
            continue
        item_changes = _update(item, links)
        item.changes = item_changes
        if item_changes:
            item.outcome = "updated"
            item.existing.import_run = run
            item.existing.source_location = item.row.location[:100]
            item.existing.updated_at = now
            to_update.append(item.existing)
            updated += 1
            room = change_limit - len(changes)
            changes.extend(item_changes[: max(room, 0)])
        else:
            item.outcome = "unchanged"
            unchanged += 1
    fields = [*SOURCE_FIELDS, "reference_key", "import_run", "source_location", "updated_at"]
    Recommendation.objects.bulk_update(to_update, fields, batch_size=BATCH)
    _link(links)
    _audit(new, [item for item in resolved if item.outcome == "updated"], run=run)
    _absorb([item for item in resolved if item.absorbed], run=run)
    assignments.assignments_write(resolved, run=run)  # a mapped file's lead and supporting
    return len(new), updated, unchanged


def has_follow_up(recommendation: Recommendation) -> bool:
    """Whether anything but its source's facts hangs on a recommendation: assignments,
    actions, progress updates, comments, clusters ... any row of another table."""
    for relation in Recommendation._meta.related_objects:
        accessor = relation.get_accessor_name()
        if accessor and getattr(recommendation, accessor).exists():
            return True
    return recommendation.clusters.exists()


def _absorb(items: list[ResolvedRow], *, run: ImportRun) -> None:
    """The same recommendation held twice (UPR Info's rows of a joint recommendation, each
    imported as one, then the official list's joint one): each extra copy that nothing else
    hangs on gives its links to the match and goes, audited; one with follow-up stays, and
    the report says so."""
    entries = []
    at = timezone.now()
    for item in items:
        kept = item.existing
        for twin in item.absorbed:
            if has_follow_up(twin):
                item.kept_twice.append(twin)
                continue
            links = {
                name: [(kept.pk, pk) for pk in getattr(twin, name).values_list("pk", flat=True)]
                for name in LINK_FIELDS
            }
            _link(links)
            label = f"{twin.document} {twin.reference}".strip()[:255]
            merged = {"merged into": [None, f"{kept.document} {kept.reference} (#{kept.pk})"]}
            entries.append(
                (
                    at,
                    run.user_id,
                    AuditEntry.Action.DELETE.value,
                    "recommendations.recommendation",
                    str(twin.pk),
                    label,
                    {**merged, "import": [None, run.file_name]},
                )
            )
            twin.delete()
    if entries:
        columns = ("at", "user_id", "action", "model", "object_id", "object_repr", "changes")
        insert_rows(AuditEntry, columns, entries)


def _audit(created: list[ResolvedRow], updated: list[ResolvedRow], *, run: ImportRun) -> None:
    """Imports enter the audit trail like any other change, one entry per recommendation,
    written in bulk. A document's label is worked out once, not once per row: thousands of
    rows share a handful of documents."""
    labels: dict[int, str] = {}
    at = timezone.now()

    def entry(recommendation, action: str, changes: dict) -> tuple:
        document = labels.get(recommendation.document_id)
        if document is None:
            document = labels[recommendation.document_id] = str(recommendation.document)
        return (
            at,
            run.user_id,
            action,
            "recommendations.recommendation",
            str(recommendation.pk),
            f"{document} {recommendation.reference}".strip()[:255],
            changes,
        )

    entries = [
        entry(
            item.created,
            AuditEntry.Action.CREATE.value,
            {"import": [None, f"{run.file_name}, {item.row.location}"]},
        )
        for item in created
    ]
    for item in updated:
        changes = {change["field"]: [change["old"], change["new"]] for change in item.changes}
        entries.append(entry(item.existing, AuditEntry.Action.UPDATE.value, changes))
    columns = ("at", "user_id", "action", "model", "object_id", "object_repr", "changes")
    insert_rows(AuditEntry, columns, entries)


def _create(new: list[ResolvedRow], *, run: ImportRun) -> None:
    objects = []
    for item in new:
        values = _source_values(item)
        values["type"] = values["type"] or Recommendation.Type.RECOMMENDATION
        values.update(  # as the link tables' triggers would keep them (see _link)
            linked.values_for(
                themes=item.links["themes"],
                sdg_goals=item.links["sdg_goals"],
                sdg_targets=item.links["sdg_targets"],
            )
        )
        objects.append(
            Recommendation(
                document=item.document,
                import_run=run,
                source_location=item.row.location[:100],
                **values,
            )
        )
        item.outcome = "created"
    _insert(objects, run=run)
    links: dict[str, list] = {name: [] for name in LINK_FIELDS}
    for item, recommendation in zip(new, objects, strict=True):
        item.created = recommendation
        for name in LINK_FIELDS:
            links[name].extend((recommendation.pk, target.pk) for target in item.links[name])
    _link(links, new=True)


def _insert(objects: list[Recommendation], *, run: ImportRun) -> None:
    """Insert the new recommendations and give each its id. The rows this run inserts are
    the only ones that carry its id and are newer than the newest before, and both
    databases number them in the order they are inserted."""
    newest = Recommendation.objects.aggregate(newest=Max("pk"))["newest"] or 0
    with search.deferred_indexing():
        insert_objects(objects)
    ids = list(
        Recommendation.objects.filter(import_run=run, pk__gt=newest)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if len(ids) != len(objects):  # never expected: refuse rather than link the wrong rows
        raise RuntimeError(f"inserted {len(objects)} recommendations but found {len(ids)}")
    for recommendation, pk in zip(objects, ids, strict=True):
        recommendation.pk = pk
        recommendation._state.adding = False
        recommendation._state.db = "default"


def _update(item: ResolvedRow, links: dict[str, list]) -> list[dict]:
    """Apply what the source says anew; collect the changes as (field, old, new)."""
    recommendation = item.existing
    found = []
    for name, value in _source_values(item).items():
        old = getattr(recommendation, name)
        if value in ("", None) or value == old:
            continue
        if item.held_from and old not in ("", None):
            continue  # held from another source: enriched, never rewritten
        setattr(recommendation, name, value)
        found.append(
            {
                "row": item.row.location,
                "reference": recommendation.reference,
                "field": name,
                "old": _shown(old),
                "new": _shown(value),
            }
        )
    for name in LINK_FIELDS:
        have = item.existing_links.get(name, set())
        added = [obj for obj in item.links[name] if obj.pk not in have]
        if added:
            links[name].extend((recommendation.pk, obj.pk) for obj in added)
            found.append(
                {
                    "row": item.row.location,
                    "reference": recommendation.reference,
                    "field": name,
                    "old": "",
                    "new": ", ".join(str(obj) for obj in added),
                }
            )
    return found


def _shown(value) -> str:
    return "" if value is None else str(value)


def _link(links: dict[str, list], *, new: bool = False) -> None:
    """Insert (recommendation id, other id) pairs into the link tables; a pair already there
    is left alone. Links of recommendations created in this import (`new`) cannot be there
    yet (each row's links are distinct), so they go in as plain inserts."""
    # The links kept on each recommendation are refreshed in one statement (new ones were
    # inserted with theirs).
    linking = () if new else {pk for pairs in links.values() for pk, _other in pairs}
    with linked.deferred(linking):
        for name, pairs in links.items():
            if pairs:
                through = getattr(Recommendation, name).through
                columns = ("recommendation_id", LINK_COLUMNS[name])
                insert_rows(through, columns, pairs, ignore_conflicts=not new)
