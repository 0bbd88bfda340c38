"""README's production steps end with `rectrack createsuperuser`: the person it makes is an
administrator, with Rectrack's role and not only Django's flag."""

import sqlite3

from django.core.management import call_command
from django.urls import reverse

from rectrack.accounts.models import User
from rectrack.core.tests.test_cli import run


def test_createsuperuser_makes_an_administrator_who_can_import(db, client, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a long enough pass phrase")
    call_command("createsuperuser", interactive=False, username="first", email="first@example.org")
    first = User.objects.get(username="first")
    assert (first.is_superuser, first.role) == (True, User.Role.ADMINISTRATOR)
    client.force_login(first)
    page = client.get(reverse("imports:upload"))
    assert page.status_code == 200
    assert f'href="{reverse("imports:list")}"' in page.content.decode()  # the Imports link


def test_superusers_left_as_viewers_become_administrators_on_migrate(tmp_path):
    """Migration accounts 0008, on a scratch database: a superuser made before it, with the
    default Viewer role, is an administrator after it; one given a role on purpose keeps it."""
    assert run(tmp_path, "migrate", "accounts", "0007", "--noinput").returncode == 0
    database = tmp_path / "rectrack.sqlite3"
    with sqlite3.connect(database) as connection:
        for name, superuser, role in [
            ("made-before", 1, "viewer"),
            ("chosen-coordinator", 1, "coordinator"),
            ("plain-viewer", 0, "viewer"),
        ]:
            connection.execute(
                "INSERT INTO accounts_user (password, is_superuser, username, first_name, "
                "last_name, email, is_staff, is_active, date_joined, role, "
                "email_notifications, language) VALUES ('', ?, ?, '', '', '', 0, 1, "
                "'2026-01-01', ?, 'immediate', '')",
                (superuser, name, role),
            )
    result = run(tmp_path, "migrate", "--noinput")
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(database) as connection:
        roles = dict(connection.execute("SELECT username, role FROM accounts_user"))
    assert roles == {
        "made-before": "administrator",
        "chosen-coordinator": "coordinator",
        "plain-viewer": "viewer",
    }
