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
