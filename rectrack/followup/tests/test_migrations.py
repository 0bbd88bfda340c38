"""The follow-up app's data migrations, run on a scratch database file (the other tests'
database is untouched)."""

import sqlite3

from rectrack.core.tests.test_cli import run
from rectrack.recommendations.search.languages import indexed_text


def _connect(path):
    """A plain SQLite connection with the function Rectrack's search triggers call."""
    connection = sqlite3.connect(path)
    connection.create_function("rectrack_search_text", 1, indexed_text, deterministic=True)
    return connection


def _insert(connection, table: str, **values) -> int:
    """A row with the given values; every other required column gets a plain value."""
    filler = {"date": "2026-01-01", "datetime": "2026-01-01 00:00:00", "bool": 0}
    for _cid, name, kind, notnull, default, pk in connection.execute(f"PRAGMA table_info({table})"):
        if notnull and not pk and default is None and name not in values:
            kind = kind.lower()
            values[name] = next(
                (value for key, value in filler.items() if kind.startswith(key)),
                0 if "int" in kind or "decimal" in kind or "real" in kind else "x",
            )
    names = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    cursor = connection.execute(
        f"INSERT INTO {table} ({names}) VALUES ({marks})", list(values.values())
    )
    return cursor.lastrowid


def test_existing_updates_answer_for_the_institution_they_were_recorded_under(tmp_path):
    assert run(tmp_path, "migrate", "--noinput").returncode == 0
    result = run(tmp_path, "migrate", "followup", "0001", "--noinput")
    assert result.returncode == 0, result.stderr
    with _connect(tmp_path / "rectrack.sqlite3") as connection:
        (mechanism,) = connection.execute(
            "SELECT id FROM recommendations_mechanism WHERE code = 'UPR'"
        ).fetchone()
        document = _insert(connection, "recommendations_document", mechanism_id=mechanism)
        recommendation = _insert(connection, "recommendations_recommendation", document_id=document)
        justice = _insert(connection, "institutions_institution", name="Justice", code="MOJ")
        with_one = _insert(
            connection,
            "followup_progressupdate",
            recommendation_id=recommendation,
            institution_id=justice,
        )
        _insert(connection, "followup_progressupdate", recommendation_id=recommendation)
    result = run(tmp_path, "migrate", "--noinput")
    assert result.returncode == 0, result.stderr
    with _connect(tmp_path / "rectrack.sqlite3") as connection:
        rows = connection.execute(
            "SELECT progressupdate_id, institution_id FROM followup_progressupdate_institutions"
        ).fetchall()
    assert rows == [(with_one, justice)]
