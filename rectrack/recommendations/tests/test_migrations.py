"""The recommendations app's data migrations, run on a scratch database of the suite's own
kind (a file for SQLite, a database of its own on PostgreSQL): the other tests' database is
untouched."""

import json
from contextlib import contextmanager

import pytest
from django.db import connection

from rectrack.core.tests.test_cli import run

# The models as a migration left them (the code's have columns later migrations add), and a
# document to write recommendations in.
MODELS_AS_OF = """
from django.db import connection
from django.db.migrations.loader import MigrationLoader
state = MigrationLoader(connection).project_state(("recommendations", "{migration}"))
Mechanism = state.apps.get_model("recommendations", "Mechanism")
Document = state.apps.get_model("recommendations", "Document")
Recommendation = state.apps.get_model("recommendations", "Recommendation")
upr = Mechanism.objects.values_list("pk", flat=True).get(code="UPR")
document = Document.objects.create(mechanism_id=upr, symbol="{symbol}")
"""
WRITE_BEFORE = (
    MODELS_AS_OF.format(migration="0009_reference_natural_order", symbol="A/HRC/1/1")
    + """
for reference, text in [
    ("1", "Положить конец пыткам в местах лишения свободы."),
    ("2", "Mettre en œuvre la Convention que l'État a ratifiée."),
    ("3", "批准《禁止酷刑公约》。"),
    ("4", "Ratify the Convention against Torture."),
]:
    Recommendation.objects.create(document=document, reference=reference, text=text)
"""
)
SEARCH = """
import json
from rectrack.recommendations.models import Recommendation
from rectrack.recommendations.search import search_ids
def found(query):
    matches = Recommendation.objects.filter(pk__in=search_ids(query))
    return sorted(matches.values_list("reference", flat=True))
print(json.dumps({query: found(query) for query in ["пытки", "ratifier", "酷刑", "torture"]}))
"""
# How many recommendations the index holds the Russian stem пытк for (of пыткам), read from
# the index itself: before 0010 the code's search asks for configurations not there yet.
RUSSIAN_STEMS = """
from django.db import connection
with connection.cursor() as cursor:
    if connection.vendor == "sqlite":
        table = "recommendations_recommendation_fts"
        cursor.execute(f"SELECT count(*) FROM {table} WHERE {table} MATCH 'пытк'")
    else:
        cursor.execute(
            "SELECT count(*) FROM recommendations_recommendation "
            "WHERE search_vector @@ 'пытк'::tsquery"
        )
    print(cursor.fetchone()[0])
"""


