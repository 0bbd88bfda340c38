"""Ids in a request body turned into records, or one clear error naming the field and the
ids that do not exist (never a database error at the end of the transaction)."""

from collections.abc import Iterable

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from rectrack.api.errors import InvalidInput


def records(queryset: QuerySet, values: Iterable, *, field: str, key: str = "pk") -> list[Model]:
    """The records of `queryset` whose `key` is each of `values`, in that order."""
    wanted = list(dict.fromkeys(values))
    found = {getattr(obj, key): obj for obj in queryset.filter(**{f"{key}__in": wanted})}
    missing = [value for value in wanted if value not in found]
    if missing:
        message = _("These do not exist: %(values)s.") % {
            "values": ", ".join(str(value) for value in missing)
        }
        raise InvalidInput({field: [message]})
    return [found[value] for value in wanted]


def record(queryset: QuerySet, value, *, field: str, key: str = "pk") -> Model:
    return records(queryset, [value], field=field, key=key)[0]
