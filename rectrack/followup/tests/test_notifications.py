"""Everyone concerned is told, at once: who is notified of each step, in Rectrack and by
e-mail as each chose; an e-mail that cannot be sent never blocks the step and is retried; the
notifications page, the header's count, the profile's choice, the update request's page
saying who was told; and nobody reads or marks anyone else's notifications."""

import datetime
import io
import re

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from rectrack.accounts.models import User
from rectrack.accounts.services import user_create
from rectrack.audit.selectors import audit_history
from rectrack.conftest import PASSWORD, reference_data
from rectrack.followup.models import Assignment, Notification, ProgressUpdate
from rectrack.followup.services.emails import notifications_email_pending
from rectrack.followup.services.planning import (
    assignment_set,
    comment_add,
    recommendations_bulk_assign,
)
from rectrack.followup.services.requests import update_request_create
from rectrack.followup.services.updates import (
    progress_update_approve,
    progress_update_create,
    progress_update_return,
)
from rectrack.followup.tests.test_reminders import Inbox, free_port
from rectrack.institutions.models import Institution
from rectrack.recommendations.tests.factories import make_document, make_recommendation

pytestmark = pytest.mark.django_db
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
FAILING = "rectrack.followup.tests.test_notifications.FailingBackend"


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    calls = 0

    def send_messages(self, email_messages):
        FailingBackend.calls += 1
        raise ConnectionRefusedError(111, "Connection refused")


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.EMAIL_BACKEND = LOCMEM
    settings.RECTRACK_BASE_URL = "https://rectrack.example"


def person(username: str, role: str = User.Role.FOCAL_POINT, *, institution=None, **fields):
    user = user_create(username=username, password=PASSWORD, role=role, **fields)
    if institution is not None:
        user.institutions.add(institution)
    return user


@pytest.fixture
def people(coordinator, focal_point, justice, health):
    """Justice: fatima (e-mail at once) and jo (no e-mail address); Health: hana; two
    coordinators with addresses (cora, the persona, has none)."""
    return {
        "fatima": focal_point,
        "jo": person("jo", institution=justice),
        "hana": person("hana", institution=health, email="hana@health.example"),
        "carl": person("carl", User.Role.COORDINATOR, email="carl@nmirf.example"),
        "cora": coordinator,
    }


@pytest.fixture
def recommendation(people, justice):
    recommendation = make_recommendation(document=make_document(), text="Reform legal aid.")
    Assignment.objects.create(
        recommendation=recommendation, institution=justice, role=Assignment.Role.LEAD
    )
    return recommendation


