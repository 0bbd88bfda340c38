"""A coordinator builds the UPR mid-term report of the demo data in the browser and
downloads it; the file is the report of the demo's current UPR recommendations."""

import pytest
from docx import Document
from playwright.sync_api import expect

from rectrack.accounts.models import User
from rectrack.recommendations.models import Mechanism
from rectrack.recommendations.selectors import RecommendationFilters, recommendation_list

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_builds_and_downloads_the_upr_mid_term_report(live_server, page, demo):
    credential = next(c for c in demo.credentials if c.username == "coordinator")
    coordinator = User.objects.get(username="coordinator")
    upr = recommendation_list(
        user=coordinator, filters=RecommendationFilters(kind=Mechanism.Kind.UPR)
    )
    expected = {f"{r.document.mechanism.code} {r.document.symbol} {r.reference}" for r in upr}
    assert len(expected) > 10

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("User name").fill("coordinator")
    page.get_by_label("Password").fill(credential.password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", name="Build a report")).to_be_visible()
    page.get_by_label("Report:", exact=True).select_option(label="UPR mid-term report")
    page.get_by_label("Group by").select_option(label="Cluster")
    page.get_by_label("Word (.docx), to edit").check()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the draft").click()
    download = download_info.value
    assert download.suggested_filename.startswith("upr-mid-term-report-")
    assert download.suggested_filename.endswith(".docx")

    document = Document(download.path())
    assert document.paragraphs[0].text == "UPR mid-term report"
    found = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert len(found) == len(set(found))  # each recommendation once
    assert set(found) == expected
    assert len(document.inline_shapes) == 2  # the summary's charts
