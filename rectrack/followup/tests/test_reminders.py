"""`rectrack send-reminders` against a real SMTP server (aiosmtpd, started by the test) and
Django's in-memory backend: who is reminded, of what, never twice for the same reason; e-mails
that could not be sent are retried, and digest readers get one e-mail a day."""

import datetime
import email
import email.policy
import io
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from rectrack.accounts.models import User
from rectrack.accounts.services import user_create
from rectrack.followup.models import Action, Assignment, Notification, ReminderSent
from rectrack.followup.services.notifications import notifications_create
from rectrack.followup.services.planning import assignment_set
from rectrack.followup.services.requests import update_request_create
from rectrack.followup.services.updates import progress_update_create
from rectrack.institutions.models import Institution
from rectrack.recommendations.tests.factories import make_document, make_recommendation

pytestmark = pytest.mark.django_db
NOTHING = "Told 0 people of a deadline; sent 0 e-mails (0 digests)."
DUE = datetime.date(2030, 6, 30)
DUE_SOON = DUE - datetime.timedelta(days=5)  # within the default 7 days
OVERDUE = DUE + datetime.timedelta(days=1)


class Inbox:
    """An aiosmtpd handler keeping every message it receives."""

    def __init__(self):
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def take(self) -> list[tuple[list[str], email.message.EmailMessage]]:
        taken, self.messages = self.messages, []
        return taken


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """A real SMTP server on 127.0.0.1, and Django's SMTP backend pointed at it."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.DEFAULT_FROM_EMAIL = "rectrack@nmirf.example"
    yield inbox
    controller.stop()


def focal_point(username: str, institution: Institution, **fields) -> User:
    user = user_create(username=username, password="x" * 12, role=User.Role.FOCAL_POINT, **fields)
    user.institutions.add(institution)
    return user


@pytest.fixture
def world(coordinator):
    """Justice (two reachable focal points, one inactive, one without e-mail) and Health (one
    focal point) are asked for updates due on DUE; a viewer of Justice is never reminded."""
    justice = Institution.objects.create(name="Ministry of Justice", code="MOJ")
    health = Institution.objects.create(name="Ministry of Health", code="MOH")
    people = {
        "ana": focal_point("ana", justice, email="ana@justice.example"),
        "ben": focal_point("ben", justice, email="ben@justice.example"),
        "cy": focal_point("cy", health, email="cy@health.example"),
        "no-mail": focal_point("no-mail", justice),
        "gone": focal_point("gone", justice, email="gone@justice.example"),
    }
    people["gone"].is_active = False
    people["gone"].save()
    viewer = user_create(username="vi", password="x" * 12, email="vi@nhri.example")
    viewer.institutions.add(justice)
    document = make_document()
    legal_aid = make_recommendation(document=document)
    vaccines = make_recommendation(document=document)
    assignment_set(
        recommendation=legal_aid, institution=justice, role=Assignment.Role.LEAD, user=coordinator
    )
    assignment_set(
        recommendation=vaccines, institution=health, role=Assignment.Role.LEAD, user=coordinator
    )
    request = update_request_create(
        user=coordinator,
        title="UPR mid-term report",
        due_date=DUE,
        recommendations=[legal_aid, vaccines],
    )
    # The world's own notifications (assignments, the request) were e-mailed when made.
    Notification.objects.update(email=Notification.Email.SENT)
    return {"request": request, "legal_aid": legal_aid, "justice": justice, **people}


def send(*args: str) -> str:
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue().strip()


def test_reminders_go_through_a_real_smtp_server_once_per_reason(smtp, world):
    assert send("--today", "2030-01-01") == NOTHING
    assert smtp.take() == []

    # no-mail is told in Rectrack only.
    assert send("--today", DUE_SOON.isoformat()) == (
        "Told 4 people of a deadline; sent 3 e-mails (0 digests)."
    )
    received = smtp.take()
    assert sorted(rcpt for rcpts, _message in received for rcpt in rcpts) == [
        "ana@justice.example",
        "ben@justice.example",
        "cy@health.example",
    ]
    for _rcpts, message in received:
        assert "Due soon" in message["Subject"] and "UPR mid-term report" in message["Subject"]
        assert message["From"] == "rectrack@nmirf.example"
        assert "is due on June 30, 2030." in message.get_content()

    assert send("--today", DUE_SOON.isoformat()) == NOTHING
    assert send("--today", (DUE_SOON + datetime.timedelta(days=1)).isoformat()) == NOTHING
    assert smtp.take() == []

    assert send("--today", OVERDUE.isoformat()) == (
        "Told 4 people of a deadline; sent 3 e-mails (0 digests)."
    )
    overdue = smtp.take()
    assert len(overdue) == 3
    assert all(
        "Overdue" in message["Subject"] and "UPR mid-term report" in message["Subject"]
        for _rcpts, message in overdue
    )
    assert send("--today", (OVERDUE + datetime.timedelta(days=10)).isoformat()) == NOTHING
    assert smtp.take() == []
    assert ReminderSent.objects.count() == 8
    assert Notification.objects.filter(
        recipient=world["no-mail"], kind=Notification.Kind.DEADLINE_PASSED
    ).get().message == (
        "The update request UPR mid-term report was due on June 30, 2030 and is overdue."
    )


def test_institutions_that_answered_are_not_reminded(smtp, world):
    progress_update_create(
        user=world["ana"],
        recommendation=world["legal_aid"],
        narrative="Legal aid act adopted.",
        status="implemented",
        submit=True,
    )
    assert send("--today", DUE_SOON.isoformat(), "--days", "7") == (
        "Told 1 person of a deadline; sent 1 e-mail (0 digests)."
    )
    [(rcpts, message)] = smtp.take()
    assert rcpts == ["cy@health.example"] and "Due soon" in message["Subject"]


def test_days_option_sets_how_early_due_soon_starts(smtp, world):
    early = (DUE - datetime.timedelta(days=20)).isoformat()
    assert send("--today", early) == NOTHING
    assert send("--today", early, "--days", "30") == (
        "Told 4 people of a deadline; sent 3 e-mails (0 digests)."
    )
    assert len(smtp.take()) == 3


def test_inactive_users_and_viewers_are_skipped_and_email_less_ones_told_in_rectrack(smtp, world):
    send("--today", OVERDUE.isoformat())
    reminded = set(ReminderSent.objects.values_list("user__username", flat=True))
    assert reminded == {"ana", "ben", "cy", "no-mail"}
    assert Notification.objects.get(
        recipient=world["no-mail"], kind=Notification.Kind.DEADLINE_PASSED
    ).email == (Notification.Email.NO_ADDRESS)
    assert {rcpt for rcpts, _message in smtp.take() for rcpt in rcpts} == {
        "ana@justice.example",
        "ben@justice.example",
        "cy@health.example",
    }


def test_in_memory_backend_receives_the_same_reminders(settings, world):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send("--today", DUE_SOON.isoformat()) == (
        "Told 4 people of a deadline; sent 3 e-mails (0 digests)."
    )
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ana@justice.example",
        "ben@justice.example",
        "cy@health.example",
    ]
    assert all(
        message.subject.startswith("Due soon: UPR mid-term report") for message in mail.outbox
    )
    assert "Open it in Rectrack: http://127.0.0.1:8000/my-work/\n" in mail.outbox[0].body
    assert send("--today", DUE_SOON.isoformat()) == NOTHING
    assert len(mail.outbox) == 3


def test_the_daily_run_emails_what_it_makes_itself_and_queues_no_task_for_it(
    settings, world, task_queue, django_capture_on_commit_callbacks
):
    """With the task queue of production, a worker taking the same e-mails could race the
    command to them: the command sends them, and queues nothing."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        assert send("--today", DUE_SOON.isoformat()) == (
            "Told 4 people of a deadline; sent 3 e-mails (0 digests)."
        )
    assert len(mail.outbox) == 3
    assert task_queue.waiting() == []


