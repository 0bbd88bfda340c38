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


def test_unknown_ids_in_a_body_are_named_and_nothing_is_written(call, world):
    response = call(
        world["users"]["coordinator"],
        "post",
        "/actions",
        {"title": "X", "lead_institution": world["health"].pk, "recommendations": [999999]},
    )
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": ["body", "recommendations"],
            "msg": "These do not exist: 999999.",
            "type": "invalid",
        }
    ]
    assert Action.objects.count() == 1


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
    assert not_theirs.status_code == 400
    assert "only answer for an institution you report for" in not_theirs.json()["detail"]
    unknown = call(focal, "post", "/progress-updates", {**body, "institutions": [99999]})
    assert unknown.status_code == 422
    assert ProgressUpdate.objects.count() == count
