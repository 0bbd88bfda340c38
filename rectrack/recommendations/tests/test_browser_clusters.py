"""A coordinator searches, narrows by two facets, gathers the results into a cluster and opens
the cluster's page."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from rectrack.accounts.models import User
from rectrack.accounts.services import user_create
from rectrack.conftest import PASSWORD, reference_data
from rectrack.recommendations.models import Cluster
from rectrack.recommendations.tests.factories import make_document, make_recommendation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    reference_data()
    user_create(username="cora", password=PASSWORD, role=User.Role.COORDINATOR)
    upr = make_document(symbol="A/HRC/55/9", date=datetime.date(2024, 1, 10))
    cedaw = make_document(
        mechanism_code="CEDAW", symbol="CEDAW/C/VLD/CO/8", date=datetime.date(2023, 3, 1)
    )
    make_recommendation(
        document=upr,
        reference="134.1",
        position="supported",
        text="Ensure that victims of domestic violence have access to shelters.",
    )
    make_recommendation(
        document=upr,
        reference="134.2",
        position="supported",
        text="Criminalise domestic violence, including marital rape.",
    )
    make_recommendation(
        document=upr,
        reference="134.3",
        position="noted",
        text="Adopt a national strategy against domestic violence.",
    )
    make_recommendation(
        document=cedaw,
        reference="24",
        text="The Committee recommends shelters for victims of domestic violence.",
    )
    make_recommendation(
        document=upr,
        reference="134.4",
        position="supported",
        text="Build more rural health clinics.",
    )
    Cluster.objects.create(name="Gender-based violence")


def test_search_filter_by_two_facets_add_to_a_cluster_and_open_it(live_server, page, world):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("User name").fill("cora")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + "/recommendations/")

    summary = page.locator(".result-summary")
    page.get_by_label("Text or reference").fill("domestic violence")
    page.get_by_role("button", name="Apply filters").click()
    expect(summary).to_contain_text("4 recommendations found.")
    page.get_by_label("Mechanism", exact=True).select_option("UPR")
    page.get_by_role("button", name="Apply filters").click()
    expect(summary).to_contain_text("3 recommendations found.")
    page.get_by_label("Position").select_option("supported")
    page.get_by_role("button", name="Apply filters").click()
    expect(summary).to_contain_text("2 recommendations found.")
    expect(page).to_have_url(re.compile(r"position=supported"))

    adder = page.locator("#cluster-add")
    expect(adder).to_contain_text("or all 2 matching recommendations")  # refreshed with the list
    page.get_by_label("All 2 matching recommendations, on every page").check()
    adder.get_by_label("Cluster", exact=True).select_option(label="Gender-based violence")
    adder.get_by_role("button", name="Add to cluster").click()
    expect(page.get_by_role("status").first).to_contain_text("2 recommendations added to")
    cluster = Cluster.objects.get()
    assert sorted(cluster.recommendations.values_list("reference", flat=True)) == ["134.1", "134.2"]

    page.goto(live_server.url + f"/clusters/{cluster.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gender-based violence")
    main = page.locator("main")
    expect(main).to_contain_text("victims of domestic violence have access to shelters")
    expect(main).to_contain_text("Criminalise domestic violence")
    expect(main).not_to_contain_text("national strategy")
