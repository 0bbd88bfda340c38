"""E-mailing notifications: at once after the step that made them commits, or in a daily
digest, as each person chose, in each recipient's own language. Never raises: an e-mail that
cannot be sent is kept, counted and retried by `rectrack send-reminders`, and given up after
MAX_EMAIL_ATTEMPTS."""

import dataclasses
import logging
import smtplib
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rectrack.accounts.models import User
from rectrack.followup.models import Notification

logger = logging.getLogger(__name__)
Kind = Notification.Kind
# Failed e-mails are tried at every daily run, then given up (they stay in Rectrack): ten
# days of a mail server down, or an address the server keeps refusing.
MAX_EMAIL_ATTEMPTS = 10


def display_name(user) -> str:
    """A person as the notifications name them: full name, else user name."""
    return (user.get_full_name() or user.get_username()) if user else _("Someone")


def email_state(user) -> str:
    if not user.is_active or user.email_notifications == User.EmailNotifications.NONE:
        return Notification.Email.NOT_WANTED
    if not user.email:
        return Notification.Email.NO_ADDRESS
    return Notification.Email.PENDING


@dataclasses.dataclass
class EmailRun:
    """What one sending run did: e-mails sent, digests among them, e-mails that failed."""

    sent: int = 0
    digests: int = 0
    failed: int = 0
    errors: list[str] = dataclasses.field(default_factory=list)
    # The mail server could not be reached: the rest wait for the next run rather than
    # each waiting for the same time-out.
    server_down: bool = False


def _link(path: str) -> str:
    return f"{settings.RECTRACK_BASE_URL.rstrip('/')}{path}"


def _email_subject(notification: Notification) -> str:
    date = notification.params.get("date", "")
    is_request = notification.params.get("item") == "request"
    if notification.kind == Kind.DEADLINE_NEAR and is_request:
        return _("Due soon: %(title)s (due %(date)s)") % {
            "title": notification.subject,
            "date": date,
        }
    if notification.kind == Kind.DEADLINE_PASSED and is_request:
        return _("Overdue: %(title)s (was due %(date)s)") % {
            "title": notification.subject,
            "date": date,
        }
    subject = " ".join(notification.message.split())
    return subject if len(subject) <= 150 else subject[:149] + "…"


def _email_paragraph(notification: Notification) -> str:
    parts = [notification.message]
    if notification.detail:
        parts.append(notification.detail)
    parts.append(_("Open it in Rectrack: %(link)s") % {"link": _link(notification.link)})
    return "\n\n".join(parts)


def _footer() -> str:
    return _(
        "Choose how Rectrack e-mails you (at once, once a day or never) on your profile: %(link)s"
    ) % {"link": _link(reverse("accounts:profile"))}


def _deliver(notifications: list[Notification], subject: str, body: str, run: EmailRun) -> bool:
    """Send one e-mail for these notifications; a failure is counted on each and logged,
    never raised, so whatever caused the e-mail is not undone."""
    recipient = notifications[0].recipient
    ids = [n.pk for n in notifications]
    if run.server_down:
        run.failed += 1
        return False
    try:
        send_mail(subject, body, None, [recipient.email])
    except Exception as error:  # SMTP down, refused, timed out: keep them for the next run
        logger.warning("Notification e-mail to %s not sent: %s", recipient.email, error)
        run.server_down = not isinstance(
            error, smtplib.SMTPRecipientsRefused | smtplib.SMTPDataError
        )
        run.failed += 1
        run.errors.append(str(error))
        for n in notifications:
            n.email_attempts += 1
            n.last_error = str(error)[:500] or error.__class__.__name__
            if n.email_attempts >= MAX_EMAIL_ATTEMPTS:
                n.email = Notification.Email.FAILED
            n.save(update_fields=["email_attempts", "last_error", "email"])
        return False
    Notification.objects.filter(pk__in=ids).update(
        email=Notification.Email.SENT, emailed_at=timezone.now(), last_error=""
    )
    run.sent += 1
    return True


def _email_one(notification: Notification, run: EmailRun) -> None:
    recipient = notification.recipient
    with translation.override(recipient.reading_language or settings.LANGUAGE_CODE):
        body = "\n\n".join(
            [
                _("Dear %(name)s,") % {"name": display_name(recipient)},
                _email_paragraph(notification),
                _footer(),
            ]
        )
        _deliver([notification], _email_subject(notification), body + "\n", run)


def _email_digest(notifications: list[Notification], run: EmailRun) -> None:
    recipient = notifications[0].recipient
    count = len(notifications)
    with translation.override(recipient.reading_language or settings.LANGUAGE_CODE):
        subject = ngettext(
            "Rectrack: %(count)s notification since your last digest",
            "Rectrack: %(count)s notifications since your last digest",
            count,
        ) % {"count": count}
        body = "\n\n".join(
            [
                _("Dear %(name)s,") % {"name": display_name(recipient)},
                *(f"- {_email_paragraph(n)}" for n in notifications),
                _footer(),
            ]
        )
        if _deliver(notifications, subject, body + "\n", run):
            run.digests += 1


def _pending(**filters):
    return (
        Notification.objects.filter(email=Notification.Email.PENDING, **filters)
        .select_related("recipient")
        .order_by("recipient_id", "created_at", "pk")
    )


def _still_wanted(notification: Notification) -> bool:
    """The recipient may have changed their choice or lost their address since."""
    state = email_state(notification.recipient)
    if state != Notification.Email.PENDING:
        notification.email = state
        notification.save(update_fields=["email"])
        return False
    return True


def notifications_email(*, ids: Iterable[int]) -> EmailRun:
    """E-mail these notifications to recipients who want e-mail at once (after a step
    commits). Never raises: what is not sent stays pending for `send-reminders`."""
    run = EmailRun()
    for notification in _pending(
        pk__in=list(ids), recipient__email_notifications=User.EmailNotifications.IMMEDIATE
    ):
        if _still_wanted(notification):
            _email_one(notification, run)
    return run


def notifications_email_pending() -> EmailRun:
    """The daily run: e-mail again every immediate notification not sent yet, and send each
    digest reader one e-mail with their notifications since their last digest."""
    run = EmailRun()
    digests: dict[int, list[Notification]] = {}
    for notification in _pending():
        if not _still_wanted(notification):
            continue
        if notification.recipient.email_notifications == User.EmailNotifications.DAILY:
            digests.setdefault(notification.recipient_id, []).append(notification)
        else:
            _email_one(notification, run)
    for notifications in digests.values():
        _email_digest(notifications, run)
    return run
