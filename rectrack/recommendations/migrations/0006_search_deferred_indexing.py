"""SQLite: a bulk insert may defer full-text indexing to one statement at its end (see
rectrack.recommendations.search.deferred_indexing). While a row sits in
recommendations_search_deferred (only inside that insert's transaction), the row trigger
leaves new recommendations alone. PostgreSQL is unchanged: its trigger computes the vector
during the insert, which is already the cheapest way there.

The SQL is written out here, not imported, so this migration never changes with the code."""

from django.db import migrations

TABLE = "recommendations_recommendation_fts"
SYMBOL = "coalesce((SELECT symbol FROM recommendations_document WHERE id = NEW.document_id), '')"
INSERT_TRIGGER = """CREATE TRIGGER recommendations_fts_insert AFTER INSERT
    ON recommendations_recommendation {when}
    BEGIN
        INSERT INTO {table}(rowid, text, reference, symbol)
        VALUES (NEW.id, NEW.text, NEW.reference, {symbol});
    END"""
FORWARD = [
    "CREATE TABLE recommendations_search_deferred (id INTEGER PRIMARY KEY)",
    "DROP TRIGGER recommendations_fts_insert",
    INSERT_TRIGGER.format(
        when="WHEN NOT EXISTS (SELECT 1 FROM recommendations_search_deferred)",
        table=TABLE,
        symbol=SYMBOL,
    ),
]
BACKWARD = [
    "DROP TRIGGER recommendations_fts_insert",
    INSERT_TRIGGER.format(when="", table=TABLE, symbol=SYMBOL),
    "DROP TABLE recommendations_search_deferred",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        with schema_editor.connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0005_full_text_search")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False)]
