"""Ids in a request turned into records, or one clear 404 naming the field and the ids that
do not exist (never a database error at the end of the transaction): a record that does not
exist is a 404 wherever it is named, in the path, a query or a body."""

from collections.abc import Iterable

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from rectrack.api.errors import UnknownRecords


def records(
    queryset: QuerySet, values: Iterable, *, field: str, key: str = "pk", location: str = "body"
) -> list[Model]:
    """The records of `queryset` whose `key` is each of `values`, in that order."""
    wanted = list(dict.fromkeys(values))
    found = {getattr(obj, key): obj for obj in queryset.filter(**{f"{key}__in": wanted})}
    missing = [value for value in wanted if value not in found]
    if missing:
        message = _("These do not exist: %(values)s.") % {
            "values": ", ".join(str(value) for value in missing)
        }
        raise UnknownRecords(field=field, message=message, location=location)
    return [found[value] for value in wanted]


def record(
    queryset: QuerySet, value, *, field: str, key: str = "pk", location: str = "body"
) -> Model:
    return records(queryset, [value], field=field, key=key, location=location)[0]
