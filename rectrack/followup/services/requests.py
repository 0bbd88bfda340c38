"""Update requests (a coordinator asks institutions to report by a date) and reminders."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from rectrack.accounts.permissions import is_coordinator
from rectrack.audit.models import AuditEntry
from rectrack.audit.services import audit_record
from rectrack.core.errors import ApplicationError
from rectrack.followup import permissions
from rectrack.followup.models import Action, ReminderSent, UpdateRequest
from rectrack.followup.services.notifications import (
    focal_points,
    notify_deadline,
    notify_update_request,
)
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
    if not is_coordinator(user):
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
    notify_update_request(request=request)
    return request


def reminders_send(*, today: datetime.date, days: int = 7) -> int:
    """Tell each focal point of an asked institution that has not answered once when a
    request falls due within `days` days, and once when it is overdue; never twice for the
    same reason. The notifications are e-mailed as each person chose (those without an
    e-mail address see them in Rectrack). Returns the number of people told."""
    from rectrack.followup.selectors import request_is_answered

    told = 0
    open_requests = UpdateRequest.objects.filter(
        due_date__lte=today + datetime.timedelta(days=days)
    ).prefetch_related("institutions")
    for request in open_requests:
        overdue = request.due_date < today
        reason = ReminderSent.Reason.OVERDUE if overdue else ReminderSent.Reason.DUE_SOON
        for institution in request.institutions.all():
            if request_is_answered(request=request, institution=institution):
                continue
            for user in focal_points([institution.pk]):
                if _reminder_claim(request, user, reason):
                    notify_deadline(request=request, user=user, overdue=overdue)
                    told += 1
    return told


def _reminder_claim(request: UpdateRequest, user, reason: str) -> bool:
    """Record the reminder first: the unique constraint makes 'never twice' hold even when
    two runs overlap."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(request=request, user=user, reason=reason)
    except IntegrityError:
        return False
    return True
