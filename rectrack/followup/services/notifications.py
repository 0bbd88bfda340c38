"""Notifications: everyone concerned by a step is told in Rectrack, and by e-mail as each
chose (at once, a daily digest, or none). Notifications are kept in the database and e-mailed
by a task (followup.tasks) queued when the step commits, so no request waits on the mail
server; an e-mail that cannot be sent is kept unsent, never fails the step, and is retried by
`rectrack send-reminders`, which also sends the digests."""

import contextlib
import contextvars
import datetime
from collections.abc import Callable, Iterable, Iterator

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from rectrack.accounts.models import User
from rectrack.accounts.permissions import focal_points as accounts_focal_points
from rectrack.accounts.permissions import reviewers
from rectrack.followup import permissions
from rectrack.followup.models import Action, Comment, Notification, ProgressUpdate
from rectrack.followup.services.emails import display_name, email_state
from rectrack.followup.tasks import notifications_email_task

Kind = Notification.Kind
# Set while a caller e-mails every pending notification itself (`rectrack send-reminders`):
# no task is queued for what it makes, so a worker never races it to the same e-mail.
_EMAILED_BY_CALLER = contextvars.ContextVar("rectrack_emailed_by_caller", default=False)


@contextlib.contextmanager
def notifications_emailed_here() -> Iterator[None]:
    token = _EMAILED_BY_CALLER.set(True)
    try:
        yield
    finally:
        _EMAILED_BY_CALLER.reset(token)


def focal_points(institution_ids: Iterable[int]):
    """The active focal points of these institutions: the people told about their work."""
    return accounts_focal_points(institution_ids=list(institution_ids)).order_by("username")


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
    want it at once after the surrounding transaction commits, in one sending run of the
    task worker (if the mail server is down, one time-out, not one per person). `params` may
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
            email=email_state(user),
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
    if immediate and not _EMAILED_BY_CALLER.get():
        # robust: whatever goes wrong while queueing or e-mailing is logged, never shown to
        # the person whose step has already been saved.
        transaction.on_commit(lambda: notifications_email_task.enqueue(ids=immediate), robust=True)
    return created


# The steps that tell people. Each is called at the end of the service taking the step.


def notify_update_request(*, request) -> list[Notification]:
    """The focal points of each institution asked (their own institutions named)."""
    institutions = {i.pk for i in request.institutions.all()}

    def facts(user) -> dict:
        mine = [i for i in user.institutions.all() if i.pk in institutions]
        return {
            "actor": display_name(request.created_by),
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
    notifications_create(
        recipients=reviewers(),
        kind=Kind.SUBMITTED,
        subject=_subject_of(update),
        link=update.get_absolute_url(),
        params={"actor": display_name(user), "institution": str(update.institution or "")},
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
        params={"actor": display_name(reviewer)},
        detail=update.review_comment,
        exclude=reviewer,
    )


def notify_update_approved(*, update: ProgressUpdate, reviewer) -> None:
    notifications_create(
        recipients=_author_and_institution(update),
        kind=Kind.APPROVED,
        subject=_subject_of(update),
        link=update.get_absolute_url(),
        params={"actor": display_name(reviewer)},
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
        params={"actor": display_name(comment.author)},
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
            deadline__lte=today + datetime.timedelta(days=days), status__in=Action.OPEN_STATUSES
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
