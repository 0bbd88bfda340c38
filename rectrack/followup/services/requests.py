"""Update requests (a coordinator asks institutions to report by a date) and reminders."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from rectrack.accounts.models import User
from rectrack.audit.models import AuditEntry
from rectrack.audit.services import audit_record
from rectrack.core.errors import ApplicationError
from rectrack.followup import permissions
from rectrack.followup.models import Action, ReminderSent, UpdateRequest
from rectrack.institutions.models import Institution
from rectrack.recommendations.models import Recommendation


@transaction.atomic
def update_request_create(
    *,
    user,
    title: str,
    due_date: datetime.date,
    message: str = "",
    recommendations: Iterable[Recommendation] = (),
    actions: Iterable[Action] = (),
    institutions: Iterable[Institution] = (),
) -> UpdateRequest:
    """Ask for updates on recommendations and/or actions by a date. Without a list of
    institutions, every institution responsible for an item is asked."""
    if not permissions.is_coordinator(user):
        raise PermissionDenied
    recommendations, actions = list(recommendations), list(actions)
    if not recommendations and not actions:
        raise ApplicationError(_("Choose at least one recommendation or action."))
    institutions = list(institutions)
    if not institutions:
        ids: set[int] = set()
        for recommendation in recommendations:
            ids |= permissions.responsible_institution_ids(recommendation=recommendation)
        for action in actions:
            ids |= permissions.responsible_institution_ids(action=action)
        institutions = list(Institution.objects.filter(pk__in=ids))
    if not institutions:
        raise ApplicationError(
            _("No institution is responsible for these items yet: assign them first.")
        )
    request = UpdateRequest(
        title=title.strip(), message=message.strip(), due_date=due_date, created_by=user
    )
    request.full_clean()
    request.save()
    request.recommendations.set(recommendations)
    request.actions.set(actions)
    request.institutions.set(institutions)
    audit_record(user=user, action=AuditEntry.Action.CREATE, obj=request)
    return request


def reminders_send(*, today: datetime.date, days: int = 7) -> int:
    """E-mail each focal point of an asked institution once when a request falls due within
    `days` days, and once when it is overdue; never twice for the same reason. Returns the
    number of e-mails sent."""
    from rectrack.followup.selectors import request_is_answered

    sent = 0
    open_requests = UpdateRequest.objects.filter(
        due_date__lte=today + datetime.timedelta(days=days)
    ).prefetch_related("institutions__members")
    for request in open_requests:
        reason = (
            ReminderSent.Reason.OVERDUE
            if request.due_date < today
            else ReminderSent.Reason.DUE_SOON
        )
        for institution in request.institutions.all():
            if request_is_answered(request=request, institution=institution):
                continue
            for user in institution.members.filter(role=User.Role.FOCAL_POINT, is_active=True):
                if user.email and _reminder_claim(request, user, reason):
                    try:
                        _reminder_mail(request, user, reason, today)
                    except Exception:
                        # Not sent: release the claim so the next run tries again.
                        ReminderSent.objects.filter(
                            request=request, user=user, reason=reason
                        ).delete()
                        raise
                    sent += 1
    return sent


def _reminder_claim(request: UpdateRequest, user, reason: str) -> bool:
    """Record the reminder first: the unique constraint makes 'never twice' hold even when
    two runs overlap."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(request=request, user=user, reason=reason)
    except IntegrityError:
        return False
    return True


def _reminder_mail(request: UpdateRequest, user, reason: str, today: datetime.date) -> None:
    if reason == ReminderSent.Reason.OVERDUE:
        subject = _("Overdue: %(title)s (was due %(date)s)")
    else:
        subject = _("Due soon: %(title)s (due %(date)s)")
    subject = subject % {"title": request.title, "date": request.due_date.isoformat()}
    link = f"{settings.RECTRACK_BASE_URL.rstrip('/')}/my-work/"
    body = _(
        "Dear %(name)s,\n\nThe NMIRF secretariat asked your institution for progress updates:"
        "\n\n%(title)s\nDue: %(date)s\n\n%(message)s\n\nSee what is asked of you: %(link)s\n"
    ) % {
        "name": user.get_full_name() or user.username,
        "title": request.title,
        "date": request.due_date.isoformat(),
        "message": request.message,
        "link": link,
    }
    send_mail(subject, body, None, [user.email])
