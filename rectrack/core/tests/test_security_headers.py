"""Every page carries the browser-side protections: a Content-Security-Policy that allows no
inline script, no framing, no MIME sniffing, a same-origin referrer; and in a browser, the
pages (the administration pages too) run under that policy without a single violation."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from rectrack.conftest import browser_sign_in

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize("signed_in", [False, True])
def test_pages_forbid_inline_scripts_framing_and_sniffing(client, viewer, signed_in):
    if signed_in:
        client.force_login(viewer)
    url = reverse("recommendations:list") if signed_in else reverse("login")
    response = client.get(url)
    assert response.status_code == 200
    directives = policy(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    html = response.content.decode()
    assert "<script>" not in html and " style=" not in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_pages_run_under_the_policy_without_a_violation(
    live_server, page, demo, csp_violations
):
    browser_sign_in(page, live_server, "admin", demo.admin.password)
    pages = ("/home/", "/reports/dashboard/", "/recommendations/", "/reports/sdg/")
    for path in (*pages, "/reports/builder/"):
        page.goto(live_server.url + path)
        expect(page.locator("main")).to_be_visible()
    page.goto(live_server.url + "/recommendations/")
    page.get_by_label("Text or reference").fill("torture")
    page.get_by_role("button", name="Apply filters").click()  # an htmx swap
    expect(page.locator(".result-summary")).to_contain_text("found")
    page.locator(".recommendation-item a").first.click()
    expect(page.locator("main")).to_be_visible()
    page.wait_for_load_state("networkidle")  # the similar recommendations, through htmx
    assert csp_violations == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_administration_pages_run_under_the_policy_without_a_violation(
    live_server, page, demo, csp_violations
):
    browser_sign_in(page, live_server, "admin", demo.admin.password)
    for path in (
        "/admin/",
        "/admin/accounts/user/",
        "/admin/accounts/user/1/change/",
        "/admin/recommendations/recommendation/?q=torture",
        "/admin/recommendations/recommendation/1/change/",
        "/admin/institutions/institution/add/",
    ):
        page.goto(live_server.url + path)
        expect(page.locator("#content")).to_be_visible()
    assert csp_violations == []
