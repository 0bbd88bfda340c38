"""The follow-up workflow as services: who may do what, and what each step changes."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from rectrack.audit.models import AuditEntry
from rectrack.audit.selectors import audit_history
from rectrack.core.errors import ApplicationError
from rectrack.followup.models import Action, Assignment, ProgressUpdate
from rectrack.followup.selectors import my_work, progress_update_list, request_is_answered
from rectrack.followup.services.planning import (
    ConflictError,
    action_create,
    action_update,
    assignment_set,
    bulk_assignment_undo,
    comment_add,
    recommendations_bulk_assign,
)
from rectrack.followup.services.requests import update_request_create
from rectrack.followup.services.updates import (
    evidence_add,
    progress_update_approve,
    progress_update_create,
    progress_update_edit,
    progress_update_return,
    progress_update_submit,
    recommendation_status_set,
)
from rectrack.recommendations.tests.factories import make_document, make_recommendation

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def recommendation(coordinator, justice):
    recommendation = make_recommendation(document=make_document(), text="Reform legal aid.")
    assignment_set(
        recommendation=recommendation,
        institution=justice,
        role=Assignment.Role.LEAD,
        user=coordinator,
    )
    return recommendation


def test_only_coordinators_assign_and_a_new_lead_keeps_the_old_one_as_supporting(
    recommendation, coordinator, focal_point, viewer, justice, health
):
    for user in (focal_point, viewer):
        with pytest.raises(PermissionDenied):
            assignment_set(
                recommendation=recommendation, institution=health, role="lead", user=user
            )
    assignment_set(recommendation=recommendation, institution=health, role="lead", user=coordinator)
    roles = dict(recommendation.assignments.values_list("institution__code", "role"))
    assert roles == {"MOH": "lead", "MOJ": "supporting"}


def test_bulk_assign_assigns_every_recommendation_given(coordinator, health):
    document = make_document()
    recommendations = [make_recommendation(document=document) for _ in range(7)]
    assignment_set(
        recommendation=recommendations[0], institution=health, role="lead", user=coordinator
    )
    batch = recommendations_bulk_assign(
        recommendations=recommendations, institution=health, role="supporting", user=coordinator
    )
    assert batch.count == 7 and batch.created_by == coordinator and batch.undone_at is None
    assert Assignment.objects.filter(institution=health, role="supporting").count() == 7
    # What each recommendation's assignments were before, to undo exactly.
    assert batch.previous == {
        str(r.pk): ([[health.pk, "lead"]] if r == recommendations[0] else [])
        for r in recommendations
    }


def test_only_coordinators_undo_a_bulk_assignment_and_only_once(
    coordinator, focal_point, justice, health
):
    recommendation = make_recommendation()
    assignment_set(
        recommendation=recommendation, institution=justice, role="lead", user=coordinator
    )
    batch = recommendations_bulk_assign(
        recommendations=[recommendation], institution=health, role="lead", user=coordinator
    )
    with pytest.raises(PermissionDenied):
        bulk_assignment_undo(bulk_assignment=batch, user=focal_point)
    roles = dict(recommendation.assignments.values_list("institution__code", "role"))
    assert roles == {"MOH": "lead", "MOJ": "supporting"}
    bulk_assignment_undo(bulk_assignment=batch, user=coordinator)
    roles = dict(recommendation.assignments.values_list("institution__code", "role"))
    assert roles == {"MOJ": "lead"}
    with pytest.raises(ApplicationError, match="already been undone"):
        bulk_assignment_undo(bulk_assignment=batch, user=coordinator)


def test_the_update_workflow_moves_the_status_only_on_approval(
    recommendation, coordinator, focal_point, viewer
):
    update = progress_update_create(
        user=focal_point,
        recommendation=recommendation,
        narrative="Draft law prepared.",
        status="in_progress",
    )
    assert update.institution.code == "MOJ" and update.state == "draft"
    evidence_add(update=update, user=focal_point, upload=SimpleUploadedFile("draft-law.pdf", PDF))
    update = progress_update_submit(update=update, user=focal_point)
    assert update.state == "submitted"
    update = progress_update_return(
        update=update, reviewer=coordinator, comment="Add the adoption date."
    )
    assert (update.state, update.review_comment) == ("returned", "Add the adoption date.")
    assert [(i.update, i.state) for i in my_work(user=focal_point)["todo"]] == [
        (update, "returned")
    ]
    update = progress_update_edit(
        update=update,
        user=focal_point,
        base_version=update.version,
        narrative="Draft law adopted on 3 May.",
        status="implemented",
    )
    update = progress_update_submit(update=update, user=focal_point)
    recommendation.refresh_from_db()
    assert recommendation.implementation_status == "no_information"
    progress_update_approve(update=update, reviewer=coordinator)
    recommendation.refresh_from_db()
    assert recommendation.implementation_status == "implemented"
    assert list(progress_update_list(user=viewer, recommendation=recommendation)) == [update]
    history = audit_history(obj=recommendation)
    assert history.first().changes == {"implementation_status": ["no_information", "implemented"]}


def test_viewers_and_other_institutions_see_no_drafts_and_cannot_report(
    recommendation, focal_point, other_focal_point, viewer
):
    draft = progress_update_create(
        user=focal_point, recommendation=recommendation, narrative="Draft.", status="in_progress"
    )
    assert list(progress_update_list(user=viewer, recommendation=recommendation)) == []
    assert list(progress_update_list(user=other_focal_point)) == []
    for user in (other_focal_point, viewer):
        with pytest.raises(PermissionDenied):
            progress_update_create(
                user=user, recommendation=recommendation, narrative="x", status="implemented"
            )
        with pytest.raises(PermissionDenied):
            progress_update_submit(update=draft, user=user)
        with pytest.raises(PermissionDenied):
            comment_add(user=user, recommendation=recommendation, body="x")
    assert ProgressUpdate.objects.count() == 1


def test_only_coordinators_review_and_only_submitted_updates(
    recommendation, coordinator, focal_point
):
    update = progress_update_create(
        user=focal_point, recommendation=recommendation, narrative="Done.", status="implemented"
    )
    with pytest.raises(PermissionDenied):  # a draft cannot be approved
        progress_update_approve(update=update, reviewer=coordinator)
    update = progress_update_submit(update=update, user=focal_point)
    with pytest.raises(PermissionDenied):
        progress_update_approve(update=update, reviewer=focal_point)
    with pytest.raises(ApplicationError):
        progress_update_return(update=update, reviewer=coordinator, comment="  ")
    with pytest.raises(PermissionDenied):  # submitted updates are frozen for their author
        progress_update_edit(
            update=update, user=focal_point, base_version=update.version, narrative="changed"
        )


def test_coordinator_may_set_the_status_directly_and_it_is_recorded_as_such(
    recommendation, coordinator, focal_point
):
    with pytest.raises(PermissionDenied):
        recommendation_status_set(
            recommendation=recommendation, status="implemented", user=focal_point
        )
    update = recommendation_status_set(
        recommendation=recommendation, status="not_implemented", user=coordinator
    )
    recommendation.refresh_from_db()
    assert recommendation.implementation_status == "not_implemented"
    assert update.set_directly and update.state == "approved"


def test_second_edit_from_the_same_version_is_refused_with_the_other_change(coordinator, justice):
    action = action_create(user=coordinator, title="Legal aid reform", lead_institution=justice)
    seen = action.version
    action_update(action=action, user=coordinator, base_version=seen, title="Legal aid act")
    with pytest.raises(ConflictError) as conflict:
        action_update(
            action=action, user=coordinator, base_version=seen, title="Legal aid programme"
        )
    assert conflict.value.changes["title"] == ["Legal aid reform", "Legal aid act"]
    assert Action.objects.get().title == "Legal aid act"


def test_focal_points_edit_their_institutions_actions_but_not_their_responsibilities(
    coordinator, focal_point, other_focal_point, justice, health
):
    action = action_create(user=coordinator, title="Prison inspections", lead_institution=justice)
    with pytest.raises(PermissionDenied):
        action_update(
            action=action, user=other_focal_point, base_version=action.version, status="ongoing"
        )
    with pytest.raises(PermissionDenied):  # moving it to another ministry: refused, not ignored
        action_update(
            action=action,
            user=focal_point,
            base_version=action.version,
            status="ongoing",
            lead_institution=health,
        )
    action.refresh_from_db()
    assert (action.status, action.lead_institution, action.version) == ("planned", justice, 1)
    action = action_update(
        action=action,
        user=focal_point,
        base_version=action.version,
        status="ongoing",
        lead_institution=justice,  # sent back unchanged, as the page's locked field does
    )
    assert (action.status, action.lead_institution) == ("ongoing", justice)
    entry = audit_history(obj=action).first()
    assert (entry.user, entry.action, entry.changes) == (
        focal_point,
        AuditEntry.Action.UPDATE,
        {"status": ["planned", "ongoing"]},
    )


def test_evidence_is_checked_by_content_and_size(recommendation, focal_point, settings):
    update = progress_update_create(
        user=focal_point, recommendation=recommendation, narrative="x", status="in_progress"
    )
    with pytest.raises(ApplicationError) as error:
        evidence_add(
            update=update,
            user=focal_point,
            upload=SimpleUploadedFile("report.pdf", b"<html>not a pdf</html>"),
        )
    assert "report.pdf" in error.value.message
    settings.RECTRACK_EVIDENCE_MAX_BYTES = 10
    with pytest.raises(ApplicationError) as error:
        evidence_add(update=update, user=focal_point, upload=SimpleUploadedFile("r.pdf", PDF))
    assert "larger than" in error.value.message


def test_update_requests_go_to_the_responsible_institutions_until_answered(
    recommendation, coordinator, focal_point, justice
):
    with pytest.raises(PermissionDenied):
        update_request_create(
            user=focal_point,
            title="x",
            due_date=datetime.date(2030, 1, 1),
            recommendations=[recommendation],
        )
    request = update_request_create(
        user=coordinator,
        title="UPR mid-term report",
        due_date=datetime.date(2030, 1, 1),
        recommendations=[recommendation],
    )
    assert list(request.institutions.all()) == [justice]
    (early,) = my_work(user=focal_point, today=datetime.date(2029, 12, 1))["todo"]
    assert (early.subject, early.request, early.days) == (recommendation, request, 31)
    (late,) = my_work(user=focal_point, today=datetime.date(2030, 2, 1))["todo"]
    assert (late.request, late.days_overdue) == (request, 31)
    progress_update_create(
        user=focal_point,
        recommendation=recommendation,
        narrative="Done.",
        status="implemented",
        submit=True,
    )
    assert request_is_answered(request=request, institution=justice)
    assert my_work(user=focal_point, today=datetime.date(2030, 2, 1))["todo"] == []


def test_saving_an_action_unchanged_makes_no_new_version_and_no_audit_entry(coordinator, justice):
    action = action_create(user=coordinator, title="Legal aid reform", lead_institution=justice)
    again = action_update(
        action=action, user=coordinator, base_version=action.version, title="Legal aid reform"
    )
    assert again.version == action.version
    assert audit_history(obj=action).filter(action="update").count() == 0


def test_a_reminder_that_could_not_be_sent_is_tried_again_next_time(
    recommendation, coordinator, focal_point, settings
):
    from rectrack.followup.models import Notification, ReminderSent
    from rectrack.followup.services.emails import notifications_email_pending
    from rectrack.followup.services.requests import reminders_send

    focal_point.email = "fatima@justice.example"
    focal_point.save()
    update_request_create(
        user=coordinator,
        title="Mid-term",
        due_date=datetime.date(2030, 1, 5),
        recommendations=[recommendation],
    )
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    assert reminders_send(today=datetime.date(2030, 1, 1)) == 1
    assert notifications_email_pending().failed == 2  # the request's and the reminder's
    assert ReminderSent.objects.count() == 1
    assert Notification.objects.filter(email=Notification.Email.PENDING).count() == 2
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert reminders_send(today=datetime.date(2030, 1, 1)) == 0  # never told twice
    assert notifications_email_pending().sent == 2


def test_the_audit_trail_keeps_an_evidence_files_name_never_its_contents(
    recommendation, focal_point
):
    update = progress_update_create(
        user=focal_point, recommendation=recommendation, narrative="x", status="in_progress"
    )
    evidence = evidence_add(
        update=update, user=focal_point, upload=SimpleUploadedFile("law.pdf", PDF)
    )
    entry = audit_history(obj=evidence).get()
    assert entry.changes["file"] == [None, evidence.file.name]
    assert "PDF-1.4" not in str(entry.changes)
    assert entry.changes["original_name"] == [None, "law.pdf"]


def test_coordinators_find_submitted_updates_waiting_for_review(
    recommendation, coordinator, focal_point
):
    draft = progress_update_create(
        user=focal_point, recommendation=recommendation, narrative="Draft.", status="in_progress"
    )
    submitted = progress_update_create(
        user=focal_point,
        recommendation=recommendation,
        narrative="Done.",
        status="implemented",
        submit=True,
    )
    assert list(my_work(user=coordinator)["to_review"]) == [submitted]
    assert draft not in my_work(user=coordinator)["to_review"]
    assert list(my_work(user=focal_point)["to_review"]) == []
