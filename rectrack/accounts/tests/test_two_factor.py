"""Optional two-factor sign-in: a user sets an authenticator app up on the profile page
(a QR code, confirmed by the app's first code); from then on the password alone signs no
one in. The administrator can require it of administrators and coordinators."""

import datetime
import re
import time

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from rectrack.accounts.two_factor import two_factor_start
from rectrack.audit.models import AuditEntry
from rectrack.conftest import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = reverse("login")
SETUP = reverse("accounts:two-factor-setup")
VERIFY = reverse("accounts:two-factor-verify")


def code_of(device: TOTPDevice, *, offset: int = 0) -> str:
    """What the user's app shows now, or `offset` steps of 30 seconds later. A code counts
    once: after one was used, the next is the following step's (accepted one step early)."""
    device.refresh_from_db()
    return (
        f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + offset):06d}"
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def turn_on(client, user) -> TOTPDevice:
    client.force_login(user)
    page = client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SETUP, {"code": code_of(device)})
    assert response.status_code == 302
    client.logout()
    device.refresh_from_db()
    return device, page


def test_setting_up_shows_a_qr_code_and_turns_on_with_the_apps_first_code(client, coordinator):
    client.force_login(coordinator)
    page = client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=coordinator)
    assert not device.confirmed
    assert "<svg" in page and "<script" not in page.split("<main")[1]
    secret = re.search(r'id="two-factor-secret">([A-Z2-7 ]+)<', page).group(1)
    assert len(secret.replace(" ", "")) == 32
    wrong = client.post(SETUP, {"code": "000000" if code_of(device) != "000000" else "111111"})
    assert wrong.status_code == 400 and "That code is not right" in wrong.content.decode()
    response = client.post(SETUP, {"code": code_of(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert (
        "On: signing in asks for a code" in client.get(reverse("accounts:profile")).content.decode()
    )
    entry = AuditEntry.objects.get(action="create", model="otp_totp.totpdevice")
    assert device.key not in str(entry.changes)


def test_with_it_on_the_password_alone_signs_no_one_in(client, coordinator):
    device, _page = turn_on(client, coordinator)
    response = client.post(
        LOGIN, {"username": coordinator.username, "password": PASSWORD, "next": "/actions/"}
    )
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    assert not signed_in(client)
    assert client.get("/recommendations/").status_code == 302  # still signed out
    response = client.post(response.url, {"code": code_of(device, offset=5)})
    assert response.status_code == 400 and not signed_in(client)
    # each wrong code doubles the wait before the next try (1 s, 2 s, 4 s ...)
    response = client.post(VERIFY + "?next=/actions/", {"code": code_of(device, offset=1)})
    assert "wait 1 second before trying again" in response.content.decode()
    assert not signed_in(client)
    a_minute_ago = timezone.now() - datetime.timedelta(minutes=1)
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=a_minute_ago)
    response = client.post(VERIFY + "?next=/actions/", {"code": code_of(device, offset=1)})
    assert response.status_code == 302 and response.url == "/actions/"
    assert signed_in(client)
    assert client.get("/recommendations/").status_code == 200


def test_the_code_step_never_redirects_elsewhere_and_expires(client, coordinator, monkeypatch):
    device, _page = turn_on(client, coordinator)
    client.post(LOGIN, {"username": coordinator.username, "password": PASSWORD})
    response = client.post(
        VERIFY + "?next=https://evil.example/", {"code": code_of(device, offset=1)}
    )
    assert response.url == reverse("followup:landing")
    client.logout()
    client.post(LOGIN, {"username": coordinator.username, "password": PASSWORD})
    later = time.time() + 301
    monkeypatch.setattr("rectrack.accounts.views_two_factor.time.time", lambda: later)
    response = client.post(VERIFY, {"code": code_of(device)})
    assert response.status_code == 302 and response.url == LOGIN and not signed_in(client)


def test_five_wrong_codes_send_the_user_back_to_the_password(client, coordinator):
    device, _page = turn_on(client, coordinator)
    client.post(LOGIN, {"username": coordinator.username, "password": PASSWORD})
    wrong = "000000" if code_of(device) != "000000" else "111111"
    for _attempt in range(4):
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
        assert client.post(VERIFY, {"code": wrong}).status_code == 400
    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code == 302 and response.url == LOGIN
    assert client.post(VERIFY, {"code": code_of(device)}).url == LOGIN  # must start again
    assert not signed_in(client)


def test_the_code_step_without_a_password_step_leads_to_the_password(client, coordinator):
    turn_on(client, coordinator)
    response = client.post(VERIFY, {"code": "123456"})
    assert response.status_code == 302 and response.url == LOGIN


def test_turning_it_off_needs_a_current_code(client, coordinator):
    device, _page = turn_on(client, coordinator)
    client.force_login(coordinator)
    client.post(reverse("accounts:two-factor-disable"), {"code": "12345"})
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    client.post(reverse("accounts:two-factor-disable"), {"code": code_of(device, offset=1)})
    assert not TOTPDevice.objects.filter(user=coordinator).exists()
    response = client.post(LOGIN, {"username": coordinator.username, "password": PASSWORD})
    assert response.status_code == 302 and not response.url.startswith(VERIFY)


def test_required_for_coordinators_they_must_set_it_up_before_anything_else(
    client, coordinator, viewer, settings
):
    settings.RECTRACK_REQUIRE_TWO_FACTOR = True
    client.post(LOGIN, {"username": viewer.username, "password": PASSWORD})
    assert client.get("/recommendations/").status_code == 200  # viewers are not required
    client.logout()
    client.post(LOGIN, {"username": coordinator.username, "password": PASSWORD})
    response = client.get("/recommendations/")
    assert response.status_code == 302 and response.url == SETUP
    assert "Your role must sign in with a code" in client.get(SETUP).content.decode()
    assert client.get("/api/v1/actions").status_code == 401  # nor the API with this session
    device = TOTPDevice.objects.get(user=coordinator)
    client.post(SETUP, {"code": code_of(device)})
    assert client.get("/recommendations/").status_code == 200
    assert client.get("/api/v1/actions").status_code == 200
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert "Turn two-factor sign-in off" not in profile


def test_required_a_session_from_before_must_sign_in_again_with_a_code(
    client, coordinator, settings
):
    device, _page = turn_on(client, coordinator)
    client.force_login(coordinator)  # a session that never gave a code
    settings.RECTRACK_REQUIRE_TWO_FACTOR = True
    response = client.get("/recommendations/")
    assert response.status_code == 302 and response.url.startswith(LOGIN)
    assert not signed_in(client)
    assert device.pk


def test_a_new_secret_replaces_one_never_confirmed(coordinator):
    first = two_factor_start(user=coordinator)
    second = two_factor_start(user=coordinator)
    assert list(TOTPDevice.objects.filter(user=coordinator)) == [second]
    assert first.key != second.key