def test_bad_arguments_are_refused(world):
    with pytest.raises(CommandError):
        call_command("send_reminders", "--days", "-1", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("send_reminders", "--today", "31/12/2030", stdout=io.StringIO())


def test_an_unreachable_mail_server_is_reported_in_one_line_and_retried_next_run(settings, world):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    with pytest.raises(CommandError, match="could not send 3 e-mails .*retried at the next run"):
        call_command("send_reminders", "--today", DUE_SOON.isoformat(), stdout=io.StringIO())
    # Everyone is told in Rectrack all the same; the e-mails wait, the first attempt counted.
    due_soon = Notification.objects.filter(kind=Notification.Kind.DEADLINE_NEAR)
    assert due_soon.count() == 4
    assert due_soon.filter(email=Notification.Email.PENDING).count() == 3
    assert "Connection refused" in due_soon.get(recipient=world["ana"]).last_error
    assert due_soon.get(recipient=world["ana"]).email_attempts == 1

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send("--today", DUE_SOON.isoformat()) == (
        "Told 0 people of a deadline; sent 3 e-mails (0 digests)."
    )
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ana@justice.example",
        "ben@justice.example",
        "cy@health.example",
    ]
    assert due_soon.filter(email=Notification.Email.SENT).count() == 3
    assert send("--today", DUE_SOON.isoformat()) == NOTHING


