"""In a browser: a coordinator makes a token on the profile page, reads the API's
documentation (Swagger UI, served from the site under the Content-Security-Policy), and a
program using the token gets the same search results as the web list."""

import pytest
from playwright.sync_api import expect

from rectrack.accounts.models import User
from rectrack.conftest import browser_sign_in
from rectrack.recommendations.models import Recommendation
from rectrack.recommendations.selectors import RecommendationFilters, recommendation_list


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_token_made_in_the_browser_reads_the_api_and_the_docs_break_no_policy(
    live_server, page, demo, csp_violations
):
    browser_sign_in(page, live_server, "admin", demo.admin.password)
    page.get_by_role("link", name="admin (Administrator)").click()
    page.get_by_label("Name").fill("Reporting script")
    page.get_by_role("button", name="Create token").click()
    secret = page.get_by_label("Token").input_value()
    assert secret.startswith("rt_")
    expect(page.locator("tbody")).to_contain_text("Reporting script")

    page.get_by_role("link", name="API documentation").click()
    expect(page.locator(".swagger-ui .title").first).to_contain_text("Rectrack API")
    expect(
        page.locator(".opblock-summary-path", has_text="/api/v1/recommendations").first
    ).to_be_visible()
    assert page.locator(".opblock").count() >= 25

    response = page.request.get(
        live_server.url + "/api/v1/recommendations?q=torture&page_size=100",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status == 200
    expected = recommendation_list(
        user=User.objects.get(username="admin"), filters=RecommendationFilters(query="torture")
    ).values_list("pk", flat=True)
    assert sorted(row["id"] for row in response.json()["results"]) == sorted(expected)
    assert Recommendation.objects.filter(pk__in=list(expected)).count() > 0
    assert csp_violations == []
