"""Deactivating a focal point hands their drafts, returned and submitted updates to their
institution's other focal points, or to the coordinators when it has none, named on the
confirmation page before and after: nothing is lost, and only administrators do it."""

import re

import pytest
from django.urls import reverse

from rectrack.accounts.models import User
from rectrack.accounts.services import user_create
from rectrack.audit.models import AuditEntry
from rectrack.followup import permissions
from rectrack.followup.models import ProgressUpdate
from rectrack.followup.selectors import my_work
from rectrack.followup.services.handover import focal_point_deactivate, handover_plan
from rectrack.followup.services.updates import (
    progress_update_create,
    progress_update_edit,
    progress_update_return,
    progress_update_submit,
)
from rectrack.followup.tests.world import ROLES
from rectrack.institutions.models import Institution

pytestmark = pytest.mark.django_db


def _focal(username: str, institution, **names) -> User:
    user = user_create(username=username, password="x" * 12, role="focal_point", **names)
    user.institutions.add(institution)
    return user


@pytest.fixture
def leaving(world):
    """The Justice focal point, with a draft, a returned and a submitted update."""
    focal, coordinator = world["users"]["focal"], world["users"]["coordinator"]
    returned = progress_update_create(
        user=focal, recommendation=world["recommendation"], narrative="Half.", status="in_progress"
    )
    returned = progress_update_submit(update=returned, user=focal)
    world["returned"] = progress_update_return(
        update=returned, reviewer=coordinator, comment="Add the dates."
    )
    return world


def _url(user) -> str:
    return reverse("followup:user-deactivate", args=[user.pk])


def _cells(html: str) -> str:
    """The page's text as people read it."""
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def test_drafts_and_returned_updates_pass_to_the_institutions_other_focal_points(client, leaving):
    w = leaving
    focal, admin = w["users"]["focal"], w["users"]["admin"]
    justice = Institution.objects.get(code="MOJ")
    farid = _focal("farid", justice, first_name="Farid", last_name="Aziz")
    _focal("gita", justice, first_name="Gita", last_name="Rao")
    before = list(ProgressUpdate.objects.order_by("pk").values_list("pk", "narrative", "state"))
    client.force_login(admin)

    page = _cells(client.get(_url(focal)).content.decode())
    assert "What will be handed over, and to whom" in page
    # The draft, the returned update, and the submitted one (if the secretariat returns it).
    assert page.count("Farid Aziz, Gita Rao") == 3
    assert "Draft" in page and "Returned for correction" in page and "Submitted" in page
    assert "has no other active focal point" not in page
    assert User.objects.get(pk=focal.pk).is_active  # nothing happens before confirming

    done = _cells(client.post(_url(focal)).content.decode())
    assert "focal is deactivated" in done
    assert "Handed over" in done and done.count("Farid Aziz, Gita Rao") == 3

    assert not User.objects.get(pk=focal.pk).is_active
    for update in (w["draft"], w["returned"], w["submitted"]):
        update.refresh_from_db()
        assert update.author == focal  # history stays true
        assert [u.username for u in update.handed_to.order_by("username")] == ["farid", "gita"]
    after = list(ProgressUpdate.objects.order_by("pk").values_list("pk", "narrative", "state"))
    assert after == before  # nothing lost, nothing changed but who holds it

    work = my_work(user=farid)
    # My work shows each item once, with its latest open update (both are on one recommendation).
    to_do = [(item.subject, item.update) for item in work["todo"] if item.update]
    assert to_do == [(w["recommendation"], w["returned"])]
    edited = progress_update_edit(
        update=w["draft"], user=farid, base_version=w["draft"].version, narrative="Finished."
    )
    assert progress_update_submit(update=edited, user=farid).state == "submitted"


