"""Bulk inserts for the import path, where Django's bulk_create spends more time building
and compiling model instances than the database spends writing them."""

from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import Model

CHUNK = 10_000


def insert_rows(
    model: type[Model], columns: Sequence[str], rows: Iterable[Sequence], *, ignore_conflicts=False
) -> None:
    """INSERT `rows` (tuples of Python values, one per field named in `columns`) into
    `model`'s table in one parameterised statement per chunk. Each value goes through its
    field's own database conversion (dates, JSON ...), as bulk_create would do. No model
    signals are sent and no ids are returned."""
    fields = [model._meta.get_field(name) for name in columns]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} "
        f"({', '.join(quote(field.column) for field in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
        + (" ON CONFLICT DO NOTHING" if ignore_conflicts else "")
    )
    prepare = [_converter(field) for field in fields]
    chunk: list[tuple] = []
    with connection.cursor() as cursor:
        for row in rows:
            chunk.append(
                tuple(
                    value if convert is None else convert(value)
                    for convert, value in zip(prepare, row, strict=True)
                )
            )
            if len(chunk) >= CHUNK:
                cursor.executemany(sql, chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)


def _converter(field):
    """None when the driver takes the Python value as it is (text, whole numbers, ids)."""
    if field.get_internal_type() in {
        "CharField",
        "TextField",
        "IntegerField",
        "PositiveIntegerField",
        "BigIntegerField",
        "AutoField",
        "BigAutoField",
        "ForeignKey",
    }:
        return None
    return lambda value: field.get_db_prep_save(value, connection)