def test_digest_readers_get_one_email_with_everything_since_their_last_digest(settings, world):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.RECTRACK_BASE_URL = "https://rectrack.example/"
    ana = world["ana"]
    ana.email_notifications = User.EmailNotifications.DAILY
    ana.save()
    for title in ("Legal aid", "Prisons"):
        notifications_create(
            recipients=[ana],
            kind=Notification.Kind.COMMENT,
            subject=title,
            link="/recommendations/1/#comments",
            params={"actor": "Cora"},
            detail=f"About {title}.",
        )
    assert send("--today", DUE_SOON.isoformat()) == (
        "Told 4 people of a deadline; sent 3 e-mails (1 digest)."
    )
    [digest] = [message for message in mail.outbox if message.to == ["ana@justice.example"]]
    assert digest.subject == "Rectrack: 3 notifications since your last digest"
    assert "Cora commented on Legal aid." in digest.body
    assert "About Prisons." in digest.body
    assert "The update request UPR mid-term report is due on June 30, 2030." in digest.body
    assert "Open it in Rectrack: https://rectrack.example/recommendations/1/#comments" in (
        digest.body
    )
    mail.outbox.clear()
    assert send("--today", DUE_SOON.isoformat()) == NOTHING
    assert mail.outbox == []


def test_nobody_is_emailed_who_chose_no_email(settings, world):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    ben = world["ben"]
    ben.email_notifications = User.EmailNotifications.NONE
    ben.save()
    send("--today", DUE_SOON.isoformat())
    assert "ben@justice.example" not in [message.to[0] for message in mail.outbox]
    notification = Notification.objects.get(recipient=ben, kind=Notification.Kind.DEADLINE_NEAR)
    assert notification.email == Notification.Email.NOT_WANTED and notification.read_at is None


def test_focal_points_are_told_once_when_an_action_deadline_nears_and_once_when_it_passes(
    settings, world, coordinator
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    action = Action.objects.create(
        title="Open legal aid offices", lead_institution=world["justice"], deadline=DUE
    )
    done = Action.objects.create(
        title="Finished", lead_institution=world["justice"], deadline=DUE, status="completed"
    )
    world["request"].delete()  # only the actions here
    assert send("--today", DUE_SOON.isoformat()) == (
        "Told 3 people of a deadline; sent 2 e-mails (0 digests)."
    )
    near = Notification.objects.filter(kind=Notification.Kind.DEADLINE_NEAR)
    assert set(near.values_list("recipient__username", flat=True)) == {"ana", "ben", "no-mail"}
    assert near.first().message == "The action Open legal aid offices is due on June 30, 2030."
    assert near.first().link == action.get_absolute_url()
    assert not Notification.objects.filter(subject=done.title).exists()
    assert send("--today", DUE_SOON.isoformat()) == NOTHING
    assert send("--today", OVERDUE.isoformat()) == (
        "Told 3 people of a deadline; sent 2 e-mails (0 digests)."
    )
    assert send("--today", OVERDUE.isoformat()) == NOTHING
    assert {message.subject for message in mail.outbox} == {
        "The action Open legal aid offices is due on June 30, 2030.",
        "The action Open legal aid offices was due on June 30, 2030 and is overdue.",
    }
