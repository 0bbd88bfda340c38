"""Notifications: everyone concerned by a step is told in Rectrack, and by e-mail as each
chose (at once, a daily digest, or none). Notifications are kept in the database and e-mailed
after the step commits; an e-mail that cannot be sent is kept unsent, never fails the step,
and is retried by `rectrack send-reminders`, which also sends the digests."""

import dataclasses
import datetime
import logging
import smtplib
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rectrack.accounts.models import User
from rectrack.followup import permissions
from rectrack.followup.models import Action, Comment, Notification, ProgressUpdate

logger = logging.getLogger(__name__)
Kind = Notification.Kind
OPEN_ACTION_STATUSES = (Action.Status.PLANNED, Action.Status.ONGOING, Action.Status.DELAYED)
# Failed e-mails are tried at every daily run, then given up (they stay in Rectrack): ten
# days of a mail server down, or an address the server keeps refusing.
MAX_EMAIL_ATTEMPTS = 10


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else _("Someone")


def focal_points(institution_ids: Iterable[int]):
    """The active focal points of these institutions: the people told about their work."""
    return (
        User.objects.filter(
            institutions__in=list(institution_ids), role=User.Role.FOCAL_POINT, is_active=True
        )
        .distinct()
        .order_by("username")
    )


def notifications_create(
    *,
    recipients: Iterable[User],
    kind: str,
    subject: str,
    link: str,
    params: dict | Callable[[User], dict] | None = None,
    detail: str = "",
    update_request=None,
    once_key: str = "",
    exclude: User | None = None,
) -> list[Notification]:
    """Tell each active recipient once (never the person who took the step); e-mail those who
    want it at once after the surrounding transaction commits, in one sending run (if the
    mail server is down, the step waits for one time-out, not one per person). `params` may
    be a function of the recipient. With `once_key`, a recipient already told under that key
    is not told again."""
    created = []
    seen = {exclude.pk} if exclude is not None else set()
    for user in recipients:
        if user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        notification = Notification(
            recipient=user,
            kind=kind,
            subject=subject[:500],
            link=link,
            params=(params(user) if callable(params) else params) or {},
            detail=detail,
            update_request=update_request,
            once_key=once_key,
            email=_email_state(user),
        )
        if once_key:
            try:
                with transaction.atomic():
                    notification.save()
            except IntegrityError:
                continue  # told before under this key: never twice
        else:
            notification.save()
        created.append(notification)
    immediate = [
        n.pk
        for n in created
        if n.email == Notification.Email.PENDING
        and n.recipient.email_notifications == User.EmailNotifications.IMMEDIATE
    ]
    if immediate:
        # robust: whatever goes wrong while e-mailing is logged, never shown to the person
        # whose step has already been saved.
        transaction.on_commit(lambda: notifications_email(ids=immediate), robust=True)
    return created


def _email_state(user) -> str:
    if not user.is_active or user.email_notifications == User.EmailNotifications.NONE:
        return Notification.Email.NOT_WANTED
    if not user.email:
        return Notification.Email.NO_ADDRESS
    return Notification.Email.PENDING


# The steps that tell people. Each is called at the end of the service taking the step.


def notify_update_request(*, request) -> list[Notification]:
    """The focal points of each institution asked (their own institutions named)."""
    institutions = {i.pk for i in request.institutions.all()}

    def facts(user) -> dict:
        mine = [i for i in user.institutions.all() if i.pk in institutions]
        return {
            "actor": _name(request.created_by),
            "institutions": ", ".join(i.name for i in mine),
            # For the request's page: told as a focal point of these institutions.
            "institution_ids": [i.pk for i in mine],
            "date": request.due_date.isoformat(),
        }

    return notifications_create(
        recipients=focal_points(institutions).prefetch_related("institutions"),
        kind=Kind.REQUEST,
        subject=request.title,
        # Focal points act on My work, which lists what the request asks of them, with texts.
        link=reverse("followup:my-work"),
        params=facts,
        detail=request.message,
        update_request=request,
    )


def notify_assignments(*, institution, recommendations: list, role: str, user) -> None:
    """The institution's focal points, once per step however many recommendations it
    assigned (a bulk assignment of 3,000 is one notification each)."""
    if not recommendations:
        return
    single = len(recommendations) == 1
    notifications_create(
        recipients=focal_points([institution.pk]),
        kind=Kind.ASSIGNMENT,
        subject=str(recommendations[0]) if single else "",
        link=(recommendations[0].get_absolute_url() if single else reverse("followup:my-work")),
        params={"institution": institution.name, "role": role, "count": len(recommendations)},
        exclude=user,
    )


def _subject_of(update: ProgressUpdate) -> str:
    return str(update.recommendation or update.action)


def notify_update_submitted(*, update: ProgressUpdate, user) -> None:
    """The coordinators, who review it (the administrators where there is no coordinator,
    so a submission never waits unseen)."""
    reviewers = User.objects.filter(role=User.Role.COORDINATOR, is_active=True)
    if not reviewers.exists():
        reviewers = User.objects.filter(role=User.Role.ADMINISTRATOR, is_active=True)
    notifications_create(
        recipients=reviewers,
        kind=Kind.SUBMITTED,
        subject=_subject_of(update),
        link=update.get_absolute_url(),
        params={"actor": _name(user), "institution": str(update.institution or "")},
        exclude=user,
    )


