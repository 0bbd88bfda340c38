"""The recommendation picker in a browser: a coordinator plans an action for a recommendation
from its page, types a further reference, ticks a suggestion and saves; and the same without
JavaScript (search, tick, add)."""

import datetime

import pytest
from playwright.sync_api import expect

from rectrack.accounts.models import User
from rectrack.accounts.services import user_create
from rectrack.conftest import PASSWORD, browser_sign_in, reference_data
from rectrack.followup.models import Action
from rectrack.institutions.models import Institution
from rectrack.recommendations.tests.factories import make_document, make_recommendation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    reference_data()
    Institution.objects.create(name="Ministry of Justice", code="MOJ")
    user_create(username="cora", password=PASSWORD, role=User.Role.COORDINATOR)
    document = make_document(symbol="A/HRC/43/15", date=datetime.date(2024, 1, 10))
    return {
        ref: make_recommendation(document=document, reference=ref, text=text)
        for ref, text in [
            ("121.1", "Ratify the Optional Protocol to the Convention against Torture."),
            ("121.2", "Establish a national preventive mechanism."),
            ("140.218", "Guarantee legal aid to every detainee."),
        ]
    }


def test_coordinator_plans_an_action_choosing_a_further_recommendation_by_its_reference(
    live_server, page, csp_violations, world
):
    browser_sign_in(page, live_server, "cora", PASSWORD)
    page.goto(live_server.url + world["140.218"].get_absolute_url())
    page.get_by_role("link", name="Plan an action for this recommendation").click()
    chosen = page.locator(".picker-chosen")
    expect(chosen).to_contain_text("A/HRC/43/15 140.218")
    page.get_by_label("Title").fill("Torture prevention and legal aid")
    page.get_by_label("Lead institution").select_option(label="Ministry of Justice")
    page.get_by_label("Find recommendations").press_sequentially("121.1", delay=50)
    suggestion = page.locator("#picker-results").get_by_label("A/HRC/43/15 121.1")
    expect(suggestion).to_be_visible()
    expect(page.locator("#picker-results")).not_to_contain_text("121.2")
    suggestion.check()
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Torture prevention")
    action = Action.objects.get()
    assert sorted(r.reference for r in action.recommendations.all()) == ["121.1", "140.218"]
    assert csp_violations == []


def test_without_javascript_search_tick_and_add(live_server, browser_context, world):
    page = browser_context(java_script_enabled=False).new_page()
    page.set_default_timeout(15000)
    browser_sign_in(page, live_server, "cora", PASSWORD)
    page.goto(live_server.url + "/actions/new/")
    page.get_by_label("Title").fill("Legal aid")
    page.get_by_label("Lead institution").select_option(label="Ministry of Justice")
    page.get_by_label("Find recommendations").fill("121")
    page.get_by_role("button", name="Search").click()
    page.locator("#picker-results").get_by_label("A/HRC/43/15 121.2").check()
    page.get_by_label("Or type their references").fill("140.218")
    page.get_by_role("button", name="Add the ticked and typed recommendations").click()
    chosen = page.locator(".picker-chosen")
    expect(chosen).to_contain_text("A/HRC/43/15 121.2")
    expect(chosen).to_contain_text("A/HRC/43/15 140.218")
    expect(page.get_by_label("Title")).to_have_value("Legal aid")
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Legal aid")
    action = Action.objects.get()
    assert sorted(r.reference for r in action.recommendations.all()) == ["121.2", "140.218"]


def test_picker_and_confirmation_pages_are_accessible_and_reflow(
    live_server, browser_context, world
):
    """No serious axe finding on the form with suggestions shown and on a confirmation page;
    no sideways scrolling at 320 px (400 % zoom)."""
    from axe_playwright_python.sync_playwright import Axe

    from rectrack.recommendations.services import cluster_create

    cluster = cluster_create(user=User.objects.get(username="cora"), name="Detention")
    cluster.recommendations.add(*world.values())
    for width in (1280, 320):
        page = browser_context(viewport={"width": width, "height": 800}).new_page()
        page.set_default_timeout(15000)
        browser_sign_in(page, live_server, "cora", PASSWORD)
        for path in (
            f"/actions/new/?recommendations={world['121.1'].pk}",
            f"/clusters/{cluster.pk}/delete/",
        ):
            assert page.goto(live_server.url + path).ok, path
            if "actions" in path:
                page.get_by_label("Find recommendations").press_sequentially("121", delay=30)
                expect(page.locator("#picker-results")).to_contain_text("121.2")
            if width == 320:
                overflow = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
            else:
                violations = [
                    f"{violation['id']}: {violation['help']}"
                    for violation in Axe().run(page).response["violations"]
                    if violation["impact"] in {"serious", "critical"}
                ]
                assert violations == [], path
