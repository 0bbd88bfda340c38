"""What a person sees: log in, browse, filter, open a recommendation; no serious a11y issue."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from rectrack.accounts.models import User
from rectrack.recommendations.models import Recommendation
from rectrack.recommendations.selectors import recommendation_list

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']}: {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


def test_a_person_logs_in_filters_and_reads_a_recommendation(live_server, page, demo):
    admin_password = demo.admin.password
    admin = User.objects.get(username=demo.admin.username)
    current = recommendation_list(user=admin).count()

    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.get_by_label("User name").fill("admin")
    page.get_by_label("Password").fill(admin_password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Recommendations").click()

    expect(page.get_by_role("heading", name="Recommendations", exact=True)).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="found")).to_contain_text(
        f"{current} recommendations found."
    )
    assert serious_violations(page) == []

    # Filter by one mechanism; htmx swaps the results in place and the URL records the filter.
    cedaw = Recommendation.objects.filter(
        document__mechanism__code="CEDAW", document__status="current"
    )
    page.get_by_label("Mechanism").select_option("CEDAW")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("status").filter(has_text="found")).to_contain_text(
        f"{cedaw.count()} recommendations found."
    )
    expect(page).to_have_url(re.compile(r"mechanism=CEDAW"))

    first = recommendation_list(user=admin).filter(document__mechanism__code="CEDAW").first()
    page.get_by_role("link", name=f"{first.document} · {first.reference}", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        f"Recommendation {first.reference}"
    )
    expect(page.locator("blockquote")).to_contain_text(first.text[:80])
    for theme in first.themes.all():
        expect(page.get_by_role("link", name=str(theme))).to_be_visible()
    assert serious_violations(page) == []


def test_the_pages_reflow_and_stay_usable_on_a_narrow_screen(live_server, browser_context, demo):
    """400 % zoom of a 1280 px window is a 320 px wide viewport: no sideways scrolling."""
    context = browser_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("User name").fill("admin")
    page.get_by_label("Password").fill(demo.admin.password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    for path in ("/", "/recommendations/", Recommendation.objects.first().get_absolute_url()):
        page.goto(live_server.url + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"
