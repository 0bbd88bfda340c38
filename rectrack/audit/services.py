"""Recording the audit trail. Services call audit_record for every create, change and delete
of the objects an NMIRF must account for (imports write theirs in bulk, imports/writing.py)."""

import datetime
import decimal
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import translation

from rectrack.audit.models import AuditEntry

# Bookkeeping and secrets never enter the trail.
NOT_AUDITED = {
    "created_at",
    "updated_at",
    "version",
    "password",
    "last_login",
    "key",
    "digest",
    "reference_key",  # kept from the reference, for its natural order
    # django-modeltranslation's unsuffixed columns: a copy of one language's, audited there
    # (translated_name_fr ...).
    "translated_name",
    "translated_title",
    "translated_short_title",
}


def _value(value) -> object:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, FieldFile):  # the stored name, never the file's contents
        return value.name or ""
    if isinstance(value, datetime.date | decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, Iterable):
        return sorted(str(item) for item in value)
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, object]:
    """The audited values of an object: concrete fields and many-to-many links, as text.

    Linked objects are written in the site's language whoever makes the change: a theme
    named in French does not look changed because a French reader saved next."""
    with translation.override(settings.LANGUAGE_CODE):
        return _snapshot(obj, fields)


def _snapshot(obj: models.Model, fields: Iterable[str] | None) -> dict[str, object]:
    values: dict[str, object] = {}
    for field in obj._meta.get_fields():
        if fields is not None and field.name not in fields:
            continue
        if field.auto_created or field.name in NOT_AUDITED:
            continue
        if field.many_to_many and obj.pk:
            values[field.name] = _value(getattr(obj, field.name).all())
        elif field.concrete and not field.many_to_many:
            values[field.name] = _value(getattr(obj, field.name))
    return values


def diff(before: dict[str, object], after: dict[str, object]) -> dict[str, list]:
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


def audit_record(
    *,
    user,
    action: str,
    obj: models.Model,
    before: dict[str, object] | None = None,
    after: dict[str, object] | None = None,
) -> AuditEntry | None:
    """One entry: for a create the new values, for a change only what changed (nothing is
    recorded if nothing did), for a delete the last values."""
    if action == AuditEntry.Action.UPDATE:
        changes = diff(before or {}, after if after is not None else snapshot(obj))
        if not changes:
            return None
    elif action == AuditEntry.Action.CREATE:
        changes = {k: [None, v] for k, v in (after or snapshot(obj)).items()}
    else:
        changes = {k: [v, None] for k, v in (before or snapshot(obj)).items()}
    return AuditEntry.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        model=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=_in_site_language(obj)[:255],
        changes=changes,
        object_version=getattr(obj, "version", None),
    )


def _in_site_language(obj: models.Model) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(obj)
