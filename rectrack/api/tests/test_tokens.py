"""Personal API tokens: made, named and revoked on the profile page, kept only as a hash,
shown once; a revoked or expired token, or a deactivated user's, opens nothing."""

import datetime
import io

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rectrack.accounts.models import ApiToken
from rectrack.accounts.services import api_token_create, api_token_revoke, token_digest
from rectrack.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
PROFILE = reverse("accounts:profile")


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_a_token_made_on_the_profile_page_is_shown_once_and_stored_only_as_a_hash(client, viewer):
    client.force_login(viewer)
    response = client.post(
        reverse("accounts:token-create"), {"name": "Ministry script", "expires_in_days": "30"}
    )
    html = response.content.decode()
    token = ApiToken.objects.get()
    secret = html.split('id="new-token" class="token" readonly value="')[1].split('"')[0]
    assert secret.startswith("rt_") and len(secret) == 46
    assert response["Cache-Control"] == "no-store"
    assert token.name == "Ministry script" and token.user == viewer
    assert token.digest == token_digest(secret) and secret not in str(vars(token))
    assert token.expires_at.date() == (timezone.now() + datetime.timedelta(days=30)).date()
    assert client.get("/api/v1/mechanisms", **bearer(secret)).status_code == 200
    later = client.get(PROFILE).content.decode()
    assert secret not in later and token.prefix in later and "Ministry script" in later
    entry = AuditEntry.objects.filter(action="create").latest("pk")
    assert "digest" not in entry.changes and secret not in str(entry.changes)


def test_a_revoked_token_opens_nothing_and_stays_listed_as_revoked(client, viewer):
    token, secret = api_token_create(user=viewer, name="Old laptop")
    client.force_login(viewer)
    response = client.post(reverse("accounts:token-revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get("/api/v1/mechanisms", **bearer(secret)).status_code == 401
    assert "Revoked on" in client.get(PROFILE).content.decode()


def test_nobody_revokes_or_sees_another_users_token(client, viewer, coordinator):
    token, secret = api_token_create(user=viewer, name="Mine")
    client.force_login(coordinator)
    assert client.post(reverse("accounts:token-revoke", args=[token.pk])).status_code == 404
    assert "Mine" not in client.get(PROFILE).content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None
    with pytest.raises(PermissionDenied):
        api_token_revoke(token=token, user=coordinator)


def test_an_expired_token_or_a_deactivated_users_token_opens_nothing(client, viewer):
    expired, old_secret = api_token_create(user=viewer, name="Short", expires_in_days=1)
    ApiToken.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert client.get("/api/v1/mechanisms", **bearer(old_secret)).status_code == 401
    _token, secret = api_token_create(user=viewer, name="Current")
    assert client.get("/api/v1/mechanisms", **bearer(secret)).status_code == 200
    viewer.is_active = False
    viewer.save()
    assert client.get("/api/v1/mechanisms", **bearer(secret)).status_code == 401


@pytest.mark.parametrize(
    "header",
    ["Bearer rt_not-a-real-token", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer " + "x" * 5000, ""],
)
def test_a_wrong_token_is_answered_401_in_json_never_a_sign_in_page(client, viewer, header):
    api_token_create(user=viewer, name="Real")
    response = client.get("/api/v1/recommendations", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_last_use_is_recorded_without_writing_on_every_call(client, viewer):
    token, secret = api_token_create(user=viewer, name="Script")
    client.get("/api/v1/mechanisms", **bearer(secret))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get("/api/v1/mechanisms", **bearer(secret))
    token.refresh_from_db()
    assert token.last_used_at == first


def test_a_token_needs_a_name_and_its_name_is_shown_escaped(client, viewer):
    client.force_login(viewer)
    response = client.post(reverse("accounts:token-create"), {"name": ""})
    assert response.status_code == 400 and not ApiToken.objects.exists()
    api_token_create(user=viewer, name="<script>alert(1)</script>")
    html = client.get(PROFILE).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_profile_page_is_for_signed_in_users(client):
    response = client.get(PROFILE)
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_call_with_no_valid_token_nor_session_is_401_reads_and_writes_alike(viewer):
    """Not 403 "CSRF check failed": without a session there is nothing for CSRF to protect,
    and a program told 401 knows its token is the problem."""
    browser_like = Client(enforce_csrf_checks=True)
    token, secret = api_token_create(user=viewer, name="Old")
    api_token_revoke(token=token, user=viewer)
    body = {"title": "A plan", "lead_institution": 1}
    for headers in ({}, bearer(secret), bearer("rt_not-a-token")):
        write = browser_like.post(
            "/api/v1/actions", body, content_type="application/json", **headers
        )
        read = browser_like.get("/api/v1/recommendations", **headers)
        assert (write.status_code, read.status_code) == (401, 401)
        assert write.json() == {"detail": "Unauthorized"}


def test_a_signed_in_session_still_needs_the_csrf_token_to_write(viewer):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(viewer)
    assert browser.get("/api/v1/recommendations").status_code == 200
    write = browser.post("/api/v1/actions", {}, content_type="application/json")
    assert write.status_code == 403


def test_token_calls_are_limited_per_token_with_retry_after(client, viewer, settings):
    settings.RECTRACK_API_RATE = "3/h"  # an hour's window: the test never straddles two
    cache.clear()
    _token, first = api_token_create(user=viewer, name="Busy script")
    _token, second = api_token_create(user=viewer, name="Other script")
    answers = [client.get("/api/v1/mechanisms", **bearer(first)).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    refused = client.get("/api/v1/mechanisms", **bearer(first))
    assert refused.status_code == 429 and 1 <= int(refused["Retry-After"]) <= 3600
    assert "detail" in refused.json()
    assert client.get("/api/v1/mechanisms", **bearer(second)).status_code == 200  # its own count
    client.force_login(viewer)  # the documentation's session is not limited
    assert {client.get("/api/v1/mechanisms").status_code for _ in range(5)} == {200}


def test_an_address_under_the_api_that_matches_nothing_is_a_json_404(client, viewer):
    client.force_login(viewer)
    for address in ("/api/v1/clusters/abc", "/api/v1/institutions/1x", "/api/v1/nothing-here"):
        response = client.get(address)
        assert response.status_code == 404, address
        assert response.json() == {"detail": "Not found."}
    assert "text/html" in client.get("/no-such-page/")["Content-Type"]


def test_an_administrator_makes_a_token_for_a_script_from_the_command_line(client, viewer):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "token",
        "create",
        "--user",
        viewer.username,
        "--name",
        "Nightly sync",
        "--expires",
        "7",
        stdout=out,
        stderr=err,
    )
    secret = out.getvalue().strip()
    token = ApiToken.objects.get(user=viewer)
    assert token.name == "Nightly sync" and token.digest == token_digest(secret)
    assert token.expires_at.date() == (timezone.now() + datetime.timedelta(days=7)).date()
    assert "shown only once" in err.getvalue() and secret not in err.getvalue()
    assert client.get("/api/v1/mechanisms", **bearer(secret)).status_code == 200
    with pytest.raises(CommandError, match="No active user is called nobody"):
        call_command("token", "create", "--user", "nobody", "--name", "x")
    with pytest.raises(CommandError, match="--expires must be a number of days"):
        call_command("token", "create", "--user", viewer.username, "--name", "x", "--expires", "0")
