"""Search in every language (see rectrack.recommendations.search): each recommendation is
indexed in its text's own language, and Chinese is spread into characters and pairs. Every
recommendation already there is indexed again, on both databases.

SQLite: the FTS5 table indexes rectrack_search_text(text), a Python function every
connection registers (rectrack.recommendations.search.sqlite.register_functions). The table
now keeps its own copy of what it indexed (it was contentless), so entries are removed by id
and never depend on the stemmers giving the same output as when they were written.

PostgreSQL: stemming dictionaries that keep stop words, one configuration per language, the
language rule (rectrack_language), Chinese spreading (rectrack_search_body) and the vector
(rectrack_search_vector), all in SQL; the trigger of 0005 calls the last.

The SQL is written out here, not imported, so this migration never changes with the code."""

from django.db import migrations

TABLE = "recommendations_recommendation_fts"
SYMBOL = "coalesce((SELECT symbol FROM recommendations_document WHERE id = {}.document_id), '')"
NOT_DEFERRED = "WHEN NOT EXISTS (SELECT 1 FROM recommendations_search_deferred)"
SQLITE_TRIGGERS = [
    "recommendations_fts_insert",
    "recommendations_fts_update",
    "recommendations_fts_delete",
    "recommendations_fts_document_symbol",
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS] + [
    f"DROP TABLE IF EXISTS {TABLE}"
]
SQLITE_FORWARD = [
    *SQLITE_DROP,
    f"""CREATE VIRTUAL TABLE {TABLE} USING fts5(
        text, reference, symbol, tokenize='porter unicode61 remove_diacritics 2'
    )""",
    f"""CREATE TRIGGER recommendations_fts_insert AFTER INSERT
    ON recommendations_recommendation {NOT_DEFERRED}
    BEGIN
        INSERT INTO {TABLE}(rowid, text, reference, symbol)
        VALUES (NEW.id, rectrack_search_text(NEW.text), NEW.reference, {SYMBOL.format("NEW")});
    END""",
    f"""CREATE TRIGGER recommendations_fts_update AFTER UPDATE OF text, reference, document_id
    ON recommendations_recommendation
    WHEN OLD.text IS NOT NEW.text OR OLD.reference IS NOT NEW.reference
        OR OLD.document_id IS NOT NEW.document_id OR OLD.id IS NOT NEW.id
    BEGIN
        DELETE FROM {TABLE} WHERE rowid = OLD.id;
        INSERT INTO {TABLE}(rowid, text, reference, symbol)
        VALUES (NEW.id, rectrack_search_text(NEW.text), NEW.reference, {SYMBOL.format("NEW")});
    END""",
    f"""CREATE TRIGGER recommendations_fts_delete AFTER DELETE ON recommendations_recommendation
    BEGIN
        DELETE FROM {TABLE} WHERE rowid = OLD.id;
    END""",
    f"""CREATE TRIGGER recommendations_fts_document_symbol AFTER UPDATE OF symbol
    ON recommendations_document WHEN OLD.symbol IS NOT NEW.symbol
    BEGIN
        UPDATE {TABLE} SET symbol = NEW.symbol WHERE rowid IN (
            SELECT id FROM recommendations_recommendation WHERE document_id = NEW.id
        );
    END""",
    f"""INSERT INTO {TABLE}(rowid, text, reference, symbol)
    SELECT r.id, rectrack_search_text(r.text), r.reference, coalesce(d.symbol, '')
    FROM recommendations_recommendation r JOIN recommendations_document d ON d.id = r.document_id
    """,
]
# Back to the contentless, English-only table of 0005 and the insert trigger of 0006.
SQLITE_OLD_VALUES = "OLD.id, OLD.text, OLD.reference, {}".format(SYMBOL.format("OLD"))
SQLITE_BACKWARD = [
    *SQLITE_DROP,
    f"""CREATE VIRTUAL TABLE {TABLE} USING fts5(
        text, reference, symbol,
        content='', tokenize='porter unicode61 remove_diacritics 2'
    )""",
    f"""CREATE TRIGGER recommendations_fts_insert AFTER INSERT
    ON recommendations_recommendation {NOT_DEFERRED}
    BEGIN
        INSERT INTO {TABLE}(rowid, text, reference, symbol)
        VALUES (NEW.id, NEW.text, NEW.reference, {SYMBOL.format("NEW")});
    END""",
    f"""CREATE TRIGGER recommendations_fts_update AFTER UPDATE OF text, reference, document_id
    ON recommendations_recommendation
    BEGIN
        INSERT INTO {TABLE}({TABLE}, rowid, text, reference, symbol)
        VALUES ('delete', {SQLITE_OLD_VALUES});
        INSERT INTO {TABLE}(rowid, text, reference, symbol)
        VALUES (NEW.id, NEW.text, NEW.reference, {SYMBOL.format("NEW")});
    END""",
    f"""CREATE TRIGGER recommendations_fts_delete AFTER DELETE ON recommendations_recommendation
    BEGIN
        INSERT INTO {TABLE}({TABLE}, rowid, text, reference, symbol)
        VALUES ('delete', {SQLITE_OLD_VALUES});
    END""",
    f"""CREATE TRIGGER recommendations_fts_document_symbol AFTER UPDATE OF symbol
    ON recommendations_document WHEN OLD.symbol IS NOT NEW.symbol
    BEGIN
        INSERT INTO {TABLE}({TABLE}, rowid, text, reference, symbol)
        SELECT 'delete', id, text, reference, OLD.symbol
        FROM recommendations_recommendation WHERE document_id = NEW.id;
        INSERT INTO {TABLE}(rowid, text, reference, symbol)
        SELECT id, text, reference, NEW.symbol
        FROM recommendations_recommendation WHERE document_id = NEW.id;
    END""",
    f"""INSERT INTO {TABLE}(rowid, text, reference, symbol)
    SELECT r.id, r.text, r.reference, coalesce(d.symbol, '')
    FROM recommendations_recommendation r JOIN recommendations_document d ON d.id = r.document_id
    """,
]

