"""CSRF protection on every form: each write of the web interface, sent with a valid
session but without the form's CSRF token, is refused and changes nothing; and every form
that posts carries the token."""

import re
from pathlib import Path

import pytest
from django.test import Client

from rectrack.followup.tests.world import OPERATION_NAMES, fingerprint, web_operations

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
POST_FORM = re.compile(r"<form\b[^>]*method=\"post\"[^>]*>(.*?)</form>", re.S | re.I)


@pytest.mark.django_db
@pytest.mark.parametrize("operation", OPERATION_NAMES)
def test_a_write_without_the_csrf_token_is_refused_and_changes_nothing(
    world,
    operation,
    settings,
    tmp_path,
):
    settings.VAR_DIR = tmp_path
    settings.RECTRACK_IMPORTS_IN_BACKGROUND = False
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world["users"]["admin"])  # who may do everything
    _name, url, data, _allowed = next(op for op in web_operations(world) if op[0] == operation)
    before = fingerprint()
    response = browser.post(url, data)
    assert response.status_code == 403
    assert fingerprint() == before


def test_every_form_that_posts_carries_the_csrf_token():
    forms = [
        (path, body)
        for path in TEMPLATES.rglob("*.html")
        for body in POST_FORM.findall(path.read_text())
    ]
    assert len(forms) >= 30
    missing = [str(path) for path, body in forms if "{% csrf_token %}" not in body]
    assert missing == []
