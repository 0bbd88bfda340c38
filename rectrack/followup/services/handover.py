"""Deactivating a focal point without losing their work. Their drafts and returned updates
pass to the reporting institution's other active focal points, or to the coordinators when it
has none; the updates keep their author (history stays true) and the receivers may edit and
submit them (permissions.can_edit_update). The plan is shown before and after."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from rectrack.accounts.models import User
from rectrack.accounts.permissions import focal_points, is_administrator, is_focal_point, reviewers
from rectrack.audit.models import AuditEntry
from rectrack.audit.services import audit_record, snapshot
from rectrack.core.errors import ApplicationError
from rectrack.followup.models import ProgressUpdate
from rectrack.institutions.models import Institution

# Submitted ones too: if the secretariat returns one, someone must be there to correct it.
OPEN_STATES = (
    ProgressUpdate.State.DRAFT,
    ProgressUpdate.State.RETURNED,
    ProgressUpdate.State.SUBMITTED,
)


@dataclass(frozen=True)
class Handover:
    """One update and who receives it."""

    update: ProgressUpdate
    receivers: list[User]
    to_coordinators: bool


@dataclass
class HandoverResult:
    """Everything a focal point's deactivation passes on, and the institutions it leaves
    without any active focal point (a coordinator should name a new one)."""

    user: User
    handovers: list[Handover] = field(default_factory=list)
    institutions_left_without: list[Institution] = field(default_factory=list)


def _colleagues(*, user: User, institution_id: int | None) -> list[User]:
    if institution_id is None:
        return []
    return list(
        focal_points(institution_ids=[institution_id])
        .exclude(pk=user.pk)
        .order_by("last_name", "first_name", "username")
    )


def _coordinators(*, user: User) -> list[User]:
    """The secretariat; its administrators only if it has no coordinator at all (there is
    always one: the administrator deactivating)."""
    return list(reviewers(excluding=user).order_by("last_name", "first_name", "username"))


def handover_plan(*, user: User) -> HandoverResult:
    """Who would receive each of this user's drafts and returned updates (those handed to
    them earlier included) if they were deactivated now."""
    updates = (
        ProgressUpdate.objects.filter(Q(author=user) | Q(handed_to=user), state__in=OPEN_STATES)
        .distinct()
        .select_related("recommendation__document", "action", "institution", "author")
        .order_by("created_at", "pk")
    )
    result = HandoverResult(user=user)
    colleagues: dict[int | None, list[User]] = {}
    coordinators: list[User] | None = None
    for update in updates:
        if update.institution_id not in colleagues:
            colleagues[update.institution_id] = _colleagues(
                user=user, institution_id=update.institution_id
            )
        receivers = colleagues[update.institution_id]
        if not receivers:
            coordinators = _coordinators(user=user) if coordinators is None else coordinators
        result.handovers.append(
            Handover(
                update=update, receivers=receivers or coordinators, to_coordinators=not receivers
            )
        )
    result.institutions_left_without = [
        institution
        for institution in user.institutions.order_by("name")
        if not _colleagues(user=user, institution_id=institution.pk)
    ]
    return result


@transaction.atomic
def focal_point_deactivate(*, user: User, by: User) -> HandoverResult:
    """Deactivate a focal point (they can no longer sign in, their API tokens stop working)
    after handing their open updates over; both are in the audit trail."""
    if not is_administrator(by):
        raise PermissionDenied
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        raise ApplicationError(_("%(user)s is deactivated already.") % {"user": user})
    if not is_focal_point(user):
        raise ApplicationError(_("%(user)s is not a focal point.") % {"user": user})
    result = handover_plan(user=user)
    for handover in result.handovers:
        before = snapshot(handover.update, ["handed_to"])
        handover.update.handed_to.set(handover.receivers)
        audit_record(
            user=by,
            action=AuditEntry.Action.UPDATE,
            obj=handover.update,
            before=before,
            after=snapshot(handover.update, ["handed_to"]),
        )
    before = snapshot(user, ["is_active"])
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit_record(
        user=by,
        action=AuditEntry.Action.UPDATE,
        obj=user,
        before=before,
        after=snapshot(user, ["is_active"]),
    )
    return result
