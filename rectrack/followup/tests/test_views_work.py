"""The follow-up panel of a recommendation's page, assignments (one by one and in bulk from
the filtered list), status set directly, comments, and each focal point's "my work" page."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from rectrack.audit.models import AuditEntry
from rectrack.followup.models import Assignment, BulkAssignment, Comment, ProgressUpdate
from rectrack.followup.services.planning import action_create, assignment_set, comment_add
from rectrack.followup.services.requests import update_request_create
from rectrack.followup.services.updates import (
    evidence_add,
    progress_update_create,
    progress_update_return,
    progress_update_submit,
)
from rectrack.institutions.models import Institution
from rectrack.recommendations.tests.factories import make_document, make_recommendation

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
HOSTILE = '<script>alert("x")</script>'
LIST = reverse("recommendations:list")


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


def url(name: str, *args) -> str:
    return reverse(f"followup:{name}", args=args)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# Permissions


def test_anonymous_visitors_are_sent_to_the_login_page(client, recommendation, health):
    assignment = recommendation.assignments.get()
    client_get = client.get(url("my-work"))
    assert client_get.status_code == 302 and client_get.url.startswith(reverse("login"))
    for address in (
        url("assign", recommendation.pk),
        url("assignment-remove", assignment.pk),
        url("status-set", recommendation.pk),
        url("comment-add", recommendation.pk),
        url("bulk-assign"),
    ):
        response = client.post(
            address,
            {"institution": health.pk, "role": "lead", "status": "implemented", "body": "x"},
        )
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert recommendation.assignments.count() == 1
    assert not Comment.objects.exists()


@pytest.mark.parametrize("persona", ["viewer", "focal_point", "other_focal_point"])
def test_only_coordinators_assign_remove_set_status_and_bulk_assign(
    client, request, persona, recommendation, health
):
    client.force_login(request.getfixturevalue(persona))
    assignment = recommendation.assignments.get()
    data = {"institution": health.pk, "role": "lead", "status": "implemented"}
    assert client.post(url("assign", recommendation.pk), data).status_code == 403
    assert (
        client.post(url("assignment-remove", assignment.pk), {"confirm": "yes"}).status_code == 403
    )
    assert client.post(url("status-set", recommendation.pk), data).status_code == 403
    assert client.post(url("bulk-assign"), data).status_code == 403
    assert list(Assignment.objects.values_list("institution__code", "role")) == [("MOJ", "lead")]
    recommendation.refresh_from_db()
    assert recommendation.implementation_status == "no_information"
    assert not ProgressUpdate.objects.exists()


def test_viewer_and_other_ministry_cannot_comment(
    client, viewer, other_focal_point, focal_point, recommendation
):
    for user in (viewer, other_focal_point):
        client.force_login(user)
        response = client.post(url("comment-add", recommendation.pk), {"body": "Me too"})
        assert response.status_code == 403
    assert not Comment.objects.exists()
    client.force_login(focal_point)
    response = client.post(url("comment-add", recommendation.pk), {"body": "On it."}, follow=True)
    assert "Comment added." in messages_of(response)
    assert Comment.objects.get().author == focal_point


def test_state_changing_work_views_refuse_get(client, coordinator, recommendation):
    client.force_login(coordinator)
    for address in (
        url("assign", recommendation.pk),
        url("status-set", recommendation.pk),
        url("comment-add", recommendation.pk),
        url("bulk-assign"),
    ):
        assert client.get(address).status_code == 405


# Assignments, status and comments on the recommendation's page


def test_coordinator_assigns_a_lead_and_a_supporting_institution_and_removes_one(
    client, coordinator, recommendation, justice, health
):
    client.force_login(coordinator)
    response = client.post(
        url("assign", recommendation.pk), {"institution": health.pk, "role": "lead"}, follow=True
    )
    assert "Ministry of Health is now lead on this recommendation." in messages_of(response)
    roles = dict(recommendation.assignments.values_list("institution__code", "role"))
    assert roles == {"MOH": "lead", "MOJ": "supporting"}
    html = response.content.decode()
    assert "Ministry of Health</strong> (MOH) · Lead" in html
    assert "Ministry of Justice</strong> (MOJ) · Supporting" in html
    justice_assignment = recommendation.assignments.get(institution=justice)
    client.post(url("assignment-remove", justice_assignment.pk), {"confirm": "yes"})
    assert list(recommendation.assignments.values_list("institution__code", flat=True)) == ["MOH"]


def test_an_invalid_assignment_is_explained(client, coordinator, recommendation):
    client.force_login(coordinator)
    response = client.post(url("assign", recommendation.pk), {"role": "boss"}, follow=True)
    text = " ".join(messages_of(response))
    assert "Institution: This field is required." in text
    assert "Role: Select a valid choice." in text
    assert recommendation.assignments.count() == 1


def test_coordinator_sets_the_status_directly_and_the_page_says_so(
    client, coordinator, recommendation
):
    client.force_login(coordinator)
    response = client.post(
        url("status-set", recommendation.pk),
        {"status": "implemented", "narrative": "Law 5/2024 in force."},
        follow=True,
    )
    assert "Implementation status set to Implemented." in messages_of(response)
    recommendation.refresh_from_db()
    assert recommendation.implementation_status == "implemented"
    update = ProgressUpdate.objects.get()
    assert update.set_directly and update.state == ProgressUpdate.State.APPROVED
    html = response.content.decode()
    assert "set directly by <bdi>cora-coordinator</bdi>" in html
    assert "Law 5/2024 in force." in html


def test_panel_shows_each_role_only_what_it_may_do(
    client, coordinator, focal_point, other_focal_point, viewer, recommendation
):
    assign_form = f'action="{url("assign", recommendation.pk)}"'
    write = url("update-create", recommendation.pk)
    comment_form = f'action="{url("comment-add", recommendation.pk)}"'
    status_form = f'action="{url("status-set", recommendation.pk)}"'
    expected = {
        coordinator: (True, True, True, True),
        focal_point: (False, True, True, False),
        other_focal_point: (False, False, False, False),
        viewer: (False, False, False, False),
    }
    for user, shown in expected.items():
        client.force_login(user)
        html = client.get(recommendation.get_absolute_url()).content.decode()
        assert "Ministry of Justice" in html
        found = (assign_form in html, write in html, comment_form in html, status_form in html)
        assert found == shown, user.username


def test_panel_lists_actions_and_evidence_and_the_returned_comment(
    client, coordinator, focal_point, recommendation, justice
):
    action = action_create(
        user=coordinator,
        title="Draft the ratification bill",
        lead_institution=justice,
        links={"recommendations": [recommendation]},
    )
    update = progress_update_create(
        user=focal_point,
        recommendation=recommendation,
        narrative="Consultations held.",
        status="in_progress",
    )
    evidence = evidence_add(
        update=update, user=focal_point, upload=SimpleUploadedFile("minutes.pdf", PDF)
    )
    progress_update_submit(update=update, user=focal_point)
    progress_update_return(update=update, reviewer=coordinator, comment="Attach the list.")
    client.force_login(focal_point)
    html = client.get(recommendation.get_absolute_url()).content.decode()
    assert f'href="{action.get_absolute_url()}">Draft the ratification bill</a>' in html
    assert f'href="{url("evidence-download", evidence.pk)}">minutes.pdf</a>' in html
    assert "Attach the list." in html
    assert "Returned for correction" in html


def test_recommendation_page_queries_do_not_grow_with_its_follow_up(
    client, coordinator, focal_point, recommendation, health, django_assert_max_num_queries
):
    def grow(number: int) -> None:
        institution = Institution.objects.create(name=f"Agency {number}", code=f"AG{number}")
        assignment_set(
            recommendation=recommendation,
            institution=institution,
            role="supporting",
            user=coordinator,
        )
        action_create(
            user=coordinator,
            title=f"Action {number}",
            lead_institution=health,
            links={"recommendations": [recommendation]},
        )
        update = progress_update_create(
            user=focal_point,
            recommendation=recommendation,
            narrative=f"Step {number}",
            status="in_progress",
        )
        evidence_add(
            update=update, user=focal_point, upload=SimpleUploadedFile(f"step{number}.pdf", PDF)
        )
        comment_add(user=focal_point, recommendation=recommendation, body=f"Note {number}")

    address = recommendation.get_absolute_url()
    grow(0)
    client.force_login(coordinator)
    # The page itself, then one query each: updates, their evidence, assignments, actions,
    # comments, history, the institutions of the assignment form, and the header's count of
    # unread notifications.
    with django_assert_max_num_queries(17) as few:
        client.get(address)
    for number in range(1, 8):
        grow(number)
    with django_assert_max_num_queries(len(few)) as many:
        html = client.get(address).content.decode()
    assert html.count('class="update-item"') == 8
    assert "Note 7" in html and "step7.pdf" in html and "Agency 7" in html
    assert len(many) == len(few)


def test_hostile_comment_is_escaped(client, focal_point, recommendation):
    comment_add(user=focal_point, recommendation=recommendation, body=HOSTILE)
    client.force_login(focal_point)
    html = client.get(recommendation.get_absolute_url()).content.decode()
    assert "<script>" not in html
    assert "&lt;script&gt;alert" in html


# Bulk assignment from the list's selection


def assignments() -> set[tuple[int, str, str]]:
    return set(Assignment.objects.values_list("recommendation_id", "institution__code", "role"))


def test_bulk_assign_assigns_every_recommendation_matching_the_filters(
    client, coordinator, justice, settings
):
    settings.RECTRACK_PAGE_SIZE = 2
    crc = make_document(mechanism_code="CRC")
    children = [make_recommendation(document=crc) for _ in range(3)]
    others = [make_recommendation() for _ in range(2)]
    client.force_login(coordinator)
    html = client.get(LIST, {"mechanism": "CRC"}).content.decode()
    assert "Assign the ticked rows, or all 3 matching recommendations, to an institution." in html
    assert '<input type="hidden" form="selection" name="mechanism" value="CRC">' in html
    response = client.post(
        url("bulk-assign"),
        {"scope": "all", "mechanism": "CRC", "institution": justice.pk, "role": "lead"},
    )
    batch = BulkAssignment.objects.get()
    assert response.status_code == 302 and response.url == url("bulk-assign-result", batch.pk)
    assert assignments() == {(r.pk, "MOJ", "lead") for r in children}
    assert not Assignment.objects.filter(recommendation__in=others).exists()
    html = client.get(response.url).content.decode()
    assert "3 recommendations assigned to <bdi>Ministry of Justice</bdi> (lead)." in html
    assert "Undo this assignment" in html
    assert f'href="{LIST}?mechanism=CRC#results"' in html


def test_bulk_assign_of_ticked_rows_assigns_only_those(client, coordinator, health):
    document = make_document()
    first, second, third = (make_recommendation(document=document) for _ in range(3))
    client.force_login(coordinator)
    client.post(
        url("bulk-assign"),
        {
            "scope": "ticked",
            "selected": [first.pk, third.pk],
            "institution": health.pk,
            "role": "supporting",
        },
    )
    assert assignments() == {(first.pk, "MOH", "supporting"), (third.pk, "MOH", "supporting")}
    assert BulkAssignment.objects.get().count == 2


def test_bulk_assign_with_a_bad_filter_assigns_nothing(client, coordinator, justice):
    make_recommendation()
    client.force_login(coordinator)
    response = client.post(
        url("bulk-assign"),
        {"scope": "all", "mechanism": "NOPE", "institution": justice.pk, "role": "lead"},
        follow=True,
    )
    assert "Some filters are not valid: nothing was changed." in messages_of(response)
    assert not Assignment.objects.exists() and not BulkAssignment.objects.exists()


def test_bulk_assign_naming_missing_or_superseded_recommendations_changes_nothing(
    client, coordinator, justice
):
    old = make_recommendation(
        document=make_document(symbol="A/HRC/8/1", date=datetime.date(2012, 3, 1))
    )
    fine = make_recommendation()
    client.force_login(coordinator)
    response = client.post(
        url("bulk-assign"),
        {
            "scope": "ticked",
            "selected": [fine.pk, old.pk, 99999, "x1"],
            "institution": justice.pk,
            "role": "lead",
        },
        follow=True,
    )
    assert messages_of(response) == [
        "“x1” is not a recommendation number.",
        "These recommendations do not exist or you may not see them: 99999.",
        f"These recommendations are in superseded reviews: A/HRC/8/1 {old.reference}.",
    ]
    assert not Assignment.objects.exists()


def test_bulk_assign_with_nothing_ticked_says_so(client, coordinator, justice):
    make_recommendation()
    client.force_login(coordinator)
    response = client.post(
        url("bulk-assign"),
        {"scope": "ticked", "institution": justice.pk, "role": "lead"},
        follow=True,
    )
    assert messages_of(response) == [
        "Tick at least one recommendation, or choose all matching ones."
    ]
    assert not Assignment.objects.exists()


def test_bulk_assign_over_twenty_asks_for_confirmation_first(client, coordinator, justice):
    document = make_document(mechanism_code="CRC", symbol="CRC/C/VLD/CO/5")
    for number in range(1, 22):
        make_recommendation(document=document, reference=f"12.{number}")
    client.force_login(coordinator)
    data = {"scope": "all", "mechanism": "CRC", "institution": justice.pk, "role": "lead"}
    response = client.post(url("bulk-assign"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Assign 21 recommendations to Ministry of Justice (lead)?" in html
    assert "This applies to 21 recommendations." in html and "The first 10:" in html
    # the sample in natural order of references: 12.1 ... 12.9, then 12.10
    assert re.findall(r"CRC/C/VLD/CO/5 · (12\.\d+)", html) == [*(f"12.{n}" for n in range(1, 11))]
    assert '<input type="hidden" name="confirmed" value="1">' in html
    assert '<input type="hidden" name="mechanism" value="CRC">' in html
    assert not Assignment.objects.exists()
    response = client.post(url("bulk-assign"), {**data, "confirmed": "1"})
    assert response.status_code == 302
    assert Assignment.objects.filter(institution=justice, role="lead").count() == 21


def test_bulk_assign_of_twenty_applies_at_once(client, coordinator, justice):
    document = make_document()
    for _ in range(20):
        make_recommendation(document=document)
    client.force_login(coordinator)
    client.post(url("bulk-assign"), {"scope": "all", "institution": justice.pk, "role": "lead"})
    assert Assignment.objects.count() == 20


def test_undo_of_a_bulk_assign_restores_the_previous_assignments_once(
    client, coordinator, justice, health
):
    education = Institution.objects.create(name="Ministry of Education", code="MOE")
    document = make_document()
    led_by_health, shared, untouched_before, left_alone = (
        make_recommendation(document=document) for _ in range(4)
    )
    assignment_set(recommendation=led_by_health, institution=health, role="lead", user=coordinator)
    assignment_set(recommendation=shared, institution=justice, role="lead", user=coordinator)
    assignment_set(recommendation=shared, institution=health, role="supporting", user=coordinator)
    assignment_set(recommendation=left_alone, institution=health, role="lead", user=coordinator)
    before = assignments()
    client.force_login(coordinator)
    for institution, role in ((health, "lead"), (education, "supporting")):
        client.post(
            url("bulk-assign"),
            {
                "scope": "ticked",
                "selected": [led_by_health.pk, shared.pk, untouched_before.pk],
                "institution": institution.pk,
                "role": role,
            },
        )
    first, second = BulkAssignment.objects.order_by("pk")
    assert (shared.pk, "MOJ", "supporting") in assignments()
    assert (untouched_before.pk, "MOE", "supporting") in assignments()
    client.post(url("bulk-assign-undo", second.pk))
    response = client.post(url("bulk-assign-undo", first.pk), follow=True)
    assert assignments() == before
    assert "Undone: the assignments of 3 recommendations are as they were before." in messages_of(
        response
    )
    assert "Undo this assignment" not in response.content.decode()
    assert "the assignments are as they were before" in response.content.decode()
    deleted = AuditEntry.objects.filter(action="delete", model="followup.assignment")
    assert deleted.count() == 4  # Health on the third, Education on all three
    response = client.post(url("bulk-assign-undo", first.pk), follow=True)
    assert messages_of(response) == ["This bulk assignment has already been undone."]
    assert assignments() == before


def test_undo_leaves_alone_and_names_a_recommendation_reassigned_since(
    client, coordinator, justice, health
):
    education = Institution.objects.create(name="Ministry of Education", code="MOE")
    document = make_document()
    first, second = (make_recommendation(document=document) for _ in range(2))
    for recommendation in (first, second):
        assignment_set(
            recommendation=recommendation, institution=justice, role="lead", user=coordinator
        )
    client.force_login(coordinator)
    client.post(
        url("bulk-assign"),
        {
            "scope": "ticked",
            "selected": [first.pk, second.pk],
            "institution": health.pk,
            "role": "lead",
        },
    )
    batch = BulkAssignment.objects.get()
    # Later, someone makes Education lead on the second one.
    assignment_set(recommendation=second, institution=education, role="lead", user=coordinator)
    later = sorted(second.assignments.values_list("institution__code", "role"))
    response = client.post(url("bulk-assign-undo", batch.pk), follow=True)
    assert sorted(first.assignments.values_list("institution__code", "role")) == [("MOJ", "lead")]
    assert sorted(second.assignments.values_list("institution__code", "role")) == later
    assert messages_of(response) == [
        "Undone: the assignments of 1 recommendation are as they were before.",
        "1 recommendation was left as it is: its assignments were changed after this step.",
    ]
    page = response.content.decode()
    assert "Left as they are, because their assignments were changed after this step:" in page
    assert str(second) in page


@pytest.mark.parametrize("persona", ["viewer", "focal_point"])
def test_only_coordinators_see_a_bulk_assignment_and_undo_it(
    client, request, persona, coordinator, justice
):
    recommendation = make_recommendation()
    client.force_login(coordinator)
    client.post(
        url("bulk-assign"),
        {"selected": recommendation.pk, "institution": justice.pk, "role": "lead"},
    )
    batch = BulkAssignment.objects.get()
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url("bulk-assign-result", batch.pk)).status_code == 403
    assert client.post(url("bulk-assign-undo", batch.pk)).status_code == 403
    batch.refresh_from_db()
    assert batch.undone_at is None
    assert assignments() == {(recommendation.pk, "MOJ", "lead")}


def test_bulk_assign_form_is_for_coordinators_and_follows_htmx_filtering(
    client, coordinator, viewer, focal_point
):
    make_recommendation(document=make_document(mechanism_code="CRC"))
    make_recommendation()
    for user in (viewer, focal_point):
        client.force_login(user)
        html = client.get(LIST).content.decode()
        assert 'id="bulk-assign"' not in html and 'name="selected"' not in html
    client.force_login(coordinator)
    html = client.get(LIST).content.decode()
    assert "or all 2 matching" in html
    assert html.count('type="checkbox" form="selection" name="selected"') == 2
    html = client.get(LIST, {"mechanism": "CRC"}, headers={"HX-Request": "true"}).content
    html = html.decode()
    assert "<html" not in html
    assert 'id="bulk-assign" hx-swap-oob="true"' in html
    assert "Assign the ticked rows, or the 1 matching recommendation, to an institution." in html


# My work


def _section(html: str, heading_id: str) -> str:
    return html.split(f'id="{heading_id}"')[1].split("</section>")[0]


def _items(section: str) -> list[str]:
    return [item.split("</li>")[0] for item in section.split('<li class="work-item')[1:]]


def test_my_work_lists_what_to_do_first_with_text_document_due_date_state_and_button(
    client, coordinator, focal_point, recommendation, justice
):
    today = timezone.localdate()
    action = action_create(
        user=coordinator,
        title="Train prison staff",
        description="Train every prison officer in the Mandela Rules.",
        lead_institution=justice,
    )
    requested = make_recommendation(text="Abolish the death penalty " + "in law and practice " * 30)
    assignment_set(recommendation=requested, institution=justice, role="lead", user=coordinator)
    untouched = make_recommendation(text="Adopt a national action plan.")
    assignment_set(recommendation=untouched, institution=justice, role="lead", user=coordinator)
    update_request_create(
        user=coordinator,
        title="Mid-term report",
        due_date=today + datetime.timedelta(days=5),
        recommendations=[requested],
    )
    update_request_create(
        user=coordinator,
        title="Annual plan review",
        due_date=today - datetime.timedelta(days=2),
        actions=[action],
    )
    returned = progress_update_create(
        user=focal_point,
        recommendation=recommendation,
        narrative="First try.",
        status="in_progress",
        submit=True,
    )
    progress_update_return(update=returned, reviewer=coordinator, comment="Add the dates.")
    draft = progress_update_create(
        user=focal_point, action=action, narrative="Half written.", status="in_progress"
    )
    client.force_login(focal_point)
    html = client.get(url("my-work")).content.decode()
    assert 'You report for: <span dir="auto">Ministry of Justice</span>.' in html
    overdue, due, correct = _items(_section(html, "todo-heading"))  # the most urgent first
    assert "Train prison staff" in overdue and "Overdue by 2 days" in overdue
    assert "Annual plan review" in overdue and "Draft" in overdue
    assert "Train every prison officer in the Mandela Rules." in overdue
    assert draft.get_absolute_url() in overdue and "Continue the draft" in overdue
    assert requested.reference in due and str(requested.document) in due
    assert "Due in 5 days" in due and "Not started" in due
    assert 'dir="auto">Abolish the death penalty in law and practice' in due
    assert "…" in due and "practice " * 30 not in due  # the first lines, cut at a word
    assert url("update-create", requested.pk) in due and "Write an update" in due
    assert "Returned for correction" in correct and "Add the dates." in correct
    assert url("update-edit", returned.pk) in correct and "Correct the update" in correct
    assert untouched.reference not in _section(html, "todo-heading")
    assigned = _section(html, "assigned-heading")
    assert "3 recommendations." in assigned and len(_items(assigned)) == 3
    assert "Adopt a national action plan." in assigned and "Not started" in assigned
    assert url("update-create", untouched.pk) in assigned
    assert url("action-update-create", action.pk) not in html  # the draft is continued instead


def test_a_request_answered_leaves_to_do_first_and_shows_as_awaiting_review(
    client, coordinator, focal_point, recommendation
):
    update_request_create(
        user=coordinator,
        title="Mid-term report",
        due_date=timezone.localdate() + datetime.timedelta(days=5),
        recommendations=[recommendation],
    )
    update = progress_update_create(
        user=focal_point,
        recommendation=recommendation,
        narrative="Done.",
        status="implemented",
        submit=True,
    )
    client.force_login(focal_point)
    html = client.get(url("my-work")).content.decode()
    assert "Nothing is waiting for you" in _section(html, "todo-heading")
    (item,) = _items(_section(html, "assigned-heading"))
    assert "Submitted, awaiting review" in item and update.get_absolute_url() in item


def test_my_work_queries_do_not_grow_with_the_work(
    client, coordinator, focal_point, justice, django_assert_max_num_queries
):
    def add_work(n: int) -> None:
        recommendations = [make_recommendation() for _ in range(n)]
        for recommendation in recommendations:
            assignment_set(
                recommendation=recommendation, institution=justice, role="lead", user=coordinator
            )
            progress_update_create(
                user=focal_point,
                recommendation=recommendation,
                narrative="Draft.",
                status="in_progress",
            )
        action = action_create(user=coordinator, title=f"Action {n}", lead_institution=justice)
        update_request_create(
            user=coordinator,
            title=f"Request {n}",
            due_date=timezone.localdate(),
            recommendations=recommendations,
            actions=[action],
        )

    add_work(2)
    client.force_login(focal_point)
    with django_assert_max_num_queries(30) as few:
        client.get(url("my-work"))
    add_work(12)
    assert len(few.captured_queries) < 30
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url("my-work")).content.decode()
    assert len(_items(_section(html, "todo-heading"))) == 16


def test_my_work_is_empty_with_an_explanation_for_coordinators_and_viewers(
    client, coordinator, viewer, recommendation
):
    for user in (coordinator, viewer):
        client.force_login(user)
        html = client.get(url("my-work")).content.decode()
        assert "You do not report for any institution" in html
        assert recommendation.get_absolute_url() not in html


def test_my_work_pages_the_assigned_recommendations(client, coordinator, focal_point, justice):
    recommendations = [make_recommendation() for _ in range(30)]
    for recommendation in recommendations:
        assignment_set(
            recommendation=recommendation, institution=justice, role="lead", user=coordinator
        )
    client.force_login(focal_point)
    html = client.get(url("my-work")).content.decode()
    assert "30 recommendations." in html and "Page 1 of 2" in html
    html = client.get(url("my-work"), {"page": 2}).content.decode()
    assert "Page 2 of 2" in html


def test_navigation_links_follow_the_role(client, admin, coordinator, focal_point, viewer):
    expected = {
        admin: (True, True),
        coordinator: (True, False),
        focal_point: (True, False),
        viewer: (False, False),
    }
    for user, (my_work, audit) in expected.items():
        client.force_login(user)
        html = client.get(LIST).content.decode()
        assert (f'href="{url("my-work")}"' in html) is my_work, user.username
        assert (f'href="{reverse("audit:list")}"' in html) is audit, user.username
        assert f'href="{url("action-list")}"' in html
        # Update requests are for those who ask or answer them; viewers would get 403.
        assert (f'href="{url("request-list")}"' in html) is my_work, user.username


# In a browser


def _log_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(base_url + reverse("login"))
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/(home|my-work)/"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_follow_up_pages_have_no_serious_accessibility_issue_and_reflow(
    live_server, browser_context, demo
):
    """Each page a focal point and a coordinator use, with the demo's work in every state:
    no serious axe finding at desktop width, no sideways scrolling at 320 px (400 % zoom)."""
    from axe_playwright_python.sync_playwright import Axe

    passwords = {credential.username: credential.password for credential in demo.credentials}
    returned = ProgressUpdate.objects.filter(state=ProgressUpdate.State.RETURNED).first()
    submitted = ProgressUpdate.objects.filter(state=ProgressUpdate.State.SUBMITTED).first()
    pages = {
        "fp-justice": [
            url("my-work"),
            url("update-detail", returned.pk),
            url("update-edit", returned.pk),
            url("update-create", returned.recommendation_id),
            returned.recommendation.get_absolute_url(),
        ],
        "coordinator": [
            url("home"),
            reverse("reports:mechanism", args=["UPR"]),
            url("update-detail", submitted.pk),
            submitted.recommendation.get_absolute_url(),
            LIST,
        ],
    }
    for width in (1280, 320):
        for username, paths in pages.items():
            context = browser_context(viewport={"width": width, "height": 800})
            page = context.new_page()
            _log_in(page, live_server.url, username, passwords[username])
            for path in paths:
                assert page.goto(live_server.url + path).ok, path
                if width == 320:
                    overflow = page.evaluate(
                        "document.documentElement.scrollWidth"
                        " - document.documentElement.clientWidth"
                    )
                    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
                else:
                    violations = [
                        f"{violation['id']}: {violation['help']}"
                        for violation in Axe().run(page).response["violations"]
                        if violation["impact"] in {"serious", "critical"}
                    ]
                    assert violations == [], path


# Where signing in leads


def test_focal_point_lands_on_my_work_and_others_on_the_home_page(
    client, focal_point, coordinator, viewer
):
    from rectrack.conftest import PASSWORD

    for user, landing in [
        (focal_point, url("my-work")),
        (coordinator, url("home")),
        (viewer, url("home")),
    ]:
        client.logout()
        response = client.post(
            reverse("login"), {"username": user.username, "password": PASSWORD}, follow=True
        )
        assert response.redirect_chain[-1] == (landing, 302), user.username
        assert response.status_code == 200
    client.logout()
    client.force_login(focal_point)
    assert client.get("/").url == url("landing")
    assert client.get(url("landing")).url == url("my-work")


def test_sign_in_honours_a_safe_next_page_only(client, focal_point):
    from rectrack.conftest import PASSWORD

    credentials = {"username": focal_point.username, "password": PASSWORD}
    response = client.post(reverse("login") + "?next=/actions/", credentials)
    assert response.url == "/actions/"
    client.logout()
    response = client.post(reverse("login") + "?next=https://evil.example/", credentials)
    assert response.url == url("landing")


def test_my_work_and_the_update_form_carry_no_inline_script_or_style(
    client, focal_point, recommendation
):
    client.force_login(focal_point)
    for page in (url("my-work"), url("update-create", recommendation.pk)):
        html = client.get(page).content.decode()
        assert "<script>" not in html and " style=" not in html and "onclick" not in html