def told(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_an_update_request_tells_every_focal_point_of_each_institution_asked_at_once(
    people, recommendation, justice, health, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        update_request_create(
            user=coordinator,
            title="UPR mid-term report",
            message="Please report by June.",
            due_date=datetime.date(2030, 6, 30),
            recommendations=[recommendation],
            institutions=[justice, health],
        )
    assert told(Notification.Kind.REQUEST) == {"fatima-focal", "jo", "hana"}
    fatima = Notification.objects.get(recipient=people["fatima"])
    assert fatima.message == (
        "cora-coordinator asks Ministry of Justice for progress updates by June 30, 2030: "
        "UPR mid-term report"
    )
    assert fatima.link == reverse("followup:my-work") and fatima.read_at is None
    assert fatima.email == Notification.Email.SENT and fatima.emailed_at is not None
    jo = Notification.objects.get(recipient=people["jo"])
    assert jo.email == Notification.Email.NO_ADDRESS and jo.emailed_at is None
    assert sorted(message.to[0] for message in mail.outbox) == [
        "fp@justice.example",
        "hana@health.example",
    ]
    message = next(m for m in mail.outbox if m.to == ["fp@justice.example"])
    assert message.subject.startswith("cora-coordinator asks Ministry of Justice")
    assert "Please report by June." in message.body
    assert "Open it in Rectrack: https://rectrack.example/my-work/" in (message.body)
    assert "https://rectrack.example/accounts/profile/" in message.body


@pytest.fixture
def committed_reference_data(transactional_db):
    """The mechanisms and SDGs of the migrations, again: a test that commits (as the database
    task queue's worker needs) starts from an emptied database."""
    from rectrack.conftest import reference_data

    reference_data()


@pytest.mark.django_db(transaction=True)
def test_the_emails_of_a_step_are_sent_by_the_task_worker_not_the_request(
    committed_reference_data, task_queue, people, recommendation, justice, coordinator
):
    """With the task queue of production: the step saves its notifications and queues one
    e-mailing task; the request sends nothing; `rectrack worker` sends the e-mails."""
    update_request_create(
        user=coordinator,
        title="UPR mid-term report",
        due_date=datetime.date(2030, 6, 30),
        recommendations=[recommendation],
        institutions=[justice],
    )
    assert told(Notification.Kind.REQUEST) == {"fatima-focal", "jo"}
    assert mail.outbox == []
    assert task_queue.waiting() == ["rectrack.followup.tasks.notifications_email_task"]

    task_queue.run()

    assert [message.to for message in mail.outbox] == [["fp@justice.example"]]
    assert mail.outbox[0].subject.startswith("cora-coordinator asks Ministry of Justice")
    fatima = Notification.objects.get(recipient=people["fatima"])
    assert fatima.email == Notification.Email.SENT


def test_nothing_is_emailed_before_the_step_commits(people, recommendation, coordinator):
    update_request_create(
        user=coordinator,
        title="Mid-term",
        due_date=datetime.date(2030, 6, 30),
        recommendations=[recommendation],
    )
    # Without a commit (the test's transaction is never committed), nothing went out.
    assert mail.outbox == []
    assert Notification.objects.filter(email=Notification.Email.PENDING).count() == 1


def test_an_assignment_tells_the_institutions_focal_points_once(
    people, health, coordinator, django_capture_on_commit_callbacks
):
    recommendation = make_recommendation(reference="12.3")
    with django_capture_on_commit_callbacks(execute=True):
        assignment_set(
            recommendation=recommendation,
            institution=health,
            role=Assignment.Role.SUPPORTING,
            user=coordinator,
        )
        # The same assignment saved again tells nobody again.
        assignment_set(
            recommendation=recommendation,
            institution=health,
            role=Assignment.Role.SUPPORTING,
            user=coordinator,
        )
    [notification] = Notification.objects.filter(kind=Notification.Kind.ASSIGNMENT)
    assert notification.recipient == people["hana"]
    assert notification.message == (
        f"Ministry of Health is now supporting on recommendation {recommendation}."
    )
    assert notification.link == recommendation.get_absolute_url()
    assert [m.to for m in mail.outbox] == [["hana@health.example"]]


def test_a_bulk_assignment_tells_each_focal_point_once_for_the_whole_step(
    people, justice, coordinator, django_capture_on_commit_callbacks
):
    recommendations = [make_recommendation() for _ in range(30)]
    with django_capture_on_commit_callbacks(execute=True):
        batch = recommendations_bulk_assign(
            recommendations=recommendations,
            institution=justice,
            role=Assignment.Role.LEAD,
            user=coordinator,
        )
    assert batch.count == 30
    assignments = Notification.objects.filter(kind=Notification.Kind.ASSIGNMENT)
    assert sorted(assignments.values_list("recipient__username", flat=True)) == [
        "fatima-focal",
        "jo",
    ]
    assert assignments.first().message == ("Ministry of Justice is now lead on 30 recommendations.")
    assert assignments.first().link == reverse("followup:my-work")
    assert len(mail.outbox) == 1  # jo has no address


def test_submit_tells_the_coordinators_return_and_approve_tell_author_and_institution(
    people, recommendation, django_capture_on_commit_callbacks
):
    fatima, jo, carl = people["fatima"], people["jo"], people["carl"]
    with django_capture_on_commit_callbacks(execute=True):
        update = progress_update_create(
            user=fatima,
            recommendation=recommendation,
            narrative="Legal aid act drafted.",
            status="in_progress",
            submit=True,
        )
    assert told(Notification.Kind.SUBMITTED) == {"carl", "cora-coordinator"}
    submitted = Notification.objects.get(kind=Notification.Kind.SUBMITTED, recipient=carl)
    assert submitted.message == (
        f"fatima-focal submitted a progress update on {recommendation} for review."
    )
    assert submitted.link == update.get_absolute_url()
    assert [m.to for m in mail.outbox] == [["carl@nmirf.example"]]

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        progress_update_return(update=update, reviewer=carl, comment="Add the date of the act.")
    assert told(Notification.Kind.RETURNED) == {"fatima-focal", "jo"}
    returned = Notification.objects.get(kind=Notification.Kind.RETURNED, recipient=fatima)
    assert returned.detail == "Add the date of the act."
    assert returned.message == (
        f"carl returned the progress update on {recommendation} for correction."
    )
    [message] = mail.outbox
    assert message.to == ["fp@justice.example"] and "Add the date of the act." in message.body

    update.refresh_from_db()
    update.state = ProgressUpdate.State.SUBMITTED
    update.save()
    with django_capture_on_commit_callbacks(execute=True):
        progress_update_approve(update=update, reviewer=carl)
    assert told(Notification.Kind.APPROVED) == {"fatima-focal", "jo"}
    assert Notification.objects.filter(recipient=jo).count() == 2  # returned, approved
    assert not Notification.objects.filter(recipient=carl).exclude(kind="submitted").exists()


def test_a_comment_tells_the_responsible_focal_points_and_earlier_commenters_not_its_author(
    people, recommendation, django_capture_on_commit_callbacks
):
    comment_add(user=people["carl"], recommendation=recommendation, body="Any news?")
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        comment_add(user=people["fatima"], recommendation=recommendation, body="Next week.")
    assert told(Notification.Kind.COMMENT) == {"jo", "carl"}
    notification = Notification.objects.get(recipient=people["carl"])
    assert notification.message == f"fatima-focal commented on {recommendation}."
    assert notification.detail == "Next week."
    assert notification.link == f"{recommendation.get_absolute_url()}#comments"
    assert [m.to for m in mail.outbox] == [["carl@nmirf.example"]]


def test_an_earlier_commenter_who_may_no_longer_read_the_comments_is_not_told(
    people, recommendation, health, django_capture_on_commit_callbacks
):
    moved = person("mo", institution=recommendation.assignments.get().institution)
    comment_add(user=moved, recommendation=recommendation, body="We are on it.")
    moved.institutions.set([health])  # moved to another ministry since
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        comment_add(user=people["fatima"], recommendation=recommendation, body="Confidential.")
    assert told(Notification.Kind.COMMENT) == {"jo"}


def test_a_deactivated_person_is_not_emailed_what_was_waiting_for_them(
    settings, people, recommendation, coordinator
):
    settings.EMAIL_BACKEND = FAILING
    update_request_create(
        user=coordinator,
        title="Mid-term",
        due_date=datetime.date(2030, 6, 30),
        recommendations=[recommendation],
    )
    fatima = people["fatima"]
    assert Notification.objects.get(recipient=fatima).email == Notification.Email.PENDING
    User.objects.filter(pk=fatima.pk).update(is_active=False)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    notifications_email_pending()
    assert mail.outbox == []
    assert Notification.objects.get(recipient=fatima).email == Notification.Email.NOT_WANTED


def test_an_email_that_cannot_be_sent_never_blocks_the_step_and_is_retried(
    settings, people, recommendation, coordinator, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = FAILING
    with django_capture_on_commit_callbacks(execute=True):
        request = update_request_create(
            user=coordinator,
            title="Mid-term",
            due_date=datetime.date(2030, 6, 30),
            recommendations=[recommendation],
        )
    assert request.pk  # the step happened
    notification = Notification.objects.get(recipient=people["fatima"])
    assert notification.email == Notification.Email.PENDING
    assert notification.email_attempts == 1
    assert "Connection refused" in notification.last_error

    with pytest.raises(CommandError, match="could not send 1 e-mail"):
        call_command("send_reminders", "--today", "2030-01-01", stdout=io.StringIO())
    notification.refresh_from_db()
    assert notification.email_attempts == 2

    settings.EMAIL_BACKEND = LOCMEM
    out = io.StringIO()
    call_command("send_reminders", "--today", "2030-01-01", stdout=out)
    assert out.getvalue().strip() == "Told 0 people of a deadline; sent 1 e-mail (0 digests)."
    notification.refresh_from_db()
    assert notification.email == Notification.Email.SENT and notification.last_error == ""
    assert [m.to for m in mail.outbox] == [["fp@justice.example"]]


def test_a_real_smtp_server_delivers_and_a_stopped_one_leaves_it_unsent_until_retried(
    settings, people, recommendation, coordinator, django_capture_on_commit_callbacks
):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "rectrack@nmirf.example"
    try:
        with django_capture_on_commit_callbacks(execute=True):
            update_request_create(
                user=coordinator,
                title="First",
                due_date=datetime.date(2030, 6, 30),
                recommendations=[recommendation],
            )
        [(rcpts, message)] = inbox.take()
        assert rcpts == ["fp@justice.example"]
        assert message["From"] == "rectrack@nmirf.example"
        link = re.search(r"https://rectrack\.example(\S+)", message.get_content()).group(1)
        assert link == reverse("followup:my-work")
    finally:
        controller.stop()

    with django_capture_on_commit_callbacks(execute=True):
        update_request_create(
            user=coordinator,
            title="Second",
            due_date=datetime.date(2030, 7, 30),
            recommendations=[recommendation],
        )
    second = Notification.objects.get(subject="Second", recipient=people["fatima"])
    assert second.email == Notification.Email.PENDING and second.email_attempts == 1

    controller = Controller(inbox, hostname="127.0.0.1", port=settings.EMAIL_PORT)
    controller.start()
    try:
        call_command("send_reminders", "--today", "2030-01-01", stdout=io.StringIO())
        [(rcpts, message)] = inbox.take()
        assert rcpts == ["fp@justice.example"] and "Second" in message["Subject"]
    finally:
        controller.stop()
    second.refresh_from_db()
    assert second.email == Notification.Email.SENT


# The notifications page and the header.


def make_notifications(user, count: int) -> list[Notification]:
    return [
        Notification.objects.create(
            recipient=user,
            kind=Notification.Kind.COMMENT,
            subject=f"Recommendation {number}",
            link=f"/recommendations/{number}/",
            params={"actor": "Carl"},
        )
        for number in range(1, count + 1)
    ]


def test_the_page_lists_ones_own_notifications_newest_first_with_unread_marked(
    client, people, django_assert_max_num_queries
):
    fatima = people["fatima"]
    first, second, third = make_notifications(fatima, 3)
    first.read_at = timezone.now()
    first.save()
    make_notifications(people["hana"], 2)  # someone else's
    client.force_login(fatima)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("followup:notification-list"))
    assert [n.pk for n in response.context["page"].object_list] == [third.pk, second.pk, first.pk]
    text = response.content.decode()
    assert "Notifications (2)" in text  # the header
    assert "2 unread." in text
    assert text.count("notification-unread") == 2
    assert "Carl commented on Recommendation 3." in text
    assert reverse("followup:notification-open", args=[third.pk]) in text


def test_a_page_of_many_notifications_costs_the_same_queries_as_a_few(
    client, people, django_assert_max_num_queries
):
    make_notifications(people["fatima"], 60)
    client.force_login(people["fatima"])
    with django_assert_max_num_queries(8):
        response = client.get(reverse("followup:notification-list"))
    assert len(response.context["page"].object_list) == 25
    assert "Notifications (60)" in response.content.decode()


def test_opening_a_notification_marks_it_read_and_goes_to_the_item(client, people):
    [notification] = make_notifications(people["fatima"], 1)
    client.force_login(people["fatima"])
    response = client.get(reverse("followup:notification-open", args=[notification.pk]))
    assert response.status_code == 302 and response.url == "/recommendations/1/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    page = client.get(reverse("followup:notification-list")).content.decode()
    assert "Notifications (" not in page and "0 unread." in page


def test_mark_all_as_read_marks_only_ones_own(client, people):
    make_notifications(people["fatima"], 3)
    make_notifications(people["hana"], 2)
    client.force_login(people["fatima"])
    assert client.get(reverse("followup:notification-read-all")).status_code == 405
    response = client.post(reverse("followup:notification-read-all"), follow=True)
    assert "3 notifications marked as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=people["fatima"], read_at=None).exists()
    assert Notification.objects.filter(recipient=people["hana"], read_at=None).count() == 2


def test_nobody_opens_or_reads_another_persons_notifications(client, people):
    [hanas] = make_notifications(people["hana"], 1)
    url = reverse("followup:notification-open", args=[hanas.pk])
    assert client.get(url).url.startswith(reverse("login"))
    assert client.get(reverse("followup:notification-list")).url.startswith(reverse("login"))
    client.force_login(people["fatima"])
    assert client.get(url).status_code == 404
    page = client.get(reverse("followup:notification-list")).content.decode()
    assert "Recommendation 1" not in page
    hanas.refresh_from_db()
    assert hanas.read_at is None


def test_a_notification_never_redirects_off_the_site(client, people):
    [notification] = make_notifications(people["fatima"], 1)
    notification.link = "https://evil.example/"
    notification.save()
    client.force_login(people["fatima"])
    response = client.get(reverse("followup:notification-open", args=[notification.pk]))
    assert response.url == reverse("followup:notification-list")


# Each user's choice of e-mail.


def test_each_user_chooses_on_their_profile_how_they_are_emailed(client, people):
    fatima = people["fatima"]
    client.force_login(fatima)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "E-mails go to <bdi>fp@justice.example</bdi>." in page
    assert re.search(r'value="immediate"[^>]*checked', page)
    assert not re.search(r'value="daily"[^>]*checked', page)
    response = client.post(
        reverse("accounts:email-notifications"), {"email_notifications": "daily"}, follow=True
    )
    assert "Saved: One e-mail a day (digest)." in response.content.decode()
    fatima.refresh_from_db()
    assert fatima.email_notifications == User.EmailNotifications.DAILY
    assert audit_history(obj=fatima).first().changes == {
        "email_notifications": ["immediate", "daily"]
    }
    bad = client.post(reverse("accounts:email-notifications"), {"email_notifications": "hourly"})
    assert bad.status_code == 400
    assert "Select a valid choice" in bad.content.decode()
    fatima.refresh_from_db()
    assert fatima.email_notifications == User.EmailNotifications.DAILY


def test_the_profile_says_when_nothing_can_be_emailed(client, people):
    client.force_login(people["jo"])
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "You have no e-mail address, so nothing can be e-mailed to you" in page


def test_digest_and_no_email_readers_are_not_emailed_at_once(
    people, recommendation, coordinator, django_capture_on_commit_callbacks
):
    people["fatima"].email_notifications = User.EmailNotifications.DAILY
    people["fatima"].save()
    with django_capture_on_commit_callbacks(execute=True):
        update_request_create(
            user=coordinator,
            title="Mid-term",
            due_date=datetime.date(2030, 6, 30),
            recommendations=[recommendation],
        )
    assert mail.outbox == []
    assert Notification.objects.get(recipient=people["fatima"]).email == "pending"


# The update request's page says who was told.


@pytest.fixture
def interior(db):
    return Institution.objects.create(name="Ministry of the Interior", code="MOI")


def test_the_request_page_says_who_was_told_and_where_nobody_could_be(
    client, people, recommendation, justice, health, interior, admin
):
    client.force_login(people["cora"])
    response = client.post(
        reverse("followup:request-create"),
        {
            "title": "Mid-term report",
            "message": "",
            "due_date": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
            "include_recommendations": "on",
            "institutions": [justice.pk, health.pk, interior.pk],
        },
        follow=True,
    )
    text = response.content.decode()
    # The test client's transaction never commits, so no e-mail was tried yet.
    assert (
        "The update request was made and 3 focal points were told in Rectrack (0 by e-mail). "
        "Nobody could be told at: Ministry of the Interior (see below)."
    ) in text
    assert "<bdi>Ministry of the Interior</bdi> has no active focal point." in text
    assert "an administrator adds a focal point to each of them in Administration" in text
    assert "because they have no e-mail address:" in text
    assert "Ministry of Justice: <bdi>jo</bdi>" in text
    rows = {row["institution"].code: row for row in response.context["told"]}
    assert [n.recipient.username for n in rows["MOJ"]["told"]] == ["fatima-focal", "jo"]
    assert [n.recipient.username for n in rows["MOH"]["told"]] == ["hana"]
    assert rows["MOI"]["told"] == [] and not rows["MOI"]["has_focal_point"]
    assert "jo: in Rectrack only (no e-mail address)" in text
    # The administrator also gets the link to add people.
    client.force_login(admin)
    page = client.get(response.redirect_chain[-1][0]).content.decode()
    assert reverse("admin:accounts_user_changelist") in page
    # A focal point sees who was told at their own institution only.
    client.force_login(people["hana"])
    page = client.get(response.redirect_chain[-1][0])
    rows = {row["institution"].code: row for row in page.context["told"]}
    assert [n.recipient.username for n in rows["MOH"]["told"]] == ["hana"]
    assert rows["MOJ"]["told"] is None and rows["MOI"]["told"] is None
    text = page.content.decode()
    assert "jo" not in re.findall(r"<li>(\w+):", text)
    assert (
        "Ministry of Justice: <bdi>jo</bdi>" not in text and "has no active focal point" not in text
    )
    assert text.count("Known to the secretariat") == 2


def test_a_notification_missing_a_fact_still_reads(people):
    notification = Notification.objects.create(
        recipient=people["fatima"],
        kind=Notification.Kind.APPROVED,
        subject="12.3",
        link="/recommendations/1/",
    )
    assert notification.message == " approved the progress update on 12.3."


def test_a_comment_on_an_action_tells_its_lead_and_supporting_institutions(people, justice, health):
    from rectrack.followup.models import Action

    action = Action.objects.create(title="Open legal aid offices", lead_institution=justice)
    action.supporting_institutions.add(health)
    comment_add(user=people["carl"], action=action, body="Budget approved.")
    assert told(Notification.Kind.COMMENT) == {"fatima-focal", "jo", "hana"}
    notification = Notification.objects.get(recipient=people["hana"])
    assert notification.message == "carl commented on Open legal aid offices."
    assert notification.link == f"{action.get_absolute_url()}#comments"


@pytest.fixture
def committed(transactional_db):
    """Steps really commit here, as on a server: e-mails go out before the page answers.
    The reference data the flush at the end of such tests empties is loaded first."""
    reference_data()


def test_the_flash_message_counts_the_emails_sent_and_those_to_retry(
    committed, client, settings, justice
):
    fatima = person("fatima", institution=justice, email="fatima@justice.example")
    person("jo", institution=justice)
    recommendation = make_recommendation(document=make_document())
    Assignment.objects.create(
        recommendation=recommendation, institution=justice, role=Assignment.Role.LEAD
    )
    client.force_login(person("carl", User.Role.COORDINATOR))
    data = {
        "title": "Mid-term report",
        "due_date": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
        "include_recommendations": "on",
    }
    response = client.post(reverse("followup:request-create"), data, follow=True)
    assert (
        "The update request was made and 2 focal points were told in Rectrack (1 by e-mail)."
    ) in response.content.decode()
    assert [m.to for m in mail.outbox] == [[fatima.email]]
    settings.EMAIL_BACKEND = FAILING
    response = client.post(reverse("followup:request-create"), data, follow=True)
    assert (
        "2 focal points were told in Rectrack (0 by e-mail). 1 e-mail could not be sent yet: "
        "it will be retried."
    ) in response.content.decode()


def test_an_email_is_given_up_after_ten_failed_days_and_stays_in_rectrack(settings, people):
    [notification] = make_notifications(people["fatima"], 1)
    settings.EMAIL_BACKEND = FAILING
    for _day in range(9):
        assert notifications_email_pending().failed == 1
    notification.refresh_from_db()
    assert notification.email == Notification.Email.PENDING and notification.email_attempts == 9
    assert notifications_email_pending().failed == 1
    notification.refresh_from_db()
    assert notification.email == Notification.Email.FAILED and notification.email_attempts == 10
    assert notifications_email_pending().failed == 0
    assert notification.read_at is None


def test_the_request_page_names_who_was_told_even_after_they_moved(
    client, people, recommendation, justice, coordinator
):
    request = update_request_create(
        user=coordinator,
        title="Mid-term",
        due_date=datetime.date(2030, 6, 30),
        recommendations=[recommendation],
    )
    people["jo"].institutions.clear()
    client.force_login(coordinator)
    response = client.get(request.get_absolute_url())
    [row] = response.context["told"]
    assert [n.recipient.username for n in row["told"]] == ["fatima-focal", "jo"]
    assert "fatima-focal: in Rectrack; e-mail on its way" in response.content.decode()


def test_the_header_count_costs_one_query_and_only_when_shown(
    rf, people, django_assert_num_queries
):
    from rectrack.followup.context_processors import notifications

    make_notifications(people["fatima"], 3)
    request = rf.get("/")
    request.user = people["fatima"]
    with django_assert_num_queries(0):
        context = notifications(request)
    with django_assert_num_queries(1):
        assert context["unread_notification_count"]() == 3
        assert context["unread_notification_count"]() == 3


def test_hostile_notification_content_is_escaped(client, people):
    hostile = "<img src=x onerror=alert(1)>"
    Notification.objects.create(
        recipient=people["fatima"],
        kind=Notification.Kind.COMMENT,
        subject=hostile,
        link="/",
        params={"actor": hostile},
        detail=hostile,
    )
    client.force_login(people["fatima"])
    html = client.get(reverse("followup:notification-list")).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; commented on" in html


def test_a_silent_mail_server_costs_a_step_one_attempt_not_one_per_person(
    settings,
    people,
    recommendation,
    justice,
    health,
    coordinator,
    django_capture_on_commit_callbacks,
):
    FailingBackend.calls = 0
    settings.EMAIL_BACKEND = FAILING
    people["jo"].email = "jo@justice.example"
    people["jo"].save()
    with django_capture_on_commit_callbacks(execute=True):
        update_request_create(
            user=coordinator,
            title="Mid-term",
            due_date=datetime.date(2030, 6, 30),
            recommendations=[recommendation],
            institutions=[justice, health],
        )
    assert FailingBackend.calls == 1
    pending = Notification.objects.filter(email=Notification.Email.PENDING)
    assert pending.count() == 3  # all kept for the next run
    assert sorted(pending.values_list("email_attempts", flat=True)) == [0, 0, 1]


def test_without_coordinators_the_administrators_are_told_of_a_submission(
    focal_point, justice, admin
):
    recommendation = make_recommendation()
    Assignment.objects.create(
        recommendation=recommendation, institution=justice, role=Assignment.Role.LEAD
    )
    progress_update_create(
        user=focal_point,
        recommendation=recommendation,
        narrative="Done.",
        status="implemented",
        submit=True,
    )
    assert told(Notification.Kind.SUBMITTED) == {"ada-admin"}


def test_a_notifications_date_reads_as_its_readers_language_writes_dates(people):
    from django.utils import translation

    notification = Notification.objects.create(
        recipient=people["fatima"],
        kind=Notification.Kind.DEADLINE_NEAR,
        subject="Mid-term",
        link="/my-work/",
        params={"item": "request", "date": "2030-06-30"},
    )
    assert notification.message == "The update request Mid-term is due on June 30, 2030."
    with translation.override("fr"):
        assert "30 juin 2030" in notification.message
    with translation.override("zh-hans"):
        assert "2030年6月30日" in notification.message


def test_each_recipient_is_emailed_in_their_own_language(
    people, recommendation, justice, health, coordinator, django_capture_on_commit_callbacks
):
    from django.utils import translation

    people["fatima"].language = "fr"
    people["fatima"].save()
    people["hana"].language = "ru"
    people["hana"].email_notifications = User.EmailNotifications.DAILY
    people["hana"].save()
    with django_capture_on_commit_callbacks(execute=True):
        update_request_create(
            user=coordinator,
            title="UPR mid-term report",
            due_date=datetime.date(2030, 6, 30),
            recommendations=[recommendation],
            institutions=[justice, health],
        )
    (french,) = mail.outbox
    assert french.to == ["fp@justice.example"]
    assert "30 juin 2030" in french.subject
    with translation.override("fr"):
        assert french.body.startswith(
            translation.gettext("Dear %(name)s,") % {"name": "fatima-focal"}
        )
        assert (
            translation.gettext("Open it in Rectrack: %(link)s")
            % {"link": "https://rectrack.example/my-work/"}
            in french.body
        )
    # Hana reads a daily digest, in Russian.
    notifications_email_pending()
    russian = mail.outbox[1]
    assert russian.to == ["hana@health.example"]
    assert "30 июня 2030" in russian.body
    with translation.override("ru"):
        assert russian.subject == translation.ngettext(
            "Rectrack: %(count)s notification since your last digest",
            "Rectrack: %(count)s notifications since your last digest",
            1,
        ) % {"count": 1}
    # Nobody else's language leaked into the English default for Jo's colleagues.
    assert translation.get_language() == "en"
