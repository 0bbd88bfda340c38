"""Writing through the API: the services' rules and the audit trail as on the web, and
a change made on an older version refused with the other person's changes."""

import pytest

from rectrack.accounts.services import api_token_create
from rectrack.audit.models import AuditEntry
from rectrack.followup.models import Action, ProgressUpdate

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(client):
    def send(user, method: str, path: str, body=None):
        secret = api_token_create(user=user, name="t")[1]
        return getattr(client, method)(
            "/api/v1" + path,
            body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {secret}",
        )

    return send


def test_an_action_is_planned_changed_and_emptied_through_the_api(call, world):
    coordinator, health = world["users"]["coordinator"], world["health"]
    created = call(
        coordinator,
        "post",
        "/actions",
        {
            "title": "Legal aid <b>offices</b>",
            "lead_institution": health.pk,
            "recommendations": [world["recommendation"].pk],
            "sdg_targets": ["16.3"],
            "deadline": "2027-06-30",
            "budget_amount": "125000.50",
            "budget_currency": "EUR",
        },
    )
    assert created.status_code == 201
    body = created.json()
    action = Action.objects.get(pk=body["id"])
    assert action.title == "Legal aid <b>offices</b>" and body["sdg_targets"] == ["16.3"]
    assert [r["id"] for r in body["recommendations"]] == [world["recommendation"].pk]
    assert str(action.budget_amount) == "125000.50"
    assert AuditEntry.objects.filter(model="followup.action", object_id=str(action.pk)).exists()
    changed = call(
        coordinator,
        "patch",
        f"/actions/{action.pk}",
        {"version": body["version"], "deadline": None, "status": "ongoing"},
    )
    assert changed.status_code == 200
    action.refresh_from_db()
    assert action.deadline is None and action.status == "ongoing" and action.version == 2
    assert action.title == "Legal aid <b>offices</b>"  # not sent, not changed


def test_a_change_on_an_older_version_to_other_fields_is_merged_keeping_the_other_change(
    call, world
):
    action, coordinator = world["action"], world["users"]["coordinator"]
    first = call(coordinator, "patch", f"/actions/{action.pk}", {"version": 1, "title": "New"})
    assert first.status_code == 200
    late = call(
        world["users"]["focal"],
        "patch",
        f"/actions/{action.pk}",
        {"version": 1, "status": "completed"},
    )
    assert late.status_code == 200
    assert (late.json()["title"], late.json()["status"]) == ("New", "completed")
    action.refresh_from_db()
    assert (action.status, action.title, action.version) == ("completed", "New", 3)


def test_a_change_on_an_older_version_to_a_field_changed_meanwhile_is_refused_naming_it(
    call, world
):
    action, coordinator = world["action"], world["users"]["coordinator"]
    first = call(coordinator, "patch", f"/actions/{action.pk}", {"version": 1, "title": "New"})
    assert first.status_code == 200
    late = call(
        world["users"]["focal"],
        "patch",
        f"/actions/{action.pk}",
        {"version": 1, "status": "completed", "title": "Mine"},
    )
    assert late.status_code == 409
    assert late.json()["changes"]["title"] == ["Legal aid act", "New"]
    assert late.json()["fields"] == ["title"]
    action.refresh_from_db()
    assert action.status == "planned" and action.title == "New"
    same = call(
        world["users"]["focal"], "patch", f"/actions/{action.pk}", {"version": 1, "title": "New"}
    )
    assert same.status_code == 200  # the same value as theirs is no conflict


def test_progress_update_patch_on_an_older_version_merges_or_names_the_clashing_field(call, world):
    draft, focal = world["draft"], world["users"]["focal"]
    address = f"/progress-updates/{draft.pk}"
    assert call(focal, "patch", address, {"version": 1, "narrative": "First."}).status_code == 200
    merged = call(focal, "patch", address, {"version": 1, "period_start": "2026-01-01"})
    assert merged.status_code == 200
    assert (merged.json()["narrative"], merged.json()["period_start"]) == ("First.", "2026-01-01")
    clash = call(focal, "patch", address, {"version": 1, "narrative": "Second."})
    assert clash.status_code == 409
    assert clash.json()["fields"] == ["narrative"]
    draft.refresh_from_db()
    assert draft.narrative == "First." and draft.version == 3


def test_unknown_ids_in_a_body_or_query_are_a_404_naming_them_and_nothing_is_written(call, world):
    response = call(
        world["users"]["coordinator"],
        "post",
        "/actions",
        {"title": "X", "lead_institution": world["health"].pk, "recommendations": [999999]},
    )
    assert response.status_code == 404  # a record that does not exist, wherever named
    assert response.json() == {"detail": "body, recommendations: These do not exist: 999999."}
    assert Action.objects.count() == 1
    coordinator = world["users"]["coordinator"]
    listed = call(coordinator, "get", "/actions?institution=999999")
    assert listed.json() == {"detail": "query, institution: These do not exist: 999999."}
    filtered = call(coordinator, "get", "/recommendations?group=999999&lead=999998")
    assert filtered.status_code == 404
    assert filtered.json()["detail"].startswith("query, group, lead: These do not exist: group=")


def test_a_focal_point_reports_and_the_secretariat_approves_through_the_api(call, world):
    focal, coordinator, rec = (
        world["users"]["focal"],
        world["users"]["coordinator"],
        world["recommendation"],
    )
    created = call(
        focal,
        "post",
        "/progress-updates",
        {
            "recommendation": rec.pk,
            "narrative": "Law adopted.",
            "status": "implemented",
            "submit": True,
        },
    )
    assert created.status_code == 201 and created.json()["state"] == "submitted"
    assert created.json()["institution"] == "Ministry of Justice"
    update_id = created.json()["id"]
    approved = call(coordinator, "post", f"/progress-updates/{update_id}/approve")
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    rec.refresh_from_db()
    assert rec.implementation_status == "implemented"
    again = call(coordinator, "post", f"/progress-updates/{update_id}/approve")
    assert again.status_code == 403  # only a submitted update can be approved
    assert ProgressUpdate.objects.get(pk=update_id).state == "approved"


