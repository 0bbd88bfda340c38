"""Progress update pages: who may write, see, correct, submit and review updates; evidence
upload and download; optimistic locking; the whole workflow through the web pages."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from rectrack.accounts.models import User
from rectrack.accounts.services import user_create
from rectrack.audit.models import AuditEntry
from rectrack.conftest import PASSWORD
from rectrack.core.choices import ImplementationStatus
from rectrack.core.errors import ApplicationError
from rectrack.followup.models import Assignment, Evidence, ProgressUpdate
from rectrack.followup.selectors import request_is_answered
from rectrack.followup.services.planning import action_create, assignment_set
from rectrack.followup.services.requests import update_request_create
from rectrack.followup.services.updates import (
    evidence_add,
    progress_update_approve,
    progress_update_create,
    progress_update_return,
    progress_update_submit,
    recommendation_status_set,
)
from rectrack.institutions.models import Institution
from rectrack.recommendations.tests.factories import make_recommendation

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
HOSTILE = '<script>alert("x")</script>'
# Upload names lose everything up to a slash, so a hostile name carries no closing tag.
HOSTILE_NAME = "<script>alert(1)<img src=x onerror=alert(2)>.pdf"


@pytest.fixture
def recommendation(coordinator, justice):
    recommendation = make_recommendation(text="Ratify the Optional Protocol against Torture.")
    assignment_set(
        recommendation=recommendation,
        institution=justice,
        role=Assignment.Role.LEAD,
        user=coordinator,
    )
    return recommendation


@pytest.fixture
def draft(focal_point, recommendation):
    return progress_update_create(
        user=focal_point,
        recommendation=recommendation,
        narrative="Draft: a bill is being written.",
        status=ImplementationStatus.IN_PROGRESS,
    )


@pytest.fixture
def submitted(focal_point, draft):
    return progress_update_submit(update=draft, user=focal_point)


def pdf(name: str = "report.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def url(name: str, *args) -> str:
    return reverse(f"followup:{name}", args=args)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# Permissions


def test_anonymous_visitors_are_sent_to_the_login_page(client, draft, recommendation):
    evidence = evidence_add(update=draft, user=draft.author, upload=pdf())
    gets = [
        url("update-detail", draft.pk),
        url("update-create", recommendation.pk),
        url("update-edit", draft.pk),
        url("evidence-download", evidence.pk),
    ]
    posts = [
        url("update-submit", draft.pk),
        url("update-approve", draft.pk),
        url("update-return", draft.pk),
        url("evidence-add", draft.pk),
    ]
    for address in gets:
        response = client.get(address)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    for address in posts:
        response = client.post(address, {"comment": "x"})
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    draft.refresh_from_db()
    assert draft.state == ProgressUpdate.State.DRAFT


def test_viewer_cannot_write_an_update(client, viewer, recommendation):
    client.force_login(viewer)
    assert client.get(url("update-create", recommendation.pk)).status_code == 403
    response = client.post(
        url("update-create", recommendation.pk), {"narrative": "x", "status": "implemented"}
    )
    assert response.status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_focal_point_of_other_ministry_cannot_write_an_update(
    client, other_focal_point, recommendation
):
    client.force_login(other_focal_point)
    response = client.post(
        url("update-create", recommendation.pk),
        {"narrative": "x", "status": "implemented", "submit": "1"},
    )
    assert response.status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_focal_point_of_other_ministry_cannot_see_or_touch_a_draft(
    client, other_focal_point, draft
):
    client.force_login(other_focal_point)
    assert client.get(url("update-detail", draft.pk)).status_code == 404
    assert client.get(url("update-edit", draft.pk)).status_code == 404
    edit = {"narrative": "Overwritten", "status": "implemented", "version": draft.version}
    assert client.post(url("update-edit", draft.pk), edit).status_code == 404
    assert client.post(url("update-submit", draft.pk)).status_code == 404
    response = client.post(url("evidence-add", draft.pk), {"file": pdf()})
    assert response.status_code == 404
    draft.refresh_from_db()
    assert (draft.state, draft.narrative) == ("draft", "Draft: a bill is being written.")
    assert not Evidence.objects.exists()


def test_viewer_never_sees_a_draft(client, viewer, draft, recommendation):
    client.force_login(viewer)
    assert client.get(url("update-detail", draft.pk)).status_code == 404
    html = client.get(recommendation.get_absolute_url()).content.decode()
    assert "a bill is being written" not in html
    assert "Write an update" not in html


def test_focal_point_cannot_review_and_viewer_cannot_submit(client, focal_point, viewer, submitted):
    client.force_login(focal_point)
    assert client.post(url("update-approve", submitted.pk)).status_code == 403
    assert client.post(url("update-return", submitted.pk), {"comment": "x"}).status_code == 403
    client.force_login(viewer)
    # Viewers do not see submitted updates at all.
    assert client.post(url("update-approve", submitted.pk)).status_code == 404
    submitted.refresh_from_db()
    assert submitted.state == ProgressUpdate.State.SUBMITTED


def test_submitted_update_is_frozen_for_its_author_but_for_evidence(client, focal_point, submitted):
    client.force_login(focal_point)
    assert client.get(url("update-edit", submitted.pk)).status_code == 403
    html = client.get(url("update-detail", submitted.pk)).content.decode()
    assert "Submit for review" not in html and "Edit the update" not in html
    assert "evidence can still be added until it is approved" in html


def test_approved_update_takes_no_more_evidence(client, coordinator, focal_point, submitted):
    progress_update_approve(update=submitted, reviewer=coordinator)
    client.force_login(focal_point)
    assert client.post(url("evidence-add", submitted.pk), {"file": pdf()}).status_code == 403
    assert "Add evidence" not in client.get(url("update-detail", submitted.pk)).content.decode()
    assert not Evidence.objects.exists()


def test_update_pages_refuse_get_for_state_changes(client, focal_point, draft):
    client.force_login(focal_point)
    assert client.get(url("update-submit", draft.pk)).status_code == 405
    assert client.get(url("evidence-add", draft.pk)).status_code == 405


# The workflow


def test_whole_update_workflow_through_the_pages(
    client, focal_point, coordinator, viewer, recommendation
):
    client.force_login(focal_point)
    response = client.post(
        url("update-create", recommendation.pk),
        {
            "narrative": "The bill was sent to parliament.",
            "status": "in_progress",
            "period_start": "2024-01-01",
            "period_end": "2024-06-30",
        },
    )
    update = ProgressUpdate.objects.get()
    assert response.status_code == 302 and response.url == url("update-detail", update.pk)
    assert update.state == ProgressUpdate.State.DRAFT
    assert update.institution.code == "MOJ" and update.author == focal_point

    response = client.post(url("evidence-add", update.pk), {"file": pdf("bill.pdf")})
    assert response.status_code == 302
    assert Evidence.objects.get().original_name == "bill.pdf"
    response = client.post(url("update-submit", update.pk), follow=True)
    assert "Update submitted for review." in messages_of(response)

    client.force_login(coordinator)
    html = client.get(url("update-detail", update.pk)).content.decode()
    assert "Approve" in html and "Return for correction" in html
    response = client.post(url("update-return", update.pk), {"comment": ""})
    assert response.status_code == 400
    assert ProgressUpdate.objects.get().state == ProgressUpdate.State.SUBMITTED
    client.post(url("update-return", update.pk), {"comment": "Give the bill's number."})
    update.refresh_from_db()
    assert update.state == ProgressUpdate.State.RETURNED

    client.force_login(focal_point)
    html = client.get(url("my-work")).content.decode()
    assert "Give the bill&#x27;s number." in html
    assert url("update-edit", update.pk) in html
    form = client.get(url("update-edit", update.pk)).context["form"]
    response = client.post(
        url("update-edit", update.pk),
        {
            "narrative": "Bill 12/2024 was sent to parliament.",
            "status": "partially_implemented",
            "period_start": "2024-01-01",
            "period_end": "2024-06-30",
            "version": form.initial["version"],
        },
    )
    assert response.status_code == 302
    client.post(url("update-submit", update.pk))
    update.refresh_from_db()
    assert update.state == ProgressUpdate.State.SUBMITTED

    client.force_login(coordinator)
    response = client.post(url("update-approve", update.pk), follow=True)
    assert "Update approved." in messages_of(response)
    recommendation.refresh_from_db()
    assert recommendation.implementation_status == "partially_implemented"

    client.force_login(viewer)
    html = client.get(recommendation.get_absolute_url()).content.decode()
    assert "Bill 12/2024 was sent to parliament." in html
    assert "Partially implemented" in html
    assert client.get(url("update-detail", update.pk)).status_code == 200


def test_viewer_sees_the_approved_update_but_not_a_newer_draft(
    client, viewer, coordinator, focal_point, submitted, recommendation
):
    progress_update_approve(update=submitted, reviewer=coordinator)
    progress_update_create(
        user=focal_point,
        recommendation=recommendation,
        narrative="Unfinished thoughts.",
        status="implemented",
    )
    client.force_login(viewer)
    html = client.get(recommendation.get_absolute_url()).content.decode()
    assert "a bill is being written" in html
    assert "Unfinished thoughts." not in html


def test_create_and_submit_at_once(client, focal_point, recommendation):
    client.force_login(focal_point)
    client.post(
        url("update-create", recommendation.pk),
        {"narrative": "Done.", "status": "implemented", "submit": "1"},
    )
    assert ProgressUpdate.objects.get().state == ProgressUpdate.State.SUBMITTED


def test_update_form_names_its_errors(client, focal_point, recommendation):
    client.force_login(focal_point)
    response = client.post(
        url("update-create", recommendation.pk),
        {
            "narrative": "",
            "status": "nonsense",
            "period_start": "2024-06-01",
            "period_end": "2024-01-01",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "This field is required." in html
    assert "The period cannot end before it starts." in html
    assert not ProgressUpdate.objects.exists()


def test_coordinator_is_told_when_an_update_no_longer_waits_for_review(client, coordinator, draft):
    client.force_login(coordinator)
    response = client.post(url("update-approve", draft.pk), follow=True)
    assert "This update is not waiting for review any more." in messages_of(response)
    draft.refresh_from_db()
    assert draft.state == ProgressUpdate.State.DRAFT


def test_focal_point_reports_on_an_action_of_their_ministry(
    client, coordinator, focal_point, other_focal_point, justice
):
    action = action_create(user=coordinator, title="Train prison staff", lead_institution=justice)
    client.force_login(other_focal_point)
    response = client.post(
        url("action-update-create", action.pk), {"narrative": "x", "status": "implemented"}
    )
    assert response.status_code == 403
    client.force_login(focal_point)
    assert client.get(url("action-update-create", action.pk)).status_code == 200
    client.post(
        url("action-update-create", action.pk),
        {"narrative": "Two sessions held.", "status": "in_progress"},
    )
    update = ProgressUpdate.objects.get()
    assert update.action == action and update.recommendation is None


# Evidence


def test_file_whose_content_is_not_its_type_is_refused_with_its_name(client, focal_point, draft):
    client.force_login(focal_point)
    fake = pdf("minutes.pdf", b"just some text pretending to be a PDF")
    response = client.post(url("evidence-add", draft.pk), {"file": fake})
    assert response.status_code == 400
    assert "minutes.pdf is not an accepted evidence file" in response.content.decode()
    assert not Evidence.objects.exists()


def test_oversized_file_is_refused(client, focal_point, draft, settings):
    settings.RECTRACK_EVIDENCE_MAX_BYTES = 40
    client.force_login(focal_point)
    response = client.post(url("evidence-add", draft.pk), {"file": pdf("big.pdf", PDF * 3)})
    assert response.status_code == 400
    assert "big.pdf is larger than" in response.content.decode()
    assert not Evidence.objects.exists()


def test_evidence_needs_a_file_or_a_link(client, focal_point, draft):
    client.force_login(focal_point)
    response = client.post(url("evidence-add", draft.pk), {})
    assert response.status_code == 400
    assert "Give a file or a link." in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_link_is_evidence_too(client, focal_point, draft):
    client.force_login(focal_point)
    client.post(url("evidence-add", draft.pk), {"link": "https://example.org/gazette"})
    assert Evidence.objects.get().link == "https://example.org/gazette"


def test_evidence_is_downloaded_as_an_attachment_only_by_those_who_see_the_update(
    client, focal_point, other_focal_point, viewer, coordinator, draft
):
    evidence = evidence_add(update=draft, user=focal_point, upload=pdf("Rapport final.pdf"))
    address = url("evidence-download", evidence.pk)
    for user in (focal_point, coordinator):
        client.force_login(user)
        response = client.get(address)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert "Rapport final.pdf" in response["Content-Disposition"]
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == PDF
    for user in (other_focal_point, viewer):
        client.force_login(user)
        assert client.get(address).status_code == 404


# Optimistic locking


def test_second_edit_from_the_same_version_is_refused_with_409(client, focal_point, draft):
    colleague = user_create(username="second-focal", password=PASSWORD, role=User.Role.FOCAL_POINT)
    colleague.institutions.add(*focal_point.institutions.all())
    data = {"status": "in_progress", "version": draft.version}
    client.force_login(focal_point)
    response = client.post(
        url("update-edit", draft.pk),
        {**data, "narrative": "First: the bill passed a first reading."},
    )
    assert response.status_code == 302
    client.force_login(colleague)
    response = client.post(
        url("update-edit", draft.pk), {**data, "narrative": "Second: nothing happened."}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this update" in html
    assert "First: the bill passed a first reading." in html  # their version is shown
    assert "Second: nothing happened." in html  # my text is kept in the form
    draft.refresh_from_db()
    assert draft.narrative == "First: the bill passed a first reading."
    assert response.context["form"]["version"].value() == str(draft.version)


# Escaping


def test_hostile_narrative_comment_and_file_name_are_escaped(
    client, focal_point, coordinator, recommendation
):
    update = progress_update_create(
        user=focal_point, recommendation=recommendation, narrative=HOSTILE, status="in_progress"
    )
    evidence_add(update=update, user=focal_point, upload=pdf(HOSTILE_NAME))
    progress_update_submit(update=update, user=focal_point)
    client.force_login(coordinator)
    client.post(url("update-return", update.pk), {"comment": HOSTILE})
    for user in (coordinator, focal_point):
        client.force_login(user)
        for address in (
            url("update-detail", update.pk),
            recommendation.get_absolute_url(),
            url("my-work"),
        ):
            html = client.get(address).content.decode()
            assert "<script>" not in html and "<img src=x" not in html, address
    assert "&lt;script&gt;" in html


# The update form: the text, the starting status, evidence on the same form


def test_update_form_shows_the_text_and_starts_from_the_current_status(
    client, coordinator, focal_point, recommendation
):
    recommendation_status_set(
        recommendation=recommendation, status=ImplementationStatus.IN_PROGRESS, user=coordinator
    )
    client.force_login(focal_point)
    response = client.get(url("update-create", recommendation.pk))
    html = response.content.decode()
    assert "Ratify the Optional Protocol against Torture." in html
    assert recommendation.reference in html and str(recommendation.document) in html
    assert response.context["form"]["status"].value() == ImplementationStatus.IN_PROGRESS
    assert 'enctype="multipart/form-data"' in html
    assert "Evidence files" in html and "Evidence links" in html
    assert "Answers for" not in html  # one institution: nothing to choose


def test_action_update_shows_the_action_and_starts_from_its_latest_approved_status(
    client, coordinator, focal_point, justice
):
    action = action_create(
        user=coordinator,
        title="Legal aid act",
        description="Draft and pass a legal aid act.",
        lead_institution=justice,
        status="ongoing",
    )
    client.force_login(focal_point)
    form = client.get(url("action-update-create", action.pk)).context["form"]
    assert form["status"].value() == ImplementationStatus.IN_PROGRESS  # from "ongoing"
    update = progress_update_create(
        user=focal_point,
        action=action,
        narrative="Passed.",
        status=ImplementationStatus.PARTIALLY_IMPLEMENTED,
        submit=True,
    )
    progress_update_approve(update=update, reviewer=coordinator)
    response = client.get(url("action-update-create", action.pk))
    assert response.context["form"]["status"].value() == ImplementationStatus.PARTIALLY_IMPLEMENTED
    assert "Draft and pass a legal aid act." in response.content.decode()


def test_save_and_submit_keeps_the_evidence_files_and_links_of_the_form(
    client, focal_point, recommendation
):
    client.force_login(focal_point)
    response = client.post(
        url("update-create", recommendation.pk),
        {
            "narrative": "The bill was tabled.",
            "status": ImplementationStatus.IN_PROGRESS,
            "files": [pdf("bill.pdf"), pdf("minutes.pdf")],
            "links": "https://parliament.example/bill-12\n\nwww.gazette.example/12",
            "submit": "1",
        },
    )
    update = ProgressUpdate.objects.get()
    assert response.status_code == 302 and response.url == update.get_absolute_url()
    assert update.state == ProgressUpdate.State.SUBMITTED
    assert sorted(str(e) for e in update.evidence.all()) == [
        "bill.pdf",
        "https://parliament.example/bill-12",
        "https://www.gazette.example/12",
        "minutes.pdf",
    ]
    html = client.get(update.get_absolute_url()).content.decode()
    assert "bill.pdf" in html and "minutes.pdf" in html


def test_save_as_draft_keeps_the_evidence_too(client, focal_point, recommendation):
    client.force_login(focal_point)
    client.post(
        url("update-create", recommendation.pk),
        {"narrative": "Work started.", "status": "in_progress", "files": [pdf("plan.pdf")]},
    )
    update = ProgressUpdate.objects.get()
    assert update.state == ProgressUpdate.State.DRAFT
    assert [e.original_name for e in update.evidence.all()] == ["plan.pdf"]


def test_a_bad_evidence_file_on_the_form_is_named_and_nothing_is_saved(
    client, focal_point, recommendation
):
    client.force_login(focal_point)
    response = client.post(
        url("update-create", recommendation.pk),
        {
            "narrative": "The bill was tabled.",
            "status": "in_progress",
            "files": [pdf("good.pdf"), pdf("fake.pdf", b"MZ not a pdf")],
            "links": "https://parliament.example/bill-12",
            "submit": "1",
        },
    )
    assert response.status_code == 400
    assert "fake.pdf is not an accepted evidence file" in response.content.decode()
    assert not ProgressUpdate.objects.exists() and not Evidence.objects.exists()


def test_a_bad_link_on_the_form_names_its_line(client, focal_point, recommendation):
    client.force_login(focal_point)
    response = client.post(
        url("update-create", recommendation.pk),
        {"narrative": "x", "status": "in_progress", "links": "https://ok.example\nnot a link"},
    )
    assert response.status_code == 400
    assert "Line 2 is not a web address: not a link" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_evidence_added_after_submission_until_approval_is_in_the_history(
    client, coordinator, focal_point, other_focal_point, justice, submitted
):
    colleague = user_create(username="jamal-justice", password=PASSWORD, role="focal_point")
    colleague.institutions.add(justice)
    client.force_login(other_focal_point)
    assert client.post(url("evidence-add", submitted.pk), {"file": pdf()}).status_code in (403, 404)
    client.force_login(colleague)
    response = client.post(url("evidence-add", submitted.pk), {"file": pdf("decree.pdf")})
    assert response.status_code == 302
    assert [e.original_name for e in submitted.evidence.all()] == ["decree.pdf"]
    entry = AuditEntry.objects.filter(
        model="followup.progressupdate", object_id=str(submitted.pk), changes__has_key="evidence"
    ).get()
    assert entry.user == colleague and entry.changes["evidence"] == [[], ["decree.pdf"]]
    client.force_login(coordinator)
    html = client.get(url("update-detail", submitted.pk)).content.decode()
    assert "decree.pdf" in html
    progress_update_approve(update=submitted, reviewer=coordinator)
    client.force_login(colleague)
    assert (
        client.post(url("evidence-add", submitted.pk), {"link": "https://x.example"}).status_code
        == 403
    )
    assert submitted.evidence.count() == 1


# Several institutions


@pytest.fixture
def prisons(db):
    return Institution.objects.create(name="Prison Service", code="PRS")


@pytest.fixture
def two_hats(justice, prisons):
    """A focal point of the ministry and of its prison service."""
    user = user_create(username="hana-two-hats", password=PASSWORD, role=User.Role.FOCAL_POINT)
    user.institutions.add(justice, prisons)
    return user


@pytest.fixture
def shared_recommendation(coordinator, justice, prisons, health):
    recommendation = make_recommendation(text="Improve conditions of detention.")
    for institution, role in [(justice, "lead"), (prisons, "supporting"), (health, "supporting")]:
        assignment_set(
            recommendation=recommendation, institution=institution, role=role, user=coordinator
        )
    return recommendation


def test_focal_point_of_two_institutions_chooses_which_the_update_answers_for(
    client, coordinator, two_hats, justice, prisons, shared_recommendation
):
    request = update_request_create(
        user=coordinator,
        title="Mid-term",
        due_date=timezone.localdate() + datetime.timedelta(days=10),
        recommendations=[shared_recommendation],
    )
    client.force_login(two_hats)
    form = client.get(url("update-create", shared_recommendation.pk)).context["form"]
    assert [str(i) for i in form.fields["institutions"].queryset] == [
        "Ministry of Justice",
        "Prison Service",
    ]  # not the Ministry of Health, which they do not report for
    client.post(
        url("update-create", shared_recommendation.pk),
        {
            "narrative": "Cells renovated.",
            "status": "in_progress",
            "institutions": [prisons.pk],
            "submit": "1",
        },
    )
    update = ProgressUpdate.objects.get()
    assert list(update.institutions.all()) == [prisons] and update.institution == prisons
    assert request_is_answered(request=request, institution=prisons)
    assert not request_is_answered(request=request, institution=justice)
    client.force_login(coordinator)
    page = client.get(reverse("followup:request-detail", args=[request.pk])).content.decode()
    assert "1 of 3 have answered." in page
    assert re.search(r"Prison Service</th><td><span class=\"answered\">", page)
    assert re.search(r"Ministry of Justice</th><td><span class=\"not-answered\">", page)
    client.force_login(two_hats)
    client.post(
        url("update-create", shared_recommendation.pk),
        {
            "narrative": "Both.",
            "status": "in_progress",
            "institutions": [justice.pk, prisons.pk],
            "submit": "1",
        },
    )
    assert request_is_answered(request=request, institution=justice)
    html = client.get(ProgressUpdate.objects.first().get_absolute_url()).content.decode()
    assert 'Ministry of Justice</span>, <span dir="auto">Prison Service' in html


def test_an_update_must_answer_for_at_least_one_of_ones_own_institutions(
    client, two_hats, health, shared_recommendation
):
    client.force_login(two_hats)
    none = client.post(
        url("update-create", shared_recommendation.pk), {"narrative": "x", "status": "in_progress"}
    )
    assert none.status_code == 400 and "Tick at least one institution." in none.content.decode()
    other = client.post(
        url("update-create", shared_recommendation.pk),
        {"narrative": "x", "status": "in_progress", "institutions": [health.pk]},
    )
    assert other.status_code == 400
    assert not ProgressUpdate.objects.exists()
    with pytest.raises(ApplicationError):
        progress_update_create(
            user=two_hats,
            recommendation=shared_recommendation,
            narrative="x",
            status="in_progress",
            institutions=[health],
        )


def test_colleague_of_the_second_institution_sees_and_corrects_the_update(
    client, coordinator, two_hats, prisons, shared_recommendation
):
    update = progress_update_create(
        user=two_hats,
        recommendation=shared_recommendation,
        narrative="Cells renovated.",
        status="in_progress",
    )
    assert {i.name for i in update.institutions.all()} == {"Ministry of Justice", "Prison Service"}
    colleague = user_create(username="pia-prisons", password=PASSWORD, role="focal_point")
    colleague.institutions.add(prisons)
    client.force_login(colleague)
    assert client.get(url("update-edit", update.pk)).status_code == 200


def test_a_returned_update_is_corrected_and_resubmitted_from_one_form(
    client, coordinator, focal_point, submitted
):
    evidence_add(update=submitted, user=focal_point, upload=pdf("inspection.pdf"))
    progress_update_return(update=submitted, reviewer=coordinator, comment="Add the numbers.")
    submitted.refresh_from_db()
    client.force_login(focal_point)
    form_page = client.get(url("update-edit", submitted.pk)).content.decode()
    assert "Add the numbers." in form_page and "Save and submit for review" in form_page
    assert "1 evidence file or link is attached" in form_page
    response = client.post(
        url("update-edit", submitted.pk),
        {
            "narrative": "120 new places.",
            "status": "partially_implemented",
            "version": submitted.version,
            "submit": "1",
        },
        follow=True,
    )
    assert "Your changes were saved and submitted for review." in messages_of(response)
    submitted.refresh_from_db()
    assert (submitted.state, submitted.narrative) == ("submitted", "120 new places.")
    assert submitted.evidence.count() == 1