def _author_and_institution(update: ProgressUpdate) -> list[User]:
    """Its author, the focal points of every institution it answers for, and whoever it was
    handed over to when its author left."""
    people = [update.author] if update.author and update.author.is_active else []
    people += list(focal_points(permissions.update_institution_ids(update)))
    people += list(update.handed_to.filter(is_active=True))
    return people


def notify_update_returned(*, update: ProgressUpdate, reviewer) -> None:
    """Its author and the reporting institution's focal points, with the comment."""
    notifications_create(
        recipients=_author_and_institution(update),
        kind=Kind.RETURNED,
        subject=_subject_of(update),
        link=update.get_absolute_url(),
        params={"actor": _name(reviewer)},
        detail=update.review_comment,
        exclude=reviewer,
    )


def notify_update_approved(*, update: ProgressUpdate, reviewer) -> None:
    notifications_create(
        recipients=_author_and_institution(update),
        kind=Kind.APPROVED,
        subject=_subject_of(update),
        link=update.get_absolute_url(),
        params={"actor": _name(reviewer)},
        exclude=reviewer,
    )


def notify_comment(*, comment: Comment) -> None:
    """Whoever the item is theirs: the focal points of the institutions responsible for it,
    and everyone who commented on it before."""
    item = comment.recommendation or comment.action
    responsible = permissions.responsible_institution_ids(
        recommendation=comment.recommendation, action=comment.action
    )
    earlier = Comment.objects.filter(
        recommendation=comment.recommendation, action=comment.action
    ).exclude(pk=comment.pk)
    # Earlier commenters only while they may still read the comments (one may have moved to
    # another ministry or become a viewer since).
    commenters = [
        user
        for user in User.objects.filter(pk__in=earlier.values("author_id"), is_active=True)
        if permissions.can_work_on(
            user, recommendation=comment.recommendation, action=comment.action
        )
    ]
    notifications_create(
        recipients=[*focal_points(responsible), *commenters],
        kind=Kind.COMMENT,
        subject=str(item),
        link=f"{item.get_absolute_url()}#comments",
        params={"actor": _name(comment.author)},
        detail=comment.body[:2000],
        exclude=comment.author,
    )


def notify_deadline(*, request, user, overdue: bool) -> list[Notification]:
    """An update request falls due soon or is overdue (deduplicated by its caller)."""
    return notifications_create(
        recipients=[user],
        kind=Kind.DEADLINE_PASSED if overdue else Kind.DEADLINE_NEAR,
        subject=request.title,
        link=reverse("followup:my-work"),
        params={"item": "request", "date": request.due_date.isoformat()},
        detail=request.message,
        update_request=request,
    )


def action_deadlines_notify(*, today: datetime.date, days: int = 7) -> int:
    """Tell the focal points of the institutions leading or supporting an open action once
    when its deadline is within `days` days, and once when it has passed. Returns how many
    were told."""
    actions = (
        Action.objects.filter(
            deadline__lte=today + datetime.timedelta(days=days), status__in=OPEN_ACTION_STATUSES
        )
        .select_related("lead_institution")
        .prefetch_related("supporting_institutions")
    )
    told = 0
    for action in actions:
        overdue = action.deadline < today
        ids = {action.lead_institution_id, *(i.pk for i in action.supporting_institutions.all())}
        reason = "passed" if overdue else "near"
        told += len(
            notifications_create(
                recipients=focal_points(ids),
                kind=Kind.DEADLINE_PASSED if overdue else Kind.DEADLINE_NEAR,
                subject=action.title,
                link=action.get_absolute_url(),
                params={"item": "action", "date": action.deadline.isoformat()},
                once_key=f"action:{action.pk}:{action.deadline.isoformat()}:{reason}",
            )
        )
    return told


# Reading them.


def notification_open(*, notification: Notification) -> Notification:
    """Opening a notification marks it read (the selector gave the user's own only)."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# E-mailing them.


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
    with translation.override(settings.LANGUAGE_CODE):
        body = "\n\n".join(
            [
                _("Dear %(name)s,") % {"name": _name(recipient)},
                _email_paragraph(notification),
                _footer(),
            ]
        )
        _deliver([notification], _email_subject(notification), body + "\n", run)


def _email_digest(notifications: list[Notification], run: EmailRun) -> None:
    recipient = notifications[0].recipient
    count = len(notifications)
    with translation.override(settings.LANGUAGE_CODE):
        subject = ngettext(
            "Rectrack: %(count)s notification since your last digest",
            "Rectrack: %(count)s notifications since your last digest",
            count,
        ) % {"count": count}
        body = "\n\n".join(
            [
                _("Dear %(name)s,") % {"name": _name(recipient)},
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
    state = _email_state(notification.recipient)
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