def test_an_update_answers_for_the_institutions_chosen_through_the_api(call, world, coordinator):
    from rectrack.followup.services.planning import assignment_set
    from rectrack.institutions.models import Institution

    focal, rec, health = world["users"]["focal"], world["recommendation"], world["health"]
    prisons = Institution.objects.create(name="Prison Service", code="PRS")
    focal.institutions.add(prisons)
    assignment_set(recommendation=rec, institution=prisons, role="supporting", user=coordinator)
    body = {"recommendation": rec.pk, "narrative": "Cells renovated.", "status": "in_progress"}
    chosen = call(focal, "post", "/progress-updates", {**body, "institutions": [prisons.pk]})
    assert chosen.status_code == 201
    assert chosen.json()["institutions"] == ["Prison Service"]
    assert chosen.json()["institution"] == "Prison Service"
    both = call(focal, "post", "/progress-updates", body)
    assert both.json()["institutions"] == ["Ministry of Justice", "Prison Service"]
    count = ProgressUpdate.objects.count()
    not_theirs = call(focal, "post", "/progress-updates", {**body, "institutions": [health.pk]})
    assert not_theirs.status_code == 403
    assert "only answer for an institution you report for" in not_theirs.json()["detail"]
    unknown = call(focal, "post", "/progress-updates", {**body, "institutions": [99999]})
    assert unknown.status_code == 404
    assert ProgressUpdate.objects.count() == count


def test_a_focal_point_moving_an_actions_institutions_is_refused_not_ignored(call, world):
    """The focal point of its lead institution may report on an action, not hand it to
    another ministry: asking to is a 403 and changes nothing; the same lead sent back is fine."""
    action, focal, health = world["action"], world["users"]["focal"], world["health"]
    address = f"/actions/{action.pk}"
    moved = call(focal, "patch", address, {"version": 1, "lead_institution": health.pk})
    assert moved.status_code == 403
    supported = call(
        focal, "patch", address, {"version": 1, "supporting_institutions": [health.pk]}
    )
    assert supported.status_code == 403
    action.refresh_from_db()
    assert (action.lead_institution_id, action.version) == (world["action"].lead_institution_id, 1)
    assert not action.supporting_institutions.exists()
    same = {"version": 1, "lead_institution": action.lead_institution_id, "title": "Legal aid law"}
    answered = call(focal, "patch", address, same)
    assert answered.status_code == 200 and answered.json()["title"] == "Legal aid law"


@pytest.mark.parametrize(
    "date", [0, 1_700_000_000, "2026-02-30", "2026-01-05T10:00:00", "05/01/2026"]
)
def test_a_date_is_only_year_month_day(call, world, date):
    """Not seconds since 1970 (0 would be stored as 1970-01-01), nor a moment, nor a local
    way of writing it."""
    coordinator, indicator = world["users"]["coordinator"], world["indicator"]
    address = f"/indicators/{indicator.pk}/measurements"
    refused = call(coordinator, "post", address, {"date": date, "value": "12"})
    assert refused.status_code == 422
    assert [error["loc"] for error in refused.json()["detail"]] == [["body", "date"]]
    assert not indicator.measurements.exists()
    accepted = call(coordinator, "post", address, {"date": "2026-01-05", "value": "12"})
    assert accepted.status_code == 201 and accepted.json()["date"] == "2026-01-05"


def test_invalid_input_is_named_in_one_shape_where_it_was_sent(call, world):
    """["body", field], ["query", name], ["path", name]: never the parameter's own name
    between them."""
    coordinator = world["users"]["coordinator"]
    empty_title = call(coordinator, "post", "/actions", {"title": "", "lead_institution": 1})
    assert [e["loc"] for e in empty_title.json()["detail"]] == [["body", "title"]]
    bad_page = call(coordinator, "get", "/actions?page=0")
    assert [e["loc"] for e in bad_page.json()["detail"]] == [["query", "page"]]
    bad_filter = call(coordinator, "get", "/actions?status=finished")
    assert [e["loc"] for e in bad_filter.json()["detail"]] == [["query", "status"]]
    bad_id = call(coordinator, "get", "/actions/0")
    assert [e["loc"] for e in bad_id.json()["detail"]] == [["path", "action_id"]]
    listed = call(
        coordinator,
        "post",
        "/actions",
        {"title": "T", "lead_institution": 1, "recommendations": [0]},
    )
    assert [e["loc"] for e in listed.json()["detail"]] == [["body", "recommendations", 0]]
    assert {e["type"] for e in empty_title.json()["detail"]} and all(
        e["msg"] for e in bad_page.json()["detail"]
    )


def test_a_progress_update_is_served_with_the_version_its_patch_needs(call, world):
    draft, focal = world["draft"], world["users"]["focal"]
    read = call(focal, "get", f"/progress-updates/{draft.pk}").json()
    assert read["version"] == draft.version == 1
    listed = call(focal, "get", "/progress-updates").json()["results"]
    assert {row["id"]: row["version"] for row in listed}[draft.pk] == 1
    changed = call(
        focal,
        "patch",
        f"/progress-updates/{draft.pk}",
        {"version": read["version"], "narrative": "Better."},
    )
    assert changed.json()["version"] == 2
