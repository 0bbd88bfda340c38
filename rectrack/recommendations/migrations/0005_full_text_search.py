"""Full-text search: an FTS5 table on SQLite, a tsvector column with a GIN index on
PostgreSQL, both kept in sync by triggers (see rectrack.recommendations.search).

The SQL is written out here, not imported, so this migration never changes with the code."""

from django.db import migrations

SQLITE_TABLE = "recommendations_recommendation_fts"
SQLITE_SYMBOL = (
    "coalesce((SELECT symbol FROM recommendations_document WHERE id = {}.document_id), '')"
)
SQLITE_CREATE = [
    f"""CREATE VIRTUAL TABLE {SQLITE_TABLE} USING fts5(
        text, reference, symbol,
        content='', tokenize='porter unicode61 remove_diacritics 2'
    )""",
    f"""CREATE TRIGGER recommendations_fts_insert AFTER INSERT ON recommendations_recommendation
    BEGIN
        INSERT INTO {SQLITE_TABLE}(rowid, text, reference, symbol)
        VALUES (NEW.id, NEW.text, NEW.reference, {SQLITE_SYMBOL.format("NEW")});
    END""",
    f"""CREATE TRIGGER recommendations_fts_update AFTER UPDATE OF text, reference, document_id
    ON recommendations_recommendation
    BEGIN
        INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}, rowid, text, reference, symbol)
        VALUES ('delete', OLD.id, OLD.text, OLD.reference, {SQLITE_SYMBOL.format("OLD")});
        INSERT INTO {SQLITE_TABLE}(rowid, text, reference, symbol)
        VALUES (NEW.id, NEW.text, NEW.reference, {SQLITE_SYMBOL.format("NEW")});
    END""",
    f"""CREATE TRIGGER recommendations_fts_delete AFTER DELETE ON recommendations_recommendation
    BEGIN
        INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}, rowid, text, reference, symbol)
        VALUES ('delete', OLD.id, OLD.text, OLD.reference, {SQLITE_SYMBOL.format("OLD")});
    END""",
    f"""CREATE TRIGGER recommendations_fts_document_symbol AFTER UPDATE OF symbol
    ON recommendations_document WHEN OLD.symbol IS NOT NEW.symbol
    BEGIN
        INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}, rowid, text, reference, symbol)
        SELECT 'delete', id, text, reference, OLD.symbol
        FROM recommendations_recommendation WHERE document_id = NEW.id;
        INSERT INTO {SQLITE_TABLE}(rowid, text, reference, symbol)
        SELECT id, text, reference, NEW.symbol
        FROM recommendations_recommendation WHERE document_id = NEW.id;
    END""",
    f"""INSERT INTO {SQLITE_TABLE}(rowid, text, reference, symbol)
    SELECT r.id, r.text, r.reference, d.symbol
    FROM recommendations_recommendation r JOIN recommendations_document d ON d.id = r.document_id
    """,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS recommendations_fts_document_symbol",
    "DROP TRIGGER IF EXISTS recommendations_fts_delete",
    "DROP TRIGGER IF EXISTS recommendations_fts_update",
    "DROP TRIGGER IF EXISTS recommendations_fts_insert",
    f"DROP TABLE IF EXISTS {SQLITE_TABLE}",
]

PG_VECTOR = (
    "to_tsvector('rectrack', coalesce(NEW.text, '') || ' ' || coalesce(NEW.reference, '') "
    "|| ' ' || coalesce((SELECT symbol FROM recommendations_document "
    "WHERE id = NEW.document_id), ''))"
)
PG_CREATE = [
    "CREATE TEXT SEARCH CONFIGURATION rectrack (COPY = english)",
    "ALTER TEXT SEARCH CONFIGURATION rectrack "
    "ALTER MAPPING FOR hword, hword_part, word WITH {mapping}",
    "ALTER TABLE recommendations_recommendation ADD COLUMN search_vector tsvector",
    f"""CREATE FUNCTION recommendations_search_vector() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector := {PG_VECTOR};
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER recommendations_search_vector
    BEFORE INSERT OR UPDATE OF text, reference, document_id ON recommendations_recommendation
    FOR EACH ROW EXECUTE FUNCTION recommendations_search_vector()""",
    """CREATE FUNCTION recommendations_document_symbol_search() RETURNS trigger AS $$
    BEGIN
        UPDATE recommendations_recommendation SET document_id = document_id
        WHERE document_id = NEW.id;
        RETURN NULL;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER recommendations_document_symbol_search
    AFTER UPDATE OF symbol ON recommendations_document
    FOR EACH ROW WHEN (OLD.symbol IS DISTINCT FROM NEW.symbol)
    EXECUTE FUNCTION recommendations_document_symbol_search()""",
    "UPDATE recommendations_recommendation SET document_id = document_id",
    "CREATE INDEX recommendation_search ON recommendations_recommendation "
    "USING gin (search_vector)",
]
PG_DROP = [
    "DROP TRIGGER IF EXISTS recommendations_document_symbol_search ON recommendations_document",
    "DROP FUNCTION IF EXISTS recommendations_document_symbol_search()",
    "DROP TRIGGER IF EXISTS recommendations_search_vector ON recommendations_recommendation",
    "DROP FUNCTION IF EXISTS recommendations_search_vector()",
    "DROP INDEX IF EXISTS recommendation_search",
    "ALTER TABLE recommendations_recommendation DROP COLUMN IF EXISTS search_vector",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS rectrack",
]


def _unaccent_available(cursor) -> bool:
    """Create the unaccent extension if the server has it and we may; otherwise search is
    still stemmed, only not accent-insensitive."""
    cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'")
    if cursor.fetchone() is None:
        return False
    cursor.execute("SAVEPOINT rectrack_unaccent")
    try:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    except Exception:  # noqa: BLE001 - no privilege: fall back to stemming without unaccent
        cursor.execute("ROLLBACK TO SAVEPOINT rectrack_unaccent")
        return False
    cursor.execute("RELEASE SAVEPOINT rectrack_unaccent")
    return True


def create(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for sql in SQLITE_CREATE:
                cursor.execute(sql)
        elif connection.vendor == "postgresql":
            mapping = "unaccent, english_stem" if _unaccent_available(cursor) else "english_stem"
            for sql in PG_CREATE:
                cursor.execute(sql.replace("{mapping}", mapping))


def drop(apps, schema_editor):
    connection = schema_editor.connection
    statements = {"sqlite": SQLITE_DROP, "postgresql": PG_DROP}.get(connection.vendor, [])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0004_saved_views")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
