"""The audit trail as people read it: the model's field labels instead of column names, choice
labels instead of stored codes, yes/no, numbers and dates in the active locale and the site's
time zone (RECTRACK_TIME_ZONE). Entries keep the stored values; only their display changes."""

import datetime
import decimal
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class ChangeRow:
    label: str
    old: str | list[str] | None
    new: str | list[str] | None


def model_label(entry_model: str) -> str:
    """'followup.action' -> 'Action' (the model's verbose name), or the stored name if the
    model no longer exists."""
    model = _model(entry_model)
    return capfirst(model._meta.verbose_name) if model else entry_model


def readable_changes(entry) -> list[ChangeRow]:
    """One row per field that had a value before or after, in the order it was recorded."""
    model = _model(entry.model)
    rows = []
    for name, values in (entry.changes or {}).items():
        old, new = (list(values) + [None, None])[:2] if isinstance(values, list) else (None, None)
        if _empty(old) and _empty(new):
            continue
        rows.append(change_row(model, name, old, new))
    return rows


def change_row(model: type[models.Model] | None, name: str, old, new) -> ChangeRow:
    """One field's change of a `model` object as people read it (also for an import's
    report of what it changed)."""
    field = _field(model, name)
    # A name that is no field (an import's "import" note, a field since removed) still reads.
    label = capfirst(field.verbose_name if field is not None else name.replace("_", " "))
    return ChangeRow(str(label), _display(field, old), _display(field, new))


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(model, name: str):
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    # A reverse relation (an update's "evidence") reads by its model's plural name.
    return field if hasattr(field, "verbose_name") else _ReverseRelation(field)


class _ReverseRelation:
    """The label and (absent) choices of the many side of a relation, like a field's."""

    choices = None

    def __init__(self, relation):
        self.verbose_name = relation.related_model._meta.verbose_name_plural
        self.relation = relation


def _empty(value) -> bool:
    return value is None or value == "" or value == []


def _display(field, value) -> str | list[str] | None:
    """Text as a person reads it; lists (many-to-many links) stay lists, empty stays None."""
    if _empty(value):
        return None
    if isinstance(value, list):
        return [str(item) for item in value]
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field is None:
        return str(value)
    if getattr(field, "flatchoices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateTimeField):
        moment = parse_datetime(str(value))
        if moment is not None:
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment, datetime.UTC)
            return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    elif isinstance(field, models.DateField):
        day = parse_date(str(value))
        if day is not None:
            return formats.date_format(day, "DATE_FORMAT")
    elif isinstance(field, models.DecimalField | models.FloatField | models.IntegerField):
        try:
            return formats.number_format(decimal.Decimal(str(value)), use_l10n=True)
        except decimal.InvalidOperation:
            return str(value)
    return str(value)
