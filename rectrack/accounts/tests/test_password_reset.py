"""Forgot your password?: a link by e-mail, Django's views in the site's layout, the same
answer for an unknown address, and no way around the two-factor code."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from rectrack.accounts.models import User
from rectrack.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-passphrase"


@pytest.fixture
def fatima(focal_point):
    User.objects.filter(pk=focal_point.pk).update(email="fatima@justice.example.gov")
    focal_point.refresh_from_db()
    return focal_point


def _ask(client, email: str):
    return client.post(reverse("password_reset"), {"email": email}, follow=True)


def _without_csrf(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def _link(mail, base_url: str) -> str:
    [line] = [line for line in mail.body.splitlines() if "/accounts/password/" in line]
    assert line.startswith(base_url)
    return line.removeprefix(base_url)


def test_sign_in_page_offers_the_reset_which_a_signed_out_visitor_reaches(client):
    login = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in login and "Forgot your password?" in login
    page = client.get(reverse("password_reset"))
    assert page.status_code == 200
    html = page.content.decode()
    # The site's layout, not the administration's.
    assert 'class="site-header"' in html and "Django site admin" not in html
    assert "<title>Forgot your password? · Rectrack</title>" in html


def test_a_forgotten_password_is_reset_through_the_emailed_link(
    client, fatima, mailoutbox, settings
):
    settings.RECTRACK_BASE_URL = "https://nmirf.example.gov/"
    answer = _ask(client, "FATIMA@justice.example.gov")
    assert "a link to choose a new password is on its way" in answer.content.decode()
    [mail] = mailoutbox
    assert mail.to == ["fatima@justice.example.gov"]
    assert mail.subject == "Reset your Rectrack password"
    assert "password of fatima-focal" in mail.body and "for 72 hours" in mail.body
    path = _link(mail, "https://nmirf.example.gov")

    form_page = client.get(path, follow=True)
    html = form_page.content.decode()
    assert "Choose a new password" in html and 'class="site-header"' in html
    set_url = form_page.redirect_chain[-1][0]
    short = client.post(set_url, {"new_password1": "short", "new_password2": "short"})
    assert "This password is too short." in short.content.decode()
    done = client.post(
        set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert "Your password is set. Sign in with it now." in done.content.decode()
    assert SESSION_KEY not in client.session  # a reset signs nobody in

    fatima.refresh_from_db()
    assert fatima.check_password(NEW_PASSWORD) and not fatima.check_password(PASSWORD)
    signed_in = client.post(
        reverse("login"), {"username": "fatima-focal", "password": NEW_PASSWORD}
    )
    assert signed_in.status_code == 302
    client.logout()
    used = client.get(path, follow=True).content.decode()
    assert "This link no longer works" in used


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, fatima, mailoutbox):
    known = _ask(client, "fatima@justice.example.gov")
    unknown = _ask(client, "nobody@example.org")
    assert known.redirect_chain == unknown.redirect_chain
    assert _without_csrf(unknown) == _without_csrf(known)  # the same page, word for word
    assert len(mailoutbox) == 1


def test_a_deactivated_user_gets_no_link(client, fatima, mailoutbox):
    User.objects.filter(pk=fatima.pk).update(is_active=False)
    answer = _ask(client, "fatima@justice.example.gov")
    assert "is on its way" in answer.content.decode() and mailoutbox == []


def test_someone_invited_who_lost_the_invitation_can_ask_for_a_link(client, mailoutbox):
    user = User.objects.create(username="nadia-new", email="nadia@example.gov")
    user.set_unusable_password()
    user.save()
    _ask(client, "nadia@example.gov")
    assert [mail.to for mail in mailoutbox] == [["nadia@example.gov"]]


def test_a_tampered_link_sets_nothing(client, fatima, mailoutbox):
    _ask(client, "fatima@justice.example.gov")
    path = _link(mailoutbox[0], "http://127.0.0.1:8000")
    page = client.get(path[:-3] + "xx/", follow=True).content.decode()
    assert "This link no longer works" in page and 'name="new_password1"' not in page


def test_a_link_sent_before_its_user_was_deactivated_opens_nothing(client, fatima, mailoutbox):
    _ask(client, "fatima@justice.example.gov")
    User.objects.filter(pk=fatima.pk).update(is_active=False)
    page = client.get(_link(mailoutbox[0], "http://127.0.0.1:8000"), follow=True).content.decode()
    assert "This link no longer works" in page and 'name="new_password1"' not in page


def test_a_reset_does_not_bypass_the_two_factor_code(client, fatima, mailoutbox):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=fatima, name="Authenticator app", confirmed=True)
    _ask(client, "fatima@justice.example.gov")
    form_page = client.get(_link(mailoutbox[0], "http://127.0.0.1:8000"), follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    response = client.post(reverse("login"), {"username": "fatima-focal", "password": NEW_PASSWORD})
    assert response.status_code == 302 and response.url == reverse("accounts:two-factor-verify")
    assert SESSION_KEY not in client.session


def test_choosing_a_new_password_lifts_a_sign_in_lock(client, fatima, mailoutbox):
    for _attempt in range(5):
        client.post(reverse("login"), {"username": "fatima-focal", "password": "wrong"})
    locked = client.post(reverse("login"), {"username": "fatima-focal", "password": PASSWORD})
    assert locked.status_code == 429
    assert f'href="{reverse("password_reset")}"' in locked.content.decode()
    _ask(client, "fatima@justice.example.gov")
    form_page = client.get(_link(mailoutbox[0], "http://127.0.0.1:8000"), follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    response = client.post(reverse("login"), {"username": "fatima-focal", "password": NEW_PASSWORD})
    assert response.status_code == 302 and SESSION_KEY in client.session


def test_the_reset_email_is_in_the_users_own_language(client, fatima, mailoutbox):
    from django.template.loader import render_to_string
    from django.utils import translation

    fatima.language = "zh-hans"
    fatima.save()
    _ask(client, "fatima@justice.example.gov")
    [mail] = mailoutbox
    with translation.override("zh-hans"):
        subject = render_to_string("registration/password_reset_subject.txt").strip()
    assert mail.subject == subject


def test_an_invitation_is_in_the_new_users_language(admin, mailoutbox):
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.utils import translation

    from rectrack.accounts.services import user_invite

    user = User.objects.create(username="amal", email="amal@example.gov", language="ar")
    user.set_unusable_password()
    user.save()
    user_invite(user=user, by=admin)
    [mail] = mailoutbox
    [link] = re.findall(r"https?://\S+/accounts/welcome/\S+", mail.body)
    context = {
        "user": user,
        "link": link,
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        "login_link": settings.RECTRACK_BASE_URL.rstrip("/") + reverse("login"),
    }
    with translation.override("ar"):
        assert mail.subject == translation.gettext("Your Rectrack account")
        body = render_to_string("registration/invitation_email.txt", context)
    assert mail.body == body
    with translation.override("en"):
        assert mail.body != render_to_string("registration/invitation_email.txt", context)
