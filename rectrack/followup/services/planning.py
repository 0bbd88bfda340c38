"""Planning: who leads on each recommendation, the actions of the plan, indicators, comments."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rectrack.audit.models import AuditEntry
from rectrack.audit.services import audit_record, diff, snapshot
from rectrack.core.errors import ApplicationError
from rectrack.followup import permissions
from rectrack.followup.models import (
    Action,
    Assignment,
    BulkAssignment,
    Comment,
    Indicator,
    Measurement,
)
from rectrack.institutions.models import Institution
from rectrack.recommendations.models import Recommendation

ACTION_FIELDS = (
    "title",
    "description",
    "lead_institution",
    "start_date",
    "deadline",
    "budget_amount",
    "budget_currency",
    "funding_source",
    "status",
)
ACTION_LINKS = ("supporting_institutions", "recommendations", "sdg_targets")


class ConflictError(ApplicationError):
    """Someone else saved the object since this user opened it (optimistic locking)."""

    def __init__(self, message: str, *, changes: dict[str, list]):
        super().__init__(message, extra={"changes": changes})
        self.changes = changes


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@transaction.atomic
def assignment_set(
    *, recommendation: Recommendation, institution: Institution, role: str, user
) -> Assignment:
    """Make an institution lead or supporting on a recommendation; a new lead replaces the
    old one, who stays on as supporting so no one's work is dropped silently."""
    _require(permissions.is_coordinator(user))
    if role == Assignment.Role.LEAD:
        for old in recommendation.assignments.filter(role=Assignment.Role.LEAD).exclude(
            institution=institution
        ):
            before = snapshot(old)
            old.role = Assignment.Role.SUPPORTING
            old.save(update_fields=["role", "updated_at"])
            audit_record(user=user, action=AuditEntry.Action.UPDATE, obj=old, before=before)
    assignment = recommendation.assignments.filter(institution=institution).first()
    if assignment is None:
        assignment = Assignment(recommendation=recommendation, institution=institution, role=role)
        assignment.full_clean()
        assignment.save()
        audit_record(user=user, action=AuditEntry.Action.CREATE, obj=assignment)
    elif assignment.role != role:
        before = snapshot(assignment)
        assignment.role = role
        assignment.save(update_fields=["role", "updated_at"])
        audit_record(user=user, action=AuditEntry.Action.UPDATE, obj=assignment, before=before)
    return assignment


@transaction.atomic
def assignment_remove(*, assignment: Assignment, user) -> None:
    _require(permissions.is_coordinator(user))
    audit_record(user=user, action=AuditEntry.Action.DELETE, obj=assignment)
    assignment.delete()


@transaction.atomic
def recommendations_bulk_assign(
    *, recommendations: Iterable[Recommendation], institution: Institution, role: str, user
) -> BulkAssignment:
    """Assign a selection of recommendations at once. What each one's assignments were
    before is kept with the result, so that the whole step can be undone exactly."""
    _require(permissions.is_coordinator(user))
    recommendations = list(recommendations)
    previous: dict[str, list] = {str(r.pk): [] for r in recommendations}
    before = Assignment.objects.filter(recommendation__in=[r.pk for r in recommendations])
    for rec_id, institution_id, old_role in before.order_by("pk").values_list(
        "recommendation_id", "institution_id", "role"
    ):
        previous[str(rec_id)].append([institution_id, old_role])
    for recommendation in recommendations:
        assignment_set(recommendation=recommendation, institution=institution, role=role, user=user)
    batch = BulkAssignment(
        created_by=user,
        institution=institution,
        role=role,
        count=len(recommendations),
        previous=previous,
    )
    batch.full_clean()
    batch.save()
    return batch


@transaction.atomic
def bulk_assignment_undo(*, bulk_assignment: BulkAssignment, user) -> BulkAssignment:
    """Put back every assignment of the recommendations a bulk assignment touched as it was
    before it (removed, demoted or added again, each audited); only once."""
    _require(permissions.is_coordinator(user))
    batch = BulkAssignment.objects.select_for_update().get(pk=bulk_assignment.pk)
    if batch.undone_at is not None:
        raise ApplicationError(_("This bulk assignment has already been undone."))
    wanted = {
        (int(rec_id), institution_id): old_role
        for rec_id, pairs in batch.previous.items()
        for institution_id, old_role in pairs
    }
    current = {
        (a.recommendation_id, a.institution_id): a
        for a in Assignment.objects.filter(recommendation__in=[int(k) for k in batch.previous])
    }
    for key, assignment in current.items():  # removed first, then demoted: one lead each
        if key not in wanted:
            assignment_remove(assignment=assignment, user=user)
    for key, assignment in current.items():
        demoted = wanted.get(key) == Assignment.Role.SUPPORTING
        if demoted and assignment.role != Assignment.Role.SUPPORTING:
            _assignment_role_set(assignment, Assignment.Role.SUPPORTING, user=user)
    # Recommendations or institutions deleted since cannot get their assignment back.
    recommendations = Recommendation.objects.filter(pk__in=[k[0] for k in wanted])
    institutions = Institution.objects.filter(pk__in=[k[1] for k in wanted])
    existing_recommendations = set(recommendations.values_list("pk", flat=True))
    existing_institutions = set(institutions.values_list("pk", flat=True))
    for (rec_id, institution_id), old_role in wanted.items():
        assignment = current.get((rec_id, institution_id))
        restorable = rec_id in existing_recommendations and institution_id in existing_institutions
        if assignment is None and restorable:
            restored = Assignment(
                recommendation_id=rec_id, institution_id=institution_id, role=old_role
            )
            restored.full_clean()
            restored.save()
            audit_record(user=user, action=AuditEntry.Action.CREATE, obj=restored)
        elif assignment is not None and assignment.role != old_role:
            _assignment_role_set(assignment, old_role, user=user)
    batch.undone_at = timezone.now()
    batch.undone_by = user
    batch.save(update_fields=["undone_at", "undone_by", "updated_at"])
    return batch


