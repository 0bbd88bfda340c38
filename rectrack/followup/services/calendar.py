"""The reporting calendar: when each mechanism next expects a report and holds a review."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction

from rectrack.accounts.permissions import is_coordinator
from rectrack.audit.models import AuditEntry
from rectrack.audit.services import audit_record, snapshot
from rectrack.recommendations.models import Mechanism

CALENDAR_FIELDS = ("next_report_due", "next_review_date")


@transaction.atomic
def mechanism_calendar_set(
    *,
    mechanism: Mechanism,
    user,
    next_report_due: datetime.date | None,
    next_review_date: datetime.date | None,
) -> Mechanism:
    """Set a mechanism's next report due date and next review date (coordinators); recorded in
    the audit trail because the home page's calendar and reminders to plan depend on them."""
    if not is_coordinator(user):
        raise PermissionDenied
    current = Mechanism.objects.select_for_update().get(pk=mechanism.pk)
    before = snapshot(current, CALENDAR_FIELDS)
    current.next_report_due = next_report_due
    current.next_review_date = next_review_date
    current.full_clean()
    current.save(update_fields=[*CALENDAR_FIELDS, "updated_at"])
    audit_record(
        user=user,
        action=AuditEntry.Action.UPDATE,
        obj=current,
        before=before,
        after=snapshot(current, CALENDAR_FIELDS),
    )
    return current