@contextmanager
def scratch_database(tmp_path):
    """The environment that points `rectrack` at an empty database of the suite's kind."""
    if connection.vendor != "postgresql":
        yield {}  # the SQLite file under RECTRACK_VAR_DIR
        return
    import psycopg

    settings = connection.settings_dict
    name = f"{settings['NAME']}_migrations"[:63]
    server = {
        "host": settings["HOST"] or "localhost",
        "port": settings["PORT"] or 5432,
        "user": settings["USER"],
        "password": settings["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        password = f":{server['password']}" if server["password"] else ""
        url = f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{name}"
        yield {"RECTRACK_DATABASE_URL": url}
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def rectrack(tmp_path, environment, *args) -> str:
    """The command's last line of output."""
    result = run(tmp_path, *args, **environment)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


@pytest.mark.skipif(
    connection.vendor not in ("sqlite", "postgresql"), reason="one search per database"
)
def test_recommendations_already_there_are_indexed_again_in_their_own_language(tmp_path):
    with scratch_database(tmp_path) as environment:
        rectrack(tmp_path, environment, "migrate", "recommendations", "0009", "--noinput")
        rectrack(tmp_path, environment, "shell", "-c", WRITE_BEFORE)
        assert rectrack(tmp_path, environment, "shell", "-c", RUSSIAN_STEMS) == "0"

        rectrack(tmp_path, environment, "migrate", "recommendations", "0010", "--noinput")
        assert rectrack(tmp_path, environment, "shell", "-c", RUSSIAN_STEMS) == "1"
        assert json.loads(rectrack(tmp_path, environment, "shell", "-c", SEARCH)) == {
            "пытки": ["1"],
            "ratifier": ["2", "4"],  # ratifiée in French, and Ratify: English stems it ratifi
            "酷刑": ["3"],
            "torture": ["4"],
        }

        rectrack(tmp_path, environment, "migrate", "recommendations", "0009", "--noinput")
        assert rectrack(tmp_path, environment, "shell", "-c", RUSSIAN_STEMS) == "0"


# The names of the reference data in each language, read with the SQL of the columns
# themselves (not through the models, whose languages the code may change).
NAMES = """
import json
from django.db import connection
with connection.cursor() as cursor:
    def one(sql):
        cursor.execute(sql)
        return list(cursor.fetchone())
    print(json.dumps({
        "goal 4": one(
            "SELECT translated_title_fr, translated_title_ar, translated_title_zh_hans, "
            "translated_short_title_es FROM recommendations_sdggoal WHERE number = 4"
        ),
        "target 16.3": one(
            "SELECT translated_title_fr, translated_title_ar, translated_title_zh_hans "
            "FROM recommendations_sdgtarget WHERE code = '16.3'"
        ),
        "UPR": one(
            "SELECT name, translated_name_es, translated_name_zh_hans "
            "FROM recommendations_mechanism WHERE code = 'UPR'"
        ),
        "untitled": one(
            "SELECT count(*) FROM recommendations_sdgtarget WHERE translated_title_ru IS NULL "
            "OR translated_title_ru = '' OR translated_title_en <> title"
        ),
    }, ensure_ascii=False))
"""


def test_a_database_migrated_from_scratch_names_the_reference_data_in_each_language(tmp_path):
    with scratch_database(tmp_path) as environment:
        rectrack(tmp_path, environment, "migrate", "--noinput")
        names = json.loads(rectrack(tmp_path, environment, "shell", "-c", NAMES))
        assert names["goal 4"] == [
            "Assurer à tous une éducation équitable, inclusive et de qualité et des "
            "possibilités d’apprentissage tout au long de la vie",
            "ضمان التعليم الجيد الشامل والمنصف وتعزيز فرص التعلم مدى الحياة للجميع",
            "确保包容和公平的优质教育,让全民终身享有学习机会",
            "Educación de Calidad",
        ]
        assert names["target 16.3"] == [
            "Promouvoir l’état de droit dans l’ordre interne et international et garantir à "
            "tous un égal accès à la justice",
            "تعزيز ســيادة القانون على الصـعيدين الوطني والدولي، وكفالة تكافؤ الفرص لوصول "
            "الجميع إلى العدالة",
            "在国家和国际层面促进法治,确保所有人都有平等诉诸司法的机会",
        ]
        assert names["UPR"] == [
            "Universal Periodic Review",
            "Examen Periódico Universal",
            "普遍定期审议",
        ]
        assert names["untitled"] == [0]

        # Unapplied and applied again, the columns come back filled.
        rectrack(tmp_path, environment, "migrate", "recommendations", "0011", "--noinput")
        rectrack(tmp_path, environment, "migrate", "--noinput")
        assert json.loads(rectrack(tmp_path, environment, "shell", "-c", NAMES)) == names


# A recommendation whose language the first 1,000 characters and the first 300 tell apart,
# and one they agree on, written as migration 0017 left the database. On SQLite the code's
# own rule indexes it as it is written, so its index entry is set back to what the earlier
# rule wrote (English: the text as it is, left to FTS5's porter stemmer).
WRITE_LONG = (
    MODELS_AS_OF.format(migration="0017_recommendation_action_category", symbol="CEDAW/C/VAL/CO/1")
    + """
from rectrack.recommendations.tests.test_search_languages import ENGLISH_REST, FRENCH_OPENING
mixed = Recommendation.objects.create(
    document=document, reference="1", text=FRENCH_OPENING[:300] + ENGLISH_REST
)
Recommendation.objects.create(document=document, reference="2", text=ENGLISH_REST)
if connection.vendor == "sqlite":
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE recommendations_recommendation_fts SET text = %s WHERE rowid = %s",
            [mixed.text, mixed.pk],
        )
"""
)
# Whether each recommendation's index entry is what French, and English, indexing make of it.
INDEXED_AS = """
import json
from django.db import connection
from rectrack.recommendations.search.languages import stem_words
from rectrack.recommendations.tests.test_search_languages import ENGLISH_REST, FRENCH_OPENING
with connection.cursor() as cursor:
    if connection.vendor == "sqlite":
        cursor.execute(
            "SELECT r.reference, f.text = r.text, f.text = %s "
            "FROM recommendations_recommendation r JOIN recommendations_recommendation_fts f "
            "ON f.rowid = r.id ORDER BY r.reference",
            [stem_words(FRENCH_OPENING[:300] + ENGLISH_REST, "fr")],
        )
    else:
        whole = "r.text || ' ' || r.reference || ' ' || d.symbol"
        cursor.execute(
            f"SELECT r.reference, r.search_vector = to_tsvector('rectrack', {whole}), "
            f"r.search_vector = rectrack_fold(to_tsvector('rectrack_french', {whole})::text)"
            "::tsvector FROM recommendations_recommendation r "
            "JOIN recommendations_document d ON d.id = r.document_id ORDER BY r.reference"
        )
    print(json.dumps({ref: {"en": bool(en), "fr": bool(fr)} for ref, en, fr in cursor.fetchall()}))
"""


def test_a_text_told_apart_by_the_shorter_sample_is_indexed_again_in_its_language(tmp_path):
    with scratch_database(tmp_path) as environment:
        rectrack(tmp_path, environment, "migrate", "recommendations", "0017", "--noinput")
        rectrack(tmp_path, environment, "shell", "-c", WRITE_LONG)
        english = {"en": True, "fr": False}
        before = json.loads(rectrack(tmp_path, environment, "shell", "-c", INDEXED_AS))
        assert before == {"1": english, "2": english}

        rectrack(tmp_path, environment, "migrate", "recommendations", "0018", "--noinput")
        after = json.loads(rectrack(tmp_path, environment, "shell", "-c", INDEXED_AS))
        assert after == {"1": {"en": False, "fr": True}, "2": english}

        # Back to 0017: PostgreSQL's trigger reads 1,000 characters again and indexes it so;
        # SQLite's index follows the code's rule, which going back does not change.
        rectrack(tmp_path, environment, "migrate", "recommendations", "0017", "--noinput")
        back = json.loads(rectrack(tmp_path, environment, "shell", "-c", INDEXED_AS))
        assert back == (before if connection.vendor == "postgresql" else after)
