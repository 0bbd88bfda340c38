import sqlite3

from django.core.management import call_command

from rectrack.core.tests.test_cli import run


def test_models_and_migrations_agree(db):
    # Exits non-zero (SystemExit) if a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_migrations_unapply_and_reapply_with_their_reference_data(tmp_path):
    """On a scratch database file, so the test database of the other tests is untouched."""
    assert run(tmp_path, "migrate", "--noinput").returncode == 0
    result = run(tmp_path, "migrate", "recommendations", "zero", "--noinput")
    assert result.returncode == 0, result.stderr
    database = tmp_path / "rectrack.sqlite3"
    with sqlite3.connect(database) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert "recommendations_recommendation" not in tables
    result = run(tmp_path, "migrate", "--noinput")
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(database) as connection:
        targets = connection.execute("SELECT count(*) FROM recommendations_sdgtarget").fetchone()
        cedaw = connection.execute(
            "SELECT name FROM recommendations_mechanism WHERE code = 'CEDAW'"
        ).fetchone()
    assert targets == (169,)
    assert cedaw == ("Committee on the Elimination of Discrimination against Women",)
    assert "[ ]" not in run(tmp_path, "showmigrations").stdout