def _assignment_role_set(assignment: Assignment, role: str, *, user) -> None:
    before = snapshot(assignment)
    assignment.role = role
    assignment.save(update_fields=["role", "updated_at"])
    audit_record(user=user, action=AuditEntry.Action.UPDATE, obj=assignment, before=before)


def _apply_links(action: Action, links: dict[str, Iterable]) -> None:
    for name in ACTION_LINKS:
        if name in links:
            getattr(action, name).set(links[name])


@transaction.atomic
def action_create(*, user, links: dict[str, Iterable] | None = None, **fields) -> Action:
    """Add a measure to the implementation plan (coordinators)."""
    _require(permissions.is_coordinator(user))
    action = Action(**{name: fields[name] for name in ACTION_FIELDS if name in fields})
    action.full_clean()
    action.save()
    _apply_links(action, links or {})
    audit_record(user=user, action=AuditEntry.Action.CREATE, obj=action)
    return action


@transaction.atomic
def action_update(
    *, action: Action, user, base_version: int, links: dict[str, Iterable] | None = None, **fields
) -> Action:
    """Change an action. Refused with the other person's changes when the action was saved
    since `base_version` was read, so no one silently overwrites anyone."""
    _require(permissions.can_work_on(user, action=action))
    current = Action.objects.select_for_update().get(pk=action.pk)
    if current.version != base_version:
        raise ConflictError(
            _(
                "Someone else changed this action while you were editing it. Their changes are "
                "shown below; your edit was not saved."
            ),
            changes=_changes_since(current, base_version),
        )
    before = snapshot(current)
    if not permissions.is_coordinator(user):
        # Focal points report on the plan; they do not move its responsibilities.
        fields.pop("lead_institution", None)
        links = {k: v for k, v in (links or {}).items() if k != "supporting_institutions"}
    for name in ACTION_FIELDS:
        if name in fields:
            setattr(current, name, fields[name])
    current.full_clean()
    _apply_links(current, links or {})
    if not diff(before, snapshot(current)):
        return current  # nothing changed: no new version, no audit entry
    current.version += 1
    current.save()
    audit_record(user=user, action=AuditEntry.Action.UPDATE, obj=current, before=before)
    return current


def _changes_since(obj, base_version: int) -> dict[str, list]:
    """What the audit trail recorded for this object since the version the user saw."""
    from rectrack.audit.selectors import audit_history

    newer = list(audit_history(obj=obj).filter(action=AuditEntry.Action.UPDATE))
    changes: dict[str, list] = {}
    for entry in reversed(newer[: max(obj.version - base_version, 0)]):
        for name, (old, new) in entry.changes.items():
            changes.setdefault(name, [old, new])[1] = new
    return changes


@transaction.atomic
def action_delete(*, action: Action, user) -> None:
    _require(permissions.is_coordinator(user))
    audit_record(user=user, action=AuditEntry.Action.DELETE, obj=action)
    action.delete()


@transaction.atomic
def indicator_create(
    *,
    user,
    actions: Iterable[Action] = (),
    recommendations: Iterable[Recommendation] = (),
    **fields,
) -> Indicator:
    _require(permissions.is_coordinator(user))
    indicator = Indicator(**fields)
    indicator.full_clean()
    indicator.save()
    indicator.actions.set(actions)
    indicator.recommendations.set(recommendations)
    audit_record(user=user, action=AuditEntry.Action.CREATE, obj=indicator)
    return indicator


@transaction.atomic
def measurement_add(
    *, indicator: Indicator, user, date: datetime.date, value, note: str = ""
) -> Measurement:
    """Record a value of an indicator: coordinators, or focal points of an action measured
    by it."""
    _require(permissions.can_add_measurement(user, indicator))
    measurement = Measurement(indicator=indicator, date=date, value=value, note=note)
    measurement.full_clean()
    measurement.save()
    audit_record(user=user, action=AuditEntry.Action.CREATE, obj=measurement)
    return measurement


@transaction.atomic
def comment_add(
    *, user, body: str, recommendation: Recommendation | None = None, action: Action | None = None
) -> Comment:
    """Coordination notes between the secretariat and the responsible institutions."""
    _require(permissions.can_work_on(user, recommendation=recommendation, action=action))
    comment = Comment(author=user, body=body.strip(), recommendation=recommendation, action=action)
    comment.full_clean()
    comment.save()
    return comment
