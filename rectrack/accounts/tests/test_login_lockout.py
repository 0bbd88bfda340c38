"""Sign-in attempts are limited: after five wrong passwords a user name is locked for a
while, even for the right password; a successful sign-in clears the count; an administrator
can unlock it at once."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from rectrack.conftest import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = reverse("login")


def sign_in(client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_five_wrong_passwords_lock_the_user_name_even_for_the_right_one(client, viewer):
    for _attempt in range(4):
        response = sign_in(client, viewer.username, "wrong password")
        assert response.status_code == 200  # the form again, with its error
    response = sign_in(client, viewer.username, "wrong password")
    assert response.status_code == 429
    response = sign_in(client, viewer.username, PASSWORD)
    assert response.status_code == 429
    assert "Too many wrong passwords for this user name. Try again in 15 minutes" in (
        response.content.decode()
    )
    assert not signed_in(client)
    other = client.__class__()
    assert sign_in(other, "someone-else", "wrong password").status_code == 200  # others not


def test_a_successful_sign_in_clears_the_count(client, viewer):
    for _attempt in range(4):
        sign_in(client, viewer.username, "wrong password")
    assert sign_in(client, viewer.username, PASSWORD).status_code == 302
    client.logout()
    for _attempt in range(4):
        assert sign_in(client, viewer.username, "wrong password").status_code == 200
    assert sign_in(client, viewer.username, PASSWORD).status_code == 302
    assert signed_in(client)


def test_an_administrator_unlocks_a_user_name(client, viewer):
    for _attempt in range(5):
        sign_in(client, viewer.username, "wrong password")
    assert sign_in(client, viewer.username, PASSWORD).status_code == 429
    call_command("axes_reset_username", viewer.username, stdout=io.StringIO())
    assert sign_in(client, viewer.username, PASSWORD).status_code == 302