# The character classes and common words of rectrack.recommendations.search.languages.
LATIN = r"a-zA-Z\u00c0-\u024f"
CYRILLIC = r"\u0400-\u04ff"
ARABIC = r"\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc"
CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
ARABIC_MARKS = r"\u064b-\u065f\u0670\u0640\u06d6-\u06ed"
COMMON_WORDS = {
    "english": "the|of|and|to|in|for|on|with|its|that|by|all|are|is|be|this|from",
    "french": "le|les|des|du|et|aux|au|dans|pour|sur|une|est|qui|ces|d|l",
    "spanish": "el|los|las|del|y|para|con|una|por|su|sus|al|se|lo|como",
}
OWN_LETTERS = {"french": "àâçèêëîïôœùû", "spanish": "áíóúñ¿¡"}
PG_LANGUAGE = f"""CREATE FUNCTION rectrack_language(body text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    sample text := left(body, 1000);
    cyrillic int := regexp_count(sample, '[{CYRILLIC}]');
    arabic int := regexp_count(sample, '[{ARABIC}]');
    cjk int := regexp_count(sample, '[{CJK}]') * 3;
    most int := greatest(cyrillic, arabic, cjk);
    lowered text;
    english int;
    french int;
    spanish int;
BEGIN
    IF most > 0 AND regexp_count(sample, '[{LATIN}]') < most THEN
        RETURN CASE WHEN cyrillic = most THEN 'ru' WHEN arabic = most THEN 'ar' ELSE 'zh' END;
    END IF;
    lowered := lower(sample);
    english := regexp_count(lowered, '\\m({COMMON_WORDS["english"]})\\M');
    french := regexp_count(lowered, '\\m({COMMON_WORDS["french"]})\\M');
    spanish := regexp_count(lowered, '\\m({COMMON_WORDS["spanish"]})\\M');
    IF english = 0 AND french = 0 AND spanish = 0 THEN  -- none of them: the own letters
        french := regexp_count(lowered, '[{OWN_LETTERS["french"]}]');
        spanish := regexp_count(lowered, '[{OWN_LETTERS["spanish"]}]');
    END IF;
    IF english >= french AND english >= spanish THEN
        RETURN 'en';
    END IF;
    RETURN CASE WHEN french >= spanish THEN 'fr' ELSE 'es' END;
END $$"""
# Each run of characters written without spaces as each character and the pair it ends.
PG_BODY = f"""CREATE FUNCTION rectrack_search_body(body text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN bare !~ '[{CJK}]' THEN bare ELSE (
        SELECT string_agg(CASE WHEN piece[1] !~ '^[{CJK}]' THEN piece[1] ELSE ' ' || (
            SELECT string_agg(CASE WHEN i = 1 THEN substr(piece[1], 1, 1)
                ELSE substr(piece[1], i - 1, 2) || ' ' || substr(piece[1], i, 1) END,
                ' ' ORDER BY i)
            FROM generate_series(1, length(piece[1])) AS i
        ) || ' ' END, '' ORDER BY n)
        FROM regexp_matches(bare, '[{CJK}]+|[^{CJK}]+', 'g') WITH ORDINALITY AS m(piece, n)
    ) END
    FROM (SELECT regexp_replace(coalesce(body, ''), '[{ARABIC_MARKS}]', '', 'g') AS bare) AS b
$$"""
PG_VECTOR = """CREATE FUNCTION rectrack_search_vector(body text, reference text, symbol text)
RETURNS tsvector LANGUAGE plpgsql STABLE AS $$
DECLARE
    whole text := rectrack_search_body(body) || ' ' || coalesce(reference, '') || ' '
        || coalesce(symbol, '');
BEGIN
    CASE rectrack_language(coalesce(body, ''))
        WHEN 'fr' THEN RETURN rectrack_fold(to_tsvector('rectrack_french', whole)::text)::tsvector;
        WHEN 'es' THEN RETURN rectrack_fold(to_tsvector('rectrack_spanish', whole)::text)::tsvector;
        WHEN 'ru' THEN RETURN to_tsvector('rectrack_russian', whole);
        WHEN 'ar' THEN RETURN to_tsvector('rectrack_arabic', whole);
        ELSE RETURN to_tsvector('rectrack', whole);
    END CASE;
END $$"""
PG_TRIGGER_FUNCTION = """CREATE OR REPLACE FUNCTION recommendations_search_vector()
RETURNS trigger AS $$
BEGIN
    NEW.search_vector := {vector};
    RETURN NEW;
END $$ LANGUAGE plpgsql"""
PG_SYMBOL = "(SELECT symbol FROM recommendations_document WHERE id = NEW.document_id)"
PG_NEW_VECTOR = f"rectrack_search_vector(NEW.text, NEW.reference, {PG_SYMBOL})"
PG_OLD_VECTOR = (
    "to_tsvector('rectrack', coalesce(NEW.text, '') || ' ' || coalesce(NEW.reference, '') "
    f"|| ' ' || coalesce({PG_SYMBOL}, ''))"
)
PG_REINDEX = "UPDATE recommendations_recommendation SET document_id = document_id"


