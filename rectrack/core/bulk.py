"""Bulk inserts for the import path, where Django's bulk_create spends more time building
and compiling its statements than the database spends writing the rows (6,000
recommendations bring 16,000 links and 6,000 audit entries).

SQLite takes the rows through `executemany`; PostgreSQL takes them as one array per column
in a single `INSERT ... SELECT FROM unnest(...)` per chunk, instead of a round trip per row.
Values go through their fields' own database conversions, as with bulk_create."""

from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import Model
from django.utils import timezone

CHUNK = 10_000
# Fields whose Python values the drivers take as they are.
_PLAIN = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "CharField",
    "ForeignKey",
    "IntegerField",
    "PositiveIntegerField",
    "TextField",
}


def insert_rows(
    model: type[Model],
    columns: Sequence[str],
    rows: Iterable[Sequence],
    *,
    ignore_conflicts: bool = False,
) -> None:
    """INSERT `rows` (one Python value per field named in `columns`, by name or attname)
    into `model`'s table. No signals are sent and no ids come back; with
    `ignore_conflicts` a row that breaks a unique constraint is left out."""
    fields = [model._meta.get_field(name) for name in columns]
    convert = [None if field.get_internal_type() in _PLAIN else field for field in fields]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(field.column) for field in fields)
    if connection.vendor == "postgresql" and not ignore_conflicts:
        sql = f"COPY {table} ({names}) FROM STDIN"
    elif connection.vendor == "postgresql":
        arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
        sql = f"INSERT INTO {table} ({names}) SELECT * FROM unnest({arrays}) ON CONFLICT DO NOTHING"
    else:
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})"
        sql += " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    memo: list[dict] = [{} for _field in fields]  # dates and times repeat: convert each once

    def prepared(index: int, value):
        field = convert[index]
        if field is None or value is None:
            return value
        try:
            return memo[index][value]
        except KeyError:
            result = memo[index][value] = field.get_db_prep_save(value, connection)
            return result
        except TypeError:  # unhashable (JSON): converted every time
            return field.get_db_prep_save(value, connection)

    chunk: list[tuple] = []
    with connection.cursor() as cursor:
        for row in rows:
            chunk.append(tuple(prepared(index, value) for index, value in enumerate(row)))
            if len(chunk) >= CHUNK:
                _execute(cursor, sql, chunk)
                chunk = []
        if chunk:
            _execute(cursor, sql, chunk)


def insert_objects(objects: Sequence[Model]) -> None:
    """INSERT unsaved model instances (all of one model, with an automatic primary key) as
    bulk_create would, defaults and auto_now fields included, without reading their ids
    back: the caller finds the new rows by what it knows of them."""
    if not objects:
        return
    model = type(objects[0])
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    now = timezone.now()  # one statement, one moment: every auto_now field gets the same time
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            for obj in objects:
                setattr(obj, field.attname, now)
    rows = ([getattr(obj, field.attname) for field in fields] for obj in objects)
    insert_rows(model, [field.attname for field in fields], rows)


def _execute(cursor, sql: str, rows: list[tuple]) -> None:
    if sql.startswith("COPY"):
        # psycopg's own cursor (Django's has no COPY); its errors become Django's, as usual.
        with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
    elif connection.vendor == "postgresql":
        cursor.execute(sql, [list(column) for column in zip(*rows, strict=True)])
    else:
        cursor.executemany(sql, rows)
