"""The recommendations app's data migrations, run on a scratch database of the suite's own
kind (a file for SQLite, a database of its own on PostgreSQL): the other tests' database is
untouched."""

import json
from contextlib import contextmanager

import pytest
from django.db import connection

from rectrack.core.tests.test_cli import run

WRITE_BEFORE = """
from rectrack.recommendations.models import Document, Mechanism, Recommendation
document = Document.objects.create(mechanism=Mechanism.objects.get(code="UPR"), symbol="A/HRC/1/1")
for reference, text in [
    ("1", "Положить конец пыткам в местах лишения свободы."),
    ("2", "Mettre en œuvre la Convention que l'État a ratifiée."),
    ("3", "批准《禁止酷刑公约》。"),
    ("4", "Ratify the Convention against Torture."),
]:
    Recommendation.objects.create(document=document, reference=reference, text=text)
"""
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
