"""A text's language is read from its first 300 characters, not 1,000 (see
rectrack.recommendations.search.languages.SAMPLE): some fifty words say it as well, and the
PostgreSQL trigger, which reads it on every write, spent more time on it for a long
treaty-body text than on indexing the text.

The few recommendations whose language the two rules tell apart (a text that changes
language after its first 300 characters) are indexed again in the language read now; no
other row is touched.

PostgreSQL: rectrack_language is written again with the shorter sample (the SQL of 0010,
the sample apart); the old rule is kept for the length of the migration to find those rows.
SQLite: the index holds what rectrack_search_text made of each text (the code's own rule):
the rows are found by comparing the two samples in Python, a thousand at a time. Going back
leaves SQLite's index as it is: it always follows the code's rule, and a search tries a
word in every language of its script whatever the language a text was indexed in."""

import importlib

from django.db import migrations

BEFORE = "left(body, 1000)"
RECOMMENDATIONS = "recommendations_recommendation"
FTS = "recommendations_recommendation_fts"
CHUNK = 1000
SAMPLE = 300


def _pg_language(sample: str, name: str = "rectrack_language") -> str:
    earlier = importlib.import_module(
        "rectrack.recommendations.migrations.0010_search_in_every_language"
    )
    assert BEFORE in earlier.PG_LANGUAGE
    return (
        earlier.PG_LANGUAGE.replace(BEFORE, sample)
        .replace("CREATE FUNCTION rectrack_language", f"CREATE OR REPLACE FUNCTION {name}")
    )


def _pg(cursor, old: str, new: str) -> None:
    cursor.execute(_pg_language(old, "rectrack_language_before"))
    cursor.execute(_pg_language(new))
    cursor.execute(
        f"UPDATE {RECOMMENDATIONS} SET document_id = document_id WHERE length(text) > {SAMPLE} "
        "AND rectrack_language_before(text) <> rectrack_language(text)"
    )
    cursor.execute("DROP FUNCTION rectrack_language_before(text)")


def _sqlite(cursor, old: int, new: int) -> None:
    from rectrack.recommendations.search.languages import detect

    last = 0
    while True:
        cursor.execute(
            f"SELECT id, text FROM {RECOMMENDATIONS} WHERE id > %s AND length(text) > %s "
            "ORDER BY id LIMIT %s",
            [last, new, CHUNK],
        )
        rows = cursor.fetchall()
        if not rows:
            return
        last = rows[-1][0]
        ids = [pk for pk, text in rows if detect(text, sample_size=old) != detect(text)]
        if ids:
            marks = ", ".join(["%s"] * len(ids))
            cursor.execute(f"DELETE FROM {FTS} WHERE rowid IN ({marks})", ids)
            cursor.execute(
                f"""INSERT INTO {FTS}(rowid, text, reference, symbol)
                SELECT r.id, rectrack_search_text(r.text), r.reference, coalesce(d.symbol, '')
                FROM {RECOMMENDATIONS} r JOIN recommendations_document d ON d.id = r.document_id
                WHERE r.id IN ({marks})""",
                ids,
            )


def _sample(old, new):
    def change(apps, schema_editor):
        connection = schema_editor.connection
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                _pg(cursor, f"left(body, {old})", f"left(body, {new})")
            elif connection.vendor == "sqlite" and new == SAMPLE:
                _sqlite(cursor, old, new)

    return change


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0017_recommendation_action_category")]

    operations = [migrations.RunPython(_sample(1000, SAMPLE), _sample(SAMPLE, 1000))]
