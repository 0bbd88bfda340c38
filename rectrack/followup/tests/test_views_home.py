"""The home page: the secretariat's work first (updates to review, overdue requests, who has
not answered), then the reporting calendar; no charts (they are on the dashboard)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from rectrack.followup.models import Assignment
from rectrack.followup.services.planning import assignment_set
from rectrack.followup.services.requests import update_request_create
from rectrack.followup.services.updates import progress_update_create
from rectrack.recommendations.models import Mechanism
from rectrack.recommendations.tests.factories import make_recommendation

pytestmark = pytest.mark.django_db
HOME = reverse("followup:home")


@pytest.fixture
def shared(coordinator, justice, health):
    """A recommendation led by Justice and supported by Health."""
    recommendation = make_recommendation(text="Ratify the Optional Protocol against Torture.")
    assignment_set(
        recommendation=recommendation,
        institution=justice,
        role=Assignment.Role.LEAD,
        user=coordinator,
    )
    assignment_set(
        recommendation=recommendation,
        institution=health,
        role=Assignment.Role.SUPPORTING,
        user=coordinator,
    )
    return recommendation


def _section(html: str, heading_id: str) -> str:
    return html.split(f'id="{heading_id}"')[1].split("</section>")[0]


def test_coordinator_home_shows_first_what_waits_for_them(client, coordinator, focal_point, shared):
    today = timezone.localdate()
    overdue = update_request_create(
        user=coordinator,
        title="Annual report",
        due_date=today - datetime.timedelta(days=3),
        recommendations=[shared],
    )
    update_request_create(
        user=coordinator,
        title="Mid-term report",
        due_date=today + datetime.timedelta(days=5),
        recommendations=[shared],
    )
    update = progress_update_create(
        user=focal_point,
        recommendation=shared,
        narrative="Bill tabled.",
        status="in_progress",
        submit=True,
    )
    upr = Mechanism.objects.get(code="UPR")
    upr.next_review_date = today + datetime.timedelta(days=60)
    upr.save()
    client.force_login(coordinator)
    html = client.get(HOME).content.decode()
    review = _section(html, "review-heading")
    assert "1 update to review" in review and update.get_absolute_url() in review
    assert "Ministry of Justice" in review
    late = _section(html, "overdue-requests-heading")
    assert "1 overdue update request" in late and overdue.get_absolute_url() in late
    assert "overdue by 3 days" in late
    # Justice answered (its update came after both requests); Health has not.
    assert "Not answered yet (1 of 2 institutions asked):" in late
    assert "Ministry of Health" in late and "Ministry of Justice" not in late
    upcoming = _section(html, "open-requests-heading")
    assert "Mid-term report" in upcoming and "due in 5 days" in upcoming
    assert "Ministry of Health" in upcoming
    calendar = _section(html, "calendar-heading")
    assert "Review" in calendar and reverse("reports:mechanism", args=["UPR"]) in calendar
    # The work comes before the calendar, and no chart is drawn.
    assert html.index('id="review-heading"') < html.index('id="calendar-heading"')
    assert "<svg" not in html
    # Each mechanism's dates are set on its page, linked from here.
    assert (
        f'href="{reverse("reports:mechanism", args=["CEDAW"])}#mechanism-calendar-heading"' in html
    )


def test_coordinator_home_says_when_nothing_waits(client, coordinator):
    client.force_login(coordinator)
    html = client.get(HOME).content.decode()
    assert "No update is waiting for review." in html
    assert "No update request is overdue." in html
    assert "Every institution asked has answered the open requests." in html


@pytest.mark.parametrize("persona", ["viewer", "focal_point", "other_focal_point"])
def test_only_the_secretariat_sees_the_review_queue_and_requests_on_the_home_page(
    client, request, coordinator, focal_point, persona, shared
):
    update_request_create(
        user=coordinator,
        title="Secret correspondence",
        due_date=timezone.localdate() - datetime.timedelta(days=1),
        recommendations=[shared],
    )
    progress_update_create(
        user=focal_point, recommendation=shared, narrative="x", status="in_progress", submit=True
    )
    client.force_login(request.getfixturevalue(persona))
    html = client.get(HOME).content.decode()
    assert "review-heading" not in html and "Secret correspondence" not in html
    assert "Reporting calendar" in html


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    for url in (HOME, reverse("followup:landing")):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_home_queries_do_not_grow_with_the_work(
    client, coordinator, focal_point, justice, django_assert_max_num_queries
):
    def add_work(n: int) -> None:
        for i in range(n):
            recommendation = make_recommendation()
            assignment_set(
                recommendation=recommendation, institution=justice, role="lead", user=coordinator
            )
            update_request_create(
                user=coordinator,
                title=f"Request {n}-{i}",
                due_date=timezone.localdate() - datetime.timedelta(days=1),
                recommendations=[recommendation],
            )
            progress_update_create(
                user=focal_point,
                recommendation=recommendation,
                narrative="x",
                status="in_progress",
                submit=i % 2 == 0,
            )

    add_work(2)
    client.force_login(coordinator)
    with django_assert_max_num_queries(25) as few:
        client.get(HOME)
    add_work(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(HOME).content.decode()
    assert "6 updates to review" in html and "6 overdue update requests" in html