def _pg_forward(unaccent: str | None) -> list[str]:
    """unaccent: the schema of the unaccent extension, if installed."""
    statements = []
    for language in ("french", "spanish", "russian", "arabic"):
        statements.append(
            f"CREATE TEXT SEARCH DICTIONARY rectrack_{language}_stem "
            f"(TEMPLATE = snowball, Language = {language})"
        )
        statements.append(
            f"CREATE TEXT SEARCH CONFIGURATION rectrack_{language} (COPY = {language})"
        )
    for language in ("french", "spanish"):  # stemmed with their accents, folded after
        statements.append(
            f"ALTER TEXT SEARCH CONFIGURATION rectrack_{language} ALTER MAPPING FOR "
            "asciiword, asciihword, hword_asciipart, word, hword, hword_part "
            f"WITH rectrack_{language}_stem"
        )
    russian = "unaccent, rectrack_russian_stem" if unaccent else "rectrack_russian_stem"  # ё: е
    statements += [
        "ALTER TEXT SEARCH CONFIGURATION rectrack_russian ALTER MAPPING FOR "
        f"word, hword, hword_part WITH {russian}",
        "ALTER TEXT SEARCH CONFIGURATION rectrack_arabic ALTER MAPPING FOR "
        "word, hword, hword_part WITH rectrack_arabic_stem",
        "ALTER TEXT SEARCH CONFIGURATION rectrack_arabic ALTER MAPPING FOR "
        "asciiword, asciihword, hword_asciipart WITH english_stem",
        # Immutable (unaccent itself is only stable, for its dictionary is looked up by name;
        # here it is named in full), so a query's folded words are worked out once, when it
        # is planned, not for every row it reads.
        "CREATE FUNCTION rectrack_fold(words text) RETURNS text LANGUAGE sql IMMUTABLE "
        f"PARALLEL SAFE AS $$ SELECT {_folded(unaccent)} $$",
        PG_LANGUAGE,
        PG_BODY,
        PG_VECTOR,
        PG_TRIGGER_FUNCTION.format(vector=PG_NEW_VECTOR),
        PG_REINDEX,
    ]
    return statements


PG_BACKWARD = [
    PG_TRIGGER_FUNCTION.format(vector=PG_OLD_VECTOR),
    PG_REINDEX,
    "DROP FUNCTION IF EXISTS rectrack_search_vector(text, text, text)",
    "DROP FUNCTION IF EXISTS rectrack_search_body(text)",
    "DROP FUNCTION IF EXISTS rectrack_language(text)",
    "DROP FUNCTION IF EXISTS rectrack_fold(text)",
    *(
        sql
        for language in ("french", "spanish", "russian", "arabic")
        for sql in (
            f"DROP TEXT SEARCH CONFIGURATION IF EXISTS rectrack_{language}",
            f"DROP TEXT SEARCH DICTIONARY IF EXISTS rectrack_{language}_stem",
        )
    ),
]


def _folded(unaccent: str | None) -> str:
    if unaccent is None:
        return "words"
    schema = '"' + unaccent.replace('"', '""') + '"'
    return f"{schema}.unaccent('{schema}.unaccent'::regdictionary, words)"


def _unaccent_schema(cursor) -> str | None:
    """0005 created the unaccent extension when the server had it and we could."""
    cursor.execute(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'unaccent'"
    )
    row = cursor.fetchone()
    return row[0] if row else None


def forward(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            statements = SQLITE_FORWARD
        elif connection.vendor == "postgresql":
            statements = _pg_forward(_unaccent_schema(cursor))
        else:
            return
        for sql in statements:
            cursor.execute(sql)


def backward(apps, schema_editor):
    connection = schema_editor.connection
    statements = {"sqlite": SQLITE_BACKWARD, "postgresql": PG_BACKWARD}.get(connection.vendor, [])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0009_reference_natural_order")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