def test_with_no_other_focal_point_the_coordinators_receive_the_work_and_may_edit_it(
    client, leaving
):
    w = leaving
    focal, admin, coordinator = (w["users"][name] for name in ("focal", "admin", "coordinator"))
    draft = w["draft"]
    assert not permissions.can_edit_update(coordinator, draft)  # someone else's draft
    client.force_login(admin)

    page = _cells(client.get(_url(focal)).content.decode())
    assert page.count("coordinator (coordinators: no other focal point of the institution)") == 3
    assert "Ministry of Justice has no other active focal point" in page

    client.post(_url(focal))
    draft.refresh_from_db()
    assert list(draft.handed_to.all()) == [coordinator]
    assert permissions.can_edit_update(coordinator, draft)
    to_do = my_work(user=coordinator)["todo"]
    assert [(item.subject, item.update) for item in to_do] == [(w["recommendation"], w["returned"])]

    client.force_login(coordinator)
    detail = _cells(client.get(draft.get_absolute_url()).content.decode())
    assert "Handed over to" in detail
    assert "coordinator (when its author was deactivated)" in detail
    response = client.post(
        reverse("followup:update-edit", args=[draft.pk]),
        {"narrative": "Completed by the secretariat.", "status": "in_progress", "version": 1},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.narrative == "Completed by the secretariat." and draft.author == focal


def test_the_hand_over_and_the_deactivation_are_in_the_audit_trail(leaving):
    w = leaving
    focal, admin = w["users"]["focal"], w["users"]["admin"]
    focal_point_deactivate(user=focal, by=admin)
    handed = AuditEntry.objects.filter(
        model="followup.progressupdate", object_id=str(w["draft"].pk), user=admin
    ).get()
    assert handed.changes == {"handed_to": [[], ["coordinator"]]}
    deactivated = AuditEntry.objects.filter(model="accounts.user", object_id=str(focal.pk)).latest(
        "pk"
    )
    assert deactivated.user == admin and deactivated.changes == {"is_active": [True, False]}


def test_a_draft_handed_over_passes_on_again_when_its_receiver_leaves(leaving):
    w = leaving
    justice = Institution.objects.get(code="MOJ")
    farid = _focal("farid", justice)
    focal_point_deactivate(user=w["users"]["focal"], by=w["users"]["admin"])
    plan = handover_plan(user=farid)
    assert [h.update for h in plan.handovers] == [w["draft"], w["submitted"], w["returned"]]
    focal_point_deactivate(user=farid, by=w["users"]["admin"])
    assert list(w["draft"].handed_to.all()) == [w["users"]["coordinator"]]


def test_a_focal_point_with_nothing_open_is_deactivated_with_nothing_to_hand_over(client, world):
    admin = world["users"]["admin"]
    other = world["users"]["other_focal"]
    client.force_login(admin)
    page = _cells(client.get(_url(other)).content.decode())
    assert "nothing to hand over" in page and "Ministry of Health has no other" in page
    client.post(_url(other))
    assert not User.objects.get(pk=other.pk).is_active


def test_only_an_active_focal_point_is_deactivated_here(client, world):
    admin, coordinator = world["users"]["admin"], world["users"]["coordinator"]
    client.force_login(admin)
    page = client.get(_url(coordinator)).content.decode()
    assert "This user is not a focal point" in page and "Deactivate and hand over" not in page
    response = client.post(_url(coordinator), follow=True)
    assert "coordinator is not a focal point." in response.content.decode()
    assert User.objects.get(pk=coordinator.pk).is_active


@pytest.mark.parametrize("role", [r for r in ROLES if r != "admin"])
def test_only_administrators_deactivate_a_focal_point(client, world, role):
    focal = world["users"]["focal"]
    if world["users"][role]:
        client.force_login(world["users"][role])
    for response in (client.get(_url(focal)), client.post(_url(focal))):
        assert response.status_code == 403 or "/accounts/login/" in response.url
    assert User.objects.get(pk=focal.pk).is_active
    assert not ProgressUpdate.handed_to.through.objects.exists()


def test_the_confirmation_page_costs_the_same_queries_for_many_drafts(
    client, world, django_assert_max_num_queries
):
    focal, admin = world["users"]["focal"], world["users"]["admin"]
    for number in range(8):
        progress_update_create(
            user=focal,
            recommendation=world["recommendation"],
            narrative=f"Draft {number}.",
            status="in_progress",
        )
    client.force_login(admin)
    with django_assert_max_num_queries(10):  # 8 today, whatever the number of drafts
        page = client.get(_url(focal)).content.decode()
    assert page.count("coordinators: no other focal point") == 10  # 9 drafts, 1 submitted


def test_a_coordinator_receiving_a_draft_submits_it_through_the_api_too(client, world):
    from rectrack.accounts.services import api_token_create

    coordinator, draft = world["users"]["coordinator"], world["draft"]
    secret = api_token_create(user=coordinator, name="t")[1]

    def submit():
        return client.post(
            f"/api/v1/progress-updates/{draft.pk}/submit", HTTP_AUTHORIZATION=f"Bearer {secret}"
        )

    assert submit().status_code == 403  # someone else's draft
    focal_point_deactivate(user=world["users"]["focal"], by=world["users"]["admin"])
    response = submit()
    assert response.status_code == 200 and response.json()["state"] == "submitted"


def test_a_submitted_update_returned_after_its_author_left_reaches_who_received_it(leaving):
    from rectrack.followup.models import Notification

    w = leaving
    coordinator, admin = w["users"]["coordinator"], w["users"]["admin"]
    focal_point_deactivate(user=w["users"]["focal"], by=admin)
    returned = progress_update_return(update=w["submitted"], reviewer=admin, comment="Dates?")
    assert permissions.can_edit_update(coordinator, returned)  # someone can correct it
    told = Notification.objects.filter(
        kind="returned", update_request=None, link=returned.get_absolute_url()
    )
    assert list(told.values_list("recipient__username", flat=True)) == ["coordinator"]
