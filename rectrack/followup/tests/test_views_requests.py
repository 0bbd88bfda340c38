"""Update request pages: a coordinator asks institutions for updates on a filtered list of
recommendations or on actions, and sees who has answered."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from rectrack.accounts.models import User
from rectrack.accounts.services import user_create
from rectrack.audit.selectors import audit_history
from rectrack.followup.models import Assignment, UpdateRequest
from rectrack.followup.services.planning import action_create, assignment_set
from rectrack.followup.services.requests import update_request_create
from rectrack.followup.services.updates import progress_update_create
from rectrack.institutions.models import Institution
from rectrack.recommendations.services import theme_get_or_create
from rectrack.recommendations.tests.factories import make_document, make_recommendation

pytestmark = pytest.mark.django_db
HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture
def interior(db):
    return Institution.objects.create(name="Ministry of the Interior", code="MOI")


@pytest.fixture
def justice_focal_point(justice):
    user = user_create(username="fp-justice", password="x" * 12, role=User.Role.FOCAL_POINT)
    user.institutions.add(justice)
    return user


@pytest.fixture
def other_focal_point(interior):
    user = user_create(username="fp-interior", password="x" * 12, role=User.Role.FOCAL_POINT)
    user.institutions.add(interior)
    return user


@pytest.fixture
def justice_theme(db):
    return theme_get_or_create(name="Administration of justice", code="D51")


@pytest.fixture
def recommendations(coordinator, justice, health, justice_theme):
    """Three on the justice theme (led by Justice), two others (led by Health)."""
    document = make_document()
    on_theme = [make_recommendation(document=document, themes=[justice_theme]) for _ in range(3)]
    others = [make_recommendation(document=document) for _ in range(2)]
    for recommendation in on_theme:
        assignment_set(
            recommendation=recommendation,
            institution=justice,
            role=Assignment.Role.LEAD,
            user=coordinator,
        )
    for recommendation in others:
        assignment_set(
            recommendation=recommendation,
            institution=health,
            role=Assignment.Role.LEAD,
            user=coordinator,
        )
    return on_theme, others


@pytest.fixture
def update_request(coordinator, recommendations, justice, health):
    on_theme, others = recommendations
    return update_request_create(
        user=coordinator,
        title="Mid-term report 2026",
        due_date=timezone.localdate() + datetime.timedelta(days=30),
        recommendations=[on_theme[0], others[0]],
    )


def request_post(**overrides) -> dict:
    data = {
        "title": "Mid-term report",
        "message": "Please report on progress.",
        "due_date": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
        "include_recommendations": "on",
    }
    data.update(overrides)
    return data


def test_anonymous_is_sent_to_the_login_page(client, update_request):
    for url in (
        reverse("followup:request-list"),
        reverse("followup:request-create"),
        reverse("followup:request-detail", args=[update_request.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url
    response = client.post(reverse("followup:request-create"), request_post())
    assert response.status_code == 302 and UpdateRequest.objects.count() == 1


def test_viewer_sees_no_requests_and_cannot_make_one(client, viewer, update_request, justice_theme):
    client.force_login(viewer)
    assert client.get(reverse("followup:request-list")).status_code == 403
    assert client.get(reverse("followup:request-create")).status_code == 403
    detail = reverse("followup:request-detail", args=[update_request.pk])
    assert client.get(detail).status_code == 403
    url = reverse("followup:request-create") + f"?theme={justice_theme.pk}"
    assert client.post(url, request_post()).status_code == 403
    assert UpdateRequest.objects.count() == 1


def test_focal_points_see_only_requests_to_their_institutions_and_cannot_make_one(
    client, justice_focal_point, other_focal_point, update_request, justice_theme
):
    detail = reverse("followup:request-detail", args=[update_request.pk])
    client.force_login(other_focal_point)
    assert list(client.get(reverse("followup:request-list")).context["page"].object_list) == []
    assert client.get(detail).status_code == 404
    client.force_login(justice_focal_point)
    listed = client.get(reverse("followup:request-list")).context["page"].object_list
    assert list(listed) == [update_request]
    assert client.get(detail).status_code == 200
    for user in (justice_focal_point, other_focal_point):
        client.force_login(user)
        url = reverse("followup:request-create") + f"?theme={justice_theme.pk}"
        assert client.get(url).status_code == 403
        assert client.post(url, request_post()).status_code == 403
    assert UpdateRequest.objects.count() == 1


def test_coordinator_requests_updates_on_a_filtered_list(
    client, coordinator, recommendations, justice_theme, justice
):
    on_theme, _others = recommendations
    client.force_login(coordinator)
    url = reverse("followup:request-create") + f"?theme={justice_theme.pk}"
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["recommendation_count"] == 3
    assert list(page.context["responsible"]) == [justice]
    assert page.context["form"]["include_recommendations"].value() is True
    response = client.post(url, request_post(title="Justice mid-term"))
    created = UpdateRequest.objects.get(title="Justice mid-term")
    assert response.status_code == 302 and response.url == created.get_absolute_url()
    assert created.recommendations.count() == 3
    assert set(created.recommendations.all()) == set(on_theme)
    assert list(created.institutions.all()) == [justice]
    assert created.created_by == coordinator
    assert audit_history(obj=created).get().action == "create"


def test_request_on_actions_with_named_institutions(client, coordinator, justice, health, interior):
    action = action_create(user=coordinator, title="Prison reform", lead_institution=justice)
    client.force_login(coordinator)
    url = reverse("followup:request-create") + f"?actions={action.pk}"
    page = client.get(url)
    assert page.context["form"]["include_recommendations"].value() is False
    assert list(page.context["responsible"]) == [justice]
    response = client.post(
        url,
        request_post(
            title="Prison figures",
            include_recommendations="",
            actions=[action.pk],
            institutions=[justice.pk, interior.pk],
        ),
    )
    assert response.status_code == 302
    created = UpdateRequest.objects.get()
    assert list(created.actions.all()) == [action] and not created.recommendations.exists()
    assert {i.code for i in created.institutions.all()} == {"MOJ", "MOI"}


def test_a_request_needs_an_item_and_a_date_not_in_the_past(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("followup:request-create"), request_post(include_recommendations="")
    )
    assert response.status_code == 400
    assert "Choose at least one recommendation or action." in response.content.decode()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        reverse("followup:request-create"), request_post(due_date=yesterday.isoformat())
    )
    assert response.status_code == 400
    assert "The due date cannot be in the past." in response.content.decode()
    assert not UpdateRequest.objects.exists()


def test_request_detail_shows_which_institutions_answered(
    client, coordinator, justice_focal_point, update_request, recommendations
):
    on_theme, _others = recommendations
    client.force_login(coordinator)
    url = reverse("followup:request-detail", args=[update_request.pk])
    answers = dict((i.code, answered) for i, answered in client.get(url).context["answers"])
    assert answers == {"MOJ": False, "MOH": False}
    progress_update_create(
        user=justice_focal_point,
        recommendation=on_theme[0],
        narrative="Legal aid law adopted.",
        status="implemented",
        submit=True,
    )
    response = client.get(url)
    answers = dict((i.code, answered) for i, answered in response.context["answers"])
    assert answers == {"MOJ": True, "MOH": False}
    text = response.content.decode()
    assert "1 of 2 have answered." in text and "Not yet" in text
    assert "Mid-term report 2026" in text and str(on_theme[0]) in text


def test_request_list_is_paged_without_a_query_per_request(
    client, coordinator, recommendations, django_assert_max_num_queries
):
    on_theme, _others = recommendations
    for number in range(30):
        update_request_create(
            user=coordinator,
            title=f"Request {number}",
            due_date=timezone.localdate(),
            recommendations=on_theme,
        )
    client.force_login(coordinator)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("followup:request-list"))
    rows = response.context["page"].object_list
    assert len(rows) == 25 and rows[0].recommendation_count == 3
    assert rows[0].institution_count == 1


def test_hostile_request_titles_and_messages_are_escaped(client, coordinator, recommendations):
    on_theme, _others = recommendations
    update_request = update_request_create(
        user=coordinator,
        title=HOSTILE,
        message=HOSTILE,
        due_date=timezone.localdate(),
        recommendations=on_theme,
    )
    client.force_login(coordinator)
    for url in (
        reverse("followup:request-list"),
        reverse("followup:request-detail", args=[update_request.pk]),
    ):
        text = client.get(url).content.decode()
        assert HOSTILE not in text and "&lt;img src=x onerror=alert(1)&gt;" in text


def test_request_page_costs_the_same_queries_for_two_institutions_or_six(
    client, coordinator, recommendations, justice, health
):
    def page_queries(request) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(request.get_absolute_url()).status_code == 200
        return len(captured)

    on_theme, others = recommendations
    client.force_login(coordinator)
    due = timezone.localdate() + datetime.timedelta(days=30)
    two = update_request_create(
        user=coordinator,
        title="Two asked",
        due_date=due,
        recommendations=[*on_theme, *others],
        institutions=[justice, health],
    )
    more = [Institution.objects.create(name=f"Agency {n}", code=f"AG{n}") for n in range(4)]
    six = update_request_create(
        user=coordinator,
        title="Six asked",
        due_date=due,
        recommendations=[*on_theme, *others],
        institutions=[justice, health, *more],
    )
    page_queries(two)  # warm the session and the caches alike
    assert page_queries(six) == page_queries(two)
