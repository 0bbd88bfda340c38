"""Pages of the plan: actions, comments, indicators, measurements and the home page's calendar.
Every view and every POST has a permission case; writes are checked in the audit trail."""

import datetime
import decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from rectrack.accounts.models import User
from rectrack.accounts.services import user_create
from rectrack.audit.models import AuditEntry
from rectrack.audit.selectors import audit_history
from rectrack.followup.models import Action, Assignment, Comment, Indicator, Measurement
from rectrack.followup.services.planning import action_create, assignment_set, indicator_create
from rectrack.recommendations.models import Mechanism
from rectrack.recommendations.tests.factories import make_document, make_recommendation

pytestmark = pytest.mark.django_db
HOSTILE = '<script>alert("x")</script>'


@pytest.fixture
def justice_focal_point(justice):
    user = user_create(username="fp-justice", password="x" * 12, role=User.Role.FOCAL_POINT)
    user.institutions.add(justice)
    return user


@pytest.fixture
def other_focal_point(health):
    user = user_create(username="fp-health", password="x" * 12, role=User.Role.FOCAL_POINT)
    user.institutions.add(health)
    return user


@pytest.fixture
def recommendations(coordinator, justice):
    document = make_document()
    made = [make_recommendation(document=document) for _ in range(3)]
    for recommendation in made:
        assignment_set(
            recommendation=recommendation,
            institution=justice,
            role=Assignment.Role.LEAD,
            user=coordinator,
        )
    return made


@pytest.fixture
def action(coordinator, justice, recommendations):
    return action_create(
        user=coordinator,
        title="Legal aid reform",
        lead_institution=justice,
        deadline=datetime.date(2030, 1, 1),
        links={"recommendations": recommendations[:2]},
    )


@pytest.fixture
def indicator(coordinator, action):
    return indicator_create(user=coordinator, title="Legal aid centres open", actions=[action])


def action_post(institution, **overrides) -> dict:
    data = {
        "title": "Train judges",
        "description": "",
        "lead_institution": institution.pk,
        "recommendations": [],
        "sdg_targets": "",
        "start_date": "",
        "deadline": "",
        "budget_amount": "",
        "budget_currency": "",
        "funding_source": "",
        "status": "planned",
    }
    data.update(overrides)
    return data


def edit_post(action: Action, **overrides) -> dict:
    data = action_post(
        action.lead_institution,
        title=action.title,
        recommendations=[r.pk for r in action.recommendations.all()],
        deadline=action.deadline.isoformat() if action.deadline else "",
        status=action.status,
        version=action.version,
    )
    data.update(overrides)
    return data


# Permissions --------------------------------------------------------------------------------


