"""Merging an entry (a State, a theme, an affected group) into its twin: everything that
points at it is pointed at the twin, audited."""

from django.db import models
from django.http import QueryDict

from rectrack.audit.models import AuditEntry
from rectrack.audit.services import audit_record, snapshot
from rectrack.imports.repair.report import audit_updates, recommendations_of
from rectrack.recommendations.models import (
    AffectedGroup,
    Recommendation,
    SavedView,
    Theme,
    language_columns,
)

# The list's filter that names each kind of entry in a saved view's query string.
SAVED_VIEW_FILTERS = {Theme: "theme", AffectedGroup: "group"}


def merge_into_twin(*, user, source: models.Model, target: models.Model) -> None:
    """Everything pointing at `source` points at `target` (found through the model's
    relations, so a link added to the model later moves too), the target takes what it
    lacks of the source's code and names, and the source goes. Both are audited, and each
    object whose link moved."""
    before_source, before_target = snapshot(source), snapshot(target)
    for relation in type(source)._meta.related_objects:
        if relation.many_to_many:
            _move_many(user=user, relation=relation, source=source, target=target)
        else:
            _move_foreign_keys(user=user, relation=relation, source=source, target=target)
    for column in ("code", "iso_code", *language_columns("translated_name").values()):
        if hasattr(target, column) and not getattr(target, column) and getattr(source, column):
            setattr(target, column, getattr(source, column))
    _move_saved_views(user=user, source=source, target=target)
    label = str(source)
    audit_record(
        user=user,
        action=AuditEntry.Action.DELETE,
        obj=source,
        before={**before_source, "merged_into": str(target)},
    )
    source.delete()
    target.save()
    audit_record(
        user=user,
        action=AuditEntry.Action.UPDATE,
        obj=target,
        before={**before_target, "merged_from": None},
        after={**snapshot(target), "merged_from": label},
    )


def _move_many(*, user, relation, source, target) -> None:
    """A many-to-many link (recommending States, themes ...): each object linked to the
    source is linked to the target, once."""
    through = relation.through
    own = relation.field.m2m_field_name() + "_id"
    other = relation.field.m2m_reverse_field_name() + "_id"
    name = relation.field.name
    ids = list(through.objects.filter(**{other: source.pk}).values_list(own, flat=True))
    if not ids:
        return
    owners = relation.related_model.objects.filter(pk__in=ids).prefetch_related(name)
    if relation.related_model is Recommendation:
        owners = recommendations_of(ids).prefetch_related(name)
    before = {owner.pk: snapshot(owner, [name]) for owner in owners}
    both = through.objects.filter(**{other: target.pk, f"{own}__in": ids}).values(own)
    through.objects.filter(**{other: source.pk, f"{own}__in": both}).delete()
    through.objects.filter(**{other: source.pk}).update(**{other: target.pk})
    after = owners.all()  # read afresh
    audit_updates(user, [(owner, before[owner.pk], snapshot(owner, [name])) for owner in after])


def _move_foreign_keys(*, user, relation, source, target) -> None:
    """A foreign key (a document's State under review, a narrower theme's broader one, an
    alias): pointed at the target. A target that stood under the source takes its place."""
    name = relation.field.name
    model = relation.related_model
    pointing = model._base_manager.filter(**{name: source})
    if model is type(source):
        if _descends_from(target, source):
            before = snapshot(target, [name])
            setattr(target, name, getattr(source, name))
            target.save(update_fields=[name])
            audit_updates(user, [(target, before, snapshot(target, [name]))])
        pointing = pointing.exclude(pk=target.pk)
    objects = list(pointing)
    if not objects:
        return
    before = {obj.pk: snapshot(obj, [name]) for obj in objects}
    model._base_manager.filter(pk__in=before).update(**{name: target})
    after = model._base_manager.filter(pk__in=before)
    audit_updates(user, [(obj, before[obj.pk], snapshot(obj, [name])) for obj in after])


def _descends_from(entry: models.Model, ancestor: models.Model) -> bool:
    seen, parent = set(), getattr(entry, "parent", None)
    while parent is not None and parent.pk not in seen:
        if parent.pk == ancestor.pk:
            return True
        seen.add(parent.pk)
        parent = parent.parent
    return False


def saved_views_naming(entry: models.Model) -> list[SavedView]:
    """The saved views whose filters name this theme or affected group."""
    name = SAVED_VIEW_FILTERS.get(type(entry))
    if name is None:
        return []
    views = SavedView.objects.filter(query_string__contains=f"{name}=")
    return [v for v in views if str(entry.pk) in QueryDict(v.query_string).getlist(name)]


def _move_saved_views(*, user, source, target) -> None:
    name = SAVED_VIEW_FILTERS.get(type(source))
    changed = []
    for view in saved_views_naming(source):
        before = snapshot(view, ["query_string"])
        query = QueryDict(view.query_string, mutable=True)
        query.setlist(
            name, [str(target.pk) if v == str(source.pk) else v for v in query.getlist(name)]
        )
        view.query_string = query.urlencode()
        view.save(update_fields=["query_string", "updated_at"])
        changed.append((view, before, snapshot(view, ["query_string"])))
    audit_updates(user, changed)
