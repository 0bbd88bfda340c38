"""In a browser: the administrator turns two-factor sign-in on from the profile page (the
key typed into an "app", here computed by the test), signs out, and signs in again with
password and code; no page breaks the Content-Security-Policy."""

import base64

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from rectrack.conftest import browser_sign_in


def app_code(secret: str, *, step_offset: int = 0) -> str:
    """What an authenticator app shows for a typed-in key."""
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    totp = TOTP(key)
    totp.drift = step_offset
    return f"{totp.token():06d}"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_two_factor_sign_in_set_up_and_used_in_the_browser(live_server, page, demo, csp_violations):
    browser_sign_in(page, live_server, "admin", demo.admin.password)
    page.get_by_role("link", name="admin (Administrator)").click()
    page.get_by_role("link", name="Set up two-factor sign-in").click()
    expect(page.locator(".qr-code svg")).to_be_visible()
    secret = page.locator("#two-factor-secret").inner_text()
    page.get_by_label("Code from your authenticator app").fill(app_code(secret))
    page.get_by_role("button", name="Turn two-factor sign-in on").click()
    expect(page.locator(".messages")).to_contain_text("Two-factor sign-in is on.")

    page.get_by_role("button", name="Log out").click()
    browser_sign_in(page, live_server, "admin", demo.admin.password, "?next=/actions/")
    expect(page.get_by_role("heading", name="Log in: code")).to_be_visible()
    page.get_by_label("Code from your authenticator app").fill(app_code(secret, step_offset=1))
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(live_server.url + "/actions/")
    expect(page.locator(".user-name")).to_contain_text("admin")
    assert csp_violations == []