def test_anonymous_is_sent_to_the_login_page_and_changes_nothing(client, action, indicator):
    pages = [
        reverse("followup:home"),
        reverse("followup:action-list"),
        reverse("followup:action-create"),
        reverse("followup:action-detail", args=[action.pk]),
        reverse("followup:action-edit", args=[action.pk]),
        reverse("followup:indicator-create"),
        reverse("followup:indicator-detail", args=[indicator.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url
    posts = {
        reverse("followup:action-create"): action_post(action.lead_institution),
        reverse("followup:action-edit", args=[action.pk]): edit_post(action, title="Hacked"),
        reverse("followup:action-comment-add", args=[action.pk]): {"body": "Hello"},
        reverse("followup:indicator-create"): {"title": "Hacked"},
        reverse("followup:measurement-add", args=[indicator.pk]): {
            "date": "2025-01-01",
            "value": "3",
        },
        reverse("reports:mechanism-calendar", args=["UPR"]): {"next_report_due": "2031-01-01"},
    }
    for url, data in posts.items():
        response = client.post(url, data)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url
    assert list(Action.objects.values_list("title", flat=True)) == ["Legal aid reform"]
    assert not Comment.objects.exists() and not Measurement.objects.exists()
    assert Indicator.objects.count() == 1


@pytest.mark.parametrize("persona", ["viewer", "other_focal_point"])
def test_viewer_and_focal_point_of_other_ministry_cannot_change_the_plan(
    client, request, persona, action, indicator
):
    client.force_login(request.getfixturevalue(persona))
    entries_before = AuditEntry.objects.count()
    forbidden = [
        ("get", reverse("followup:action-create"), None),
        ("post", reverse("followup:action-create"), action_post(action.lead_institution)),
        ("get", reverse("followup:action-edit", args=[action.pk]), None),
        ("post", reverse("followup:action-edit", args=[action.pk]), edit_post(action, title="X")),
        ("post", reverse("followup:action-comment-add", args=[action.pk]), {"body": "Hi"}),
        ("get", reverse("followup:indicator-create"), None),
        ("post", reverse("followup:indicator-create"), {"title": "Hacked"}),
        (
            "post",
            reverse("followup:measurement-add", args=[indicator.pk]),
            {"date": "2025-01-01", "value": "3"},
        ),
        (
            "post",
            reverse("reports:mechanism-calendar", args=["UPR"]),
            {"next_report_due": "2031-01-01"},
        ),
    ]
    for method, url, data in forbidden:
        response = getattr(client, method)(url, data or {})
        assert response.status_code in (403, 404), (method, url)
    action.refresh_from_db()
    assert action.title == "Legal aid reform" and action.version == 1
    assert Action.objects.count() == 1 and Indicator.objects.count() == 1
    assert not Comment.objects.exists() and not Measurement.objects.exists()
    assert AuditEntry.objects.count() == entries_before


def test_everyone_signed_in_reads_the_plan_but_only_those_responsible_see_its_comments(
    client, viewer, other_focal_point, justice_focal_point, action, coordinator
):
    Comment.objects.create(author=coordinator, action=action, body="Internal coordination note")
    for user, sees_work in [
        (viewer, False),
        (other_focal_point, False),
        (justice_focal_point, True),
        (coordinator, True),
    ]:
        client.force_login(user)
        response = client.get(reverse("followup:action-detail", args=[action.pk]))
        assert response.status_code == 200
        text = response.content.decode()
        assert "Legal aid reform" in text
        write_link = reverse("followup:action-update-create", args=[action.pk])
        assert (write_link in text) is sees_work, user
        assert ("Internal coordination note" in text) is sees_work, user
        assert client.get(reverse("followup:action-list")).status_code == 200


def test_missing_action_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("followup:action-detail", args=[999])).status_code == 404
    assert client.get(reverse("followup:action-edit", args=[999])).status_code == 404


def test_comments_only_by_post(client, coordinator, action):
    client.force_login(coordinator)
    url = reverse("followup:action-comment-add", args=[action.pk])
    assert client.get(url).status_code == 405
    assert client.get(reverse("followup:measurement-add", args=[action.pk])).status_code == 405


# Creating and editing actions ---------------------------------------------------------------


def test_coordinator_creates_an_action_answering_several_recommendations(
    client, coordinator, justice, health, recommendations
):
    client.force_login(coordinator)
    ids = ",".join(str(r.pk) for r in recommendations)
    page = client.get(reverse("followup:action-create") + f"?recommendations={ids}")
    assert page.status_code == 200
    text = page.content.decode()
    for recommendation in recommendations:  # shown chosen in the picker, by reference
        assert f'value="{recommendation.pk}" checked' in text and str(recommendation) in text
    response = client.post(
        reverse("followup:action-create"),
        action_post(
            justice,
            title="Legal aid centres",
            supporting_institutions=[health.pk],
            recommendations=[r.pk for r in recommendations],
            sdg_targets="16.3",
            start_date="2025-01-01",
            deadline="2026-06-30",
            budget_amount="150000.50",
            budget_currency="eur",
            funding_source="State budget",
            status="ongoing",
        ),
    )
    action = Action.objects.get(title="Legal aid centres")
    assert response.status_code == 302 and response.url == action.get_absolute_url()
    assert set(action.recommendations.all()) == set(recommendations)
    assert list(action.supporting_institutions.all()) == [health]
    assert [t.code for t in action.sdg_targets.all()] == ["16.3"]
    assert action.budget_amount == decimal.Decimal("150000.50")
    assert action.budget_currency == "EUR" and action.status == "ongoing"
    # The amount is written as each language writes numbers.
    assert "150,000.50 EUR" in client.get(action.get_absolute_url()).content.decode()
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert "150\xa0000,50 EUR" in client.get(action.get_absolute_url()).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    entry = audit_history(obj=action).get()
    assert entry.action == "create" and entry.user == coordinator
    assert entry.changes["title"] == [None, "Legal aid centres"]
    assert entry.changes["deadline"] == [None, "2026-06-30"]
    assert entry.changes["supporting_institutions"] == [None, ["Ministry of Health"]]


def test_action_form_reports_unknown_recommendations_and_targets_and_saves_nothing(
    client, coordinator, justice
):
    client.force_login(coordinator)
    response = client.post(
        reverse("followup:action-create"),
        action_post(
            justice,
            recommendations=["99999", "abc"],
            sdg_targets="99.9",
            start_date="2026-01-01",
            deadline="2025-01-01",
        ),
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "These recommendations do not exist (any more): abc, 99999." in text
    assert "Unknown SDG targets: 99.9." in text
    assert "The deadline cannot be before the start date." in text
    assert not Action.objects.exists()


def test_focal_point_of_lead_institution_edits_the_action_but_not_who_is_responsible(
    client, justice_focal_point, action, health
):
    client.force_login(justice_focal_point)
    assert client.get(reverse("followup:action-edit", args=[action.pk])).status_code == 200
    response = client.post(
        reverse("followup:action-edit", args=[action.pk]),
        edit_post(
            action,
            title="Legal aid reform, phase 1",
            status="ongoing",
            lead_institution=health.pk,
            supporting_institutions=[health.pk],
        ),
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.title, action.status, action.version) == (
        "Legal aid reform, phase 1",
        "ongoing",
        2,
    )
    assert action.lead_institution.code == "MOJ"
    assert not action.supporting_institutions.exists()
    entry = audit_history(obj=action).filter(action="update").get()
    assert entry.user == justice_focal_point
    assert entry.changes == {
        "title": ["Legal aid reform", "Legal aid reform, phase 1"],
        "status": ["planned", "ongoing"],
    }
    page = client.get(reverse("followup:action-detail", args=[action.pk])).content.decode()
    assert "Legal aid reform, phase 1" in page and "History" in page


def test_coordinator_edit_is_recorded_with_old_and_new_values_shown_in_history(
    client, coordinator, action, health, recommendations
):
    client.force_login(coordinator)
    response = client.post(
        reverse("followup:action-edit", args=[action.pk]),
        edit_post(
            action,
            supporting_institutions=[health.pk],
            deadline="2031-12-31",
            recommendations=[recommendations[2].pk],
        ),
    )
    assert response.status_code == 302
    entry = audit_history(obj=action).filter(action="update").get()
    assert entry.changes["deadline"] == ["2030-01-01", "2031-12-31"]
    assert entry.changes["supporting_institutions"] == [[], ["Ministry of Health"]]
    assert entry.changes["recommendations"][1] == [str(recommendations[2])]
    page = client.get(reverse("followup:action-detail", args=[action.pk])).content.decode()
    assert "Jan. 1, 2030" in page and "Dec. 31, 2031" in page  # history in the local format


def test_second_edit_from_the_same_version_is_refused_with_409_and_the_first_stays(
    client, coordinator, justice_focal_point, action
):
    seen = action.version
    client.force_login(coordinator)
    first = client.post(
        reverse("followup:action-edit", args=[action.pk]),
        edit_post(action, title="Title by coordinator", version=seen),
    )
    assert first.status_code == 302
    client.force_login(justice_focal_point)
    second = client.post(
        reverse("followup:action-edit", args=[action.pk]),
        edit_post(action, title="Title by focal point", status="delayed", version=seen),
    )
    assert second.status_code == 409
    text = second.content.decode()
    assert "Someone else changed this action" in text
    assert "Legal aid reform" in text and "Title by coordinator" in text  # their change
    assert 'value="Title by focal point"' in text  # the user's own edit is kept in the form
    assert 'name="version" value="2"' in text
    action.refresh_from_db()
    assert (action.title, action.status, action.version) == ("Title by coordinator", "planned", 2)
    assert audit_history(obj=action).filter(action="update").count() == 1


def test_hostile_titles_and_comments_are_escaped(client, coordinator, justice, action):
    client.force_login(coordinator)
    client.post(
        reverse("followup:action-edit", args=[action.pk]),
        edit_post(action, title=HOSTILE, description=HOSTILE),
    )
    client.post(reverse("followup:action-comment-add", args=[action.pk]), {"body": HOSTILE})
    assert Comment.objects.get().body == HOSTILE
    for url in (
        reverse("followup:action-detail", args=[action.pk]),
        reverse("followup:action-list"),
    ):
        text = client.get(url).content.decode()
        assert HOSTILE not in text
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text


def test_focal_point_comments_on_an_action_of_their_ministry(client, justice_focal_point, action):
    client.force_login(justice_focal_point)
    response = client.post(
        reverse("followup:action-comment-add", args=[action.pk]),
        {"body": "  We need the budget line.  "},
    )
    assert response.status_code == 302 and response.url.endswith("#comments")
    comment = Comment.objects.get()
    assert (comment.body, comment.author, comment.action) == (
        "We need the budget line.",
        justice_focal_point,
        action,
    )
    client.post(reverse("followup:action-comment-add", args=[action.pk]), {"body": ""})
    assert Comment.objects.count() == 1


# Lists ---------------------------------------------------------------------------------------


def test_action_list_filters_by_status_and_institution_and_marks_overdue(
    client, viewer, coordinator, justice, health
):
    action_create(
        user=coordinator,
        title="Late one",
        lead_institution=justice,
        deadline=datetime.date(2000, 1, 1),
        status="ongoing",
    )
    supported = action_create(
        user=coordinator,
        title="Health plan",
        lead_institution=health,
        status="completed",
        deadline=datetime.date(2000, 1, 1),
    )
    supported.supporting_institutions.add(justice)
    action_create(user=coordinator, title="Other health", lead_institution=health)
    client.force_login(viewer)
    url = reverse("followup:action-list")
    by_justice = client.get(url, {"institution": justice.pk}).context["page"].object_list
    assert {a.title for a in by_justice} == {"Late one", "Health plan"}
    completed = client.get(url, {"status": "completed"}).context["page"].object_list
    assert [a.title for a in completed] == ["Health plan"]
    overdue = client.get(url, {"overdue": "on"}).context["page"].object_list
    assert [a.title for a in overdue] == ["Late one"]
    text = client.get(url).content.decode()
    assert text.count('class="row-overdue"') == 1 and "Overdue" in text
    assert client.get(url, {"status": "nonsense"}).context["page"] is None


def test_action_list_queries_do_not_grow_with_the_number_of_actions(
    client, viewer, coordinator, justice, health, recommendations, django_assert_max_num_queries
):
    for number in range(30):
        action = action_create(
            user=coordinator,
            title=f"Action {number}",
            lead_institution=justice,
            links={"recommendations": recommendations, "supporting_institutions": [health]},
        )
    client.force_login(viewer)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("followup:action-list"))
    assert len(response.context["page"].object_list) == 25
    assert response.context["page"].object_list[0].recommendation_count == 3
    assert action.pk


# Indicators and measurements ----------------------------------------------------------------


def test_coordinator_creates_an_indicator_linked_to_an_action_and_recommendations(
    client, coordinator, action, recommendations
):
    client.force_login(coordinator)
    page = client.get(reverse("followup:indicator-create") + f"?actions={action.pk}")
    assert page.status_code == 200
    response = client.post(
        reverse("followup:indicator-create"),
        {
            "title": "Share of detainees with a lawyer",
            "unit": "%",
            "baseline_value": "35",
            "baseline_year": "2022",
            "target_value": "90",
            "target_year": "2027",
            "data_source": "Prison statistics",
            "actions": [action.pk],
            "recommendations": [recommendations[0].pk],
        },
    )
    indicator = Indicator.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("followup:indicator-detail", args=[indicator.pk])
    assert list(indicator.actions.all()) == [action]
    assert list(indicator.recommendations.all()) == [recommendations[0]]
    assert indicator.target_value == 90
    assert audit_history(obj=indicator).get().action == "create"
    detail = client.get(reverse("followup:action-detail", args=[action.pk])).content.decode()
    assert "Share of detainees with a lawyer" in detail


def test_focal_point_of_the_measured_action_records_a_measurement(
    client, justice_focal_point, indicator
):
    client.force_login(justice_focal_point)
    page = client.get(reverse("followup:indicator-detail", args=[indicator.pk]))
    assert "Record a measurement" in page.content.decode()
    response = client.post(
        reverse("followup:measurement-add", args=[indicator.pk]),
        {"date": "2025-03-31", "value": "12.5", "note": "First quarter"},
    )
    assert response.status_code == 302
    measurement = Measurement.objects.get()
    assert (measurement.date, measurement.value, measurement.note) == (
        datetime.date(2025, 3, 31),
        decimal.Decimal("12.5"),
        "First quarter",
    )
    entry = AuditEntry.objects.get(model="followup.measurement")
    assert entry.user == justice_focal_point and entry.changes["value"] == [None, "12.5"]
    page = client.get(reverse("followup:indicator-detail", args=[indicator.pk])).content.decode()
    assert "First quarter" in page and "12.5" in page


def test_invalid_measurement_is_refused_and_viewers_get_no_form(
    client, coordinator, viewer, indicator
):
    client.force_login(coordinator)
    response = client.post(
        reverse("followup:measurement-add", args=[indicator.pk]),
        {"date": "not a date", "value": ""},
    )
    assert response.status_code == 400 and not Measurement.objects.exists()
    client.force_login(viewer)
    page = client.get(reverse("followup:indicator-detail", args=[indicator.pk]))
    assert page.status_code == 200 and "Record a measurement" not in page.content.decode()


# Home page and the reporting calendar -------------------------------------------------------


def test_home_shows_the_calendar_and_my_work_link_for_focal_points(
    client, justice_focal_point, viewer
):
    upr = Mechanism.objects.get(code="UPR")
    upr.next_report_due = timezone.localdate() + datetime.timedelta(days=40)
    upr.save()
    client.force_login(justice_focal_point)
    text = client.get(reverse("followup:home")).content.decode()
    assert "Report due" in text and upr.name in text
    assert reverse("followup:my-work") in text
    assert "Set a mechanism" not in text
    client.force_login(viewer)
    assert reverse("followup:my-work") not in client.get(reverse("followup:home")).content.decode()


# Confirmations before removing ---------------------------------------------------------------


def test_removing_an_action_first_names_what_goes_with_it_and_a_bare_post_changes_nothing(
    client, coordinator, justice_focal_point, action, indicator, recommendations
):
    from rectrack.followup.services.updates import progress_update_create

    progress_update_create(
        user=justice_focal_point, action=action, narrative="Started.", status="in_progress"
    )
    client.force_login(coordinator)
    address = reverse("followup:action-delete", args=[action.pk])
    for response in (client.get(address), client.post(address)):
        assert response.status_code == 200
        text = response.content.decode()
        assert "Remove the action “Legal aid reform” from the plan?" in text
        assert "1 progress update on it is deleted with it, with its evidence:" in text
        assert "These recommendations stay; this action no longer answers them:" in text
        assert str(recommendations[0]) in text and str(recommendations[1]) in text
        assert "Legal aid centres open" in text  # the indicator, which stays
    assert Action.objects.count() == 1
    response = client.post(address, {"confirm": "yes"})
    assert response.status_code == 302 and response.url == reverse("followup:action-list")
    assert not Action.objects.exists()
    assert Indicator.objects.count() == 1 and len(recommendations) == 3
    assert audit_history(obj=action).filter(action="delete", user=coordinator).count() == 1


def test_removing_an_indicator_names_its_measurements_and_needs_the_confirmation(
    client, coordinator, indicator
):
    from rectrack.followup.services.planning import measurement_add

    for day, value in ((1, 12), (2, 15)):
        measurement_add(
            indicator=indicator, user=coordinator, date=datetime.date(2025, 1, day), value=value
        )
    client.force_login(coordinator)
    address = reverse("followup:indicator-delete", args=[indicator.pk])
    page = client.post(address).content.decode()
    assert "Remove the indicator “Legal aid centres open”?" in page
    assert "Its 2 measurements are deleted with it:" in page
    assert "2025-01-02: 15" in page
    assert Measurement.objects.count() == 2
    client.post(address, {"confirm": "yes"})
    assert not Indicator.objects.exists() and not Measurement.objects.exists()
    deleted = AuditEntry.objects.filter(action="delete").values_list("model", flat=True)
    assert sorted(deleted) == ["followup.indicator", "followup.measurement", "followup.measurement"]


def test_removing_a_lead_institution_says_the_recommendation_will_have_no_lead(
    client, coordinator, health, recommendations
):
    recommendation = recommendations[0]
    assignment_set(
        recommendation=recommendation, institution=health, role="supporting", user=coordinator
    )
    lead = recommendation.assignments.get(role=Assignment.Role.LEAD)
    client.force_login(coordinator)
    detail = client.get(recommendation.get_absolute_url()).content.decode()
    address = reverse("followup:assignment-remove", args=[lead.pk])
    assert f'href="{address}"' in detail
    page = client.post(address).content.decode()
    assert f"Remove Ministry of Justice (lead) from {recommendation}?" in page
    assert f"{recommendation} will have no lead institution" in page
    assert "These institutions stay responsible for it:" in page and "Ministry of Health" in page
    assert recommendation.assignments.count() == 2
    client.post(address, {"confirm": "yes"})
    assert list(recommendation.assignments.values_list("institution__code", "role")) == [
        ("MOH", "supporting")
    ]


@pytest.mark.parametrize("persona", ["viewer", "justice_focal_point"])
def test_only_coordinators_remove_actions_indicators_and_responsible_institutions(
    client, request, persona, action, indicator, recommendations
):
    client.force_login(request.getfixturevalue(persona))
    lead = recommendations[0].assignments.get()
    for address in (
        reverse("followup:action-delete", args=[action.pk]),
        reverse("followup:indicator-delete", args=[indicator.pk]),
        reverse("followup:assignment-remove", args=[lead.pk]),
    ):
        assert client.get(address).status_code == 403
        assert client.post(address, {"confirm": "yes"}).status_code == 403
    assert Action.objects.count() == 1 and Indicator.objects.count() == 1
    assert recommendations[0].assignments.count() == 1
    page = client.get(reverse("followup:action-detail", args=[action.pk])).content.decode()
    assert "Remove the action" not in page


def test_plan_an_action_from_a_recommendations_page(client, coordinator, viewer, recommendations):
    recommendation = recommendations[0]
    client.force_login(coordinator)
    page = client.get(recommendation.get_absolute_url()).content.decode()
    link = reverse("followup:action-create") + f"?recommendations={recommendation.pk}"
    assert f'href="{link}"' in page and "Plan an action for this recommendation" in page
    form = client.get(link).content.decode()
    assert f'value="{recommendation.pk}" checked' in form
    client.force_login(viewer)
    assert "Plan an action" not in client.get(recommendation.get_absolute_url()).content.decode()
