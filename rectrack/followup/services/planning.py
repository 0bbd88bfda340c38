"""Planning: who leads on each recommendation, the actions of the plan, indicators, comments."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rectrack.accounts.permissions import is_coordinator
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
from rectrack.followup.services.notifications import notify_assignments, notify_comment
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
    """Someone else saved the object since this user opened it and changed a field this user
    changes too, to another value: `fields` names them, `changes` is what the others changed
    (old and new values), `authors` who changed each field and `mine` this user's values."""

    def __init__(
        self,
        message: str,
        *,
        changes: dict[str, list],
        fields: Iterable[str] = (),
        authors: dict[str, str] | None = None,
        mine: dict[str, object] | None = None,
    ):
        super().__init__(message, extra={"changes": changes, "fields": list(fields)})
        self.changes = changes
        self.fields = list(fields)
        self.authors = authors or {}
        self.mine = mine or {}


def merge_check(*, current, base_version: int, before: dict, message: str) -> dict[str, str]:
    """The three-way rule against lost updates: `current` holds this user's changes applied
    on top of what is saved (`before`). Fields someone else changed since `base_version` and
    this user did not touch stay theirs; a field both changed, to different values, is
    refused (ConflictError): the user sees both values, chooses, and saves from the version
    now current. Returns who changed which field meanwhile, so the user can be told."""
    if current.version == base_version:
        return {}
    theirs, authors = _changes_since(current, base_version)
    mine = diff(before, snapshot(current))
    clashing = [name for name in mine if name in theirs]
    if clashing:
        raise ConflictError(
            message,
            changes=theirs,
            fields=clashing,
            authors=authors,
            mine={name: new for name, (_old, new) in mine.items()},
        )
    return authors


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@transaction.atomic
def assignment_set(
    *,
    recommendation: Recommendation,
    institution: Institution,
    role: str,
    user,
    notify: bool = True,
) -> Assignment:
    """Make an institution lead or supporting on a recommendation; a new lead replaces the
    old one, who stays on as supporting so no one's work is dropped silently. Its focal
    points are told (`notify=False`: the caller tells them once for a whole batch)."""
    _require(is_coordinator(user))
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
        assignment.changed = True
    elif assignment.role != role:
        before = snapshot(assignment)
        assignment.role = role
        assignment.save(update_fields=["role", "updated_at"])
        audit_record(user=user, action=AuditEntry.Action.UPDATE, obj=assignment, before=before)
        assignment.changed = True
    if notify and getattr(assignment, "changed", False):
        notify_assignments(
            institution=institution, recommendations=[recommendation], role=role, user=user
        )
    return assignment


@transaction.atomic
def assignment_remove(*, assignment: Assignment, user) -> None:
    _require(is_coordinator(user))
    audit_record(user=user, action=AuditEntry.Action.DELETE, obj=assignment)
    assignment.delete()


@transaction.atomic
def recommendations_bulk_assign(
    *, recommendations: Iterable[Recommendation], institution: Institution, role: str, user
) -> BulkAssignment:
    """Assign a selection of recommendations at once. What each one's assignments were
    before is kept with the result, so that the whole step can be undone exactly."""
    _require(is_coordinator(user))
    recommendations = list(recommendations)
    previous = _assignments_of([r.pk for r in recommendations])
    changed = []
    for recommendation in recommendations:
        assignment = assignment_set(
            recommendation=recommendation,
            institution=institution,
            role=role,
            user=user,
            notify=False,
        )
        if getattr(assignment, "changed", False):
            changed.append(recommendation)
    # One notification per focal point for the whole step, however many recommendations.
    notify_assignments(institution=institution, recommendations=changed, role=role, user=user)
    batch = BulkAssignment(
        created_by=user,
        institution=institution,
        role=role,
        count=len(recommendations),
        previous=previous,
        after=_assignments_of([r.pk for r in recommendations]),
    )
    batch.full_clean()
    batch.save()
    return batch


def _assignments_of(recommendation_ids: list[int]) -> dict[str, list]:
    """Each recommendation's assignments as [[institution id, role], ...], in a stable order."""
    found: dict[str, list] = {str(pk): [] for pk in recommendation_ids}
    rows = Assignment.objects.filter(recommendation__in=recommendation_ids).order_by(
        "recommendation_id", "institution_id"
    )
    for rec_id, institution_id, role in rows.values_list(
        "recommendation_id", "institution_id", "role"
    ):
        found[str(rec_id)].append([institution_id, role])
    return found


@transaction.atomic
def bulk_assignment_undo(*, bulk_assignment: BulkAssignment, user) -> BulkAssignment:
    """Put back every assignment of the recommendations a bulk assignment touched as it was
    before it (removed, demoted or added again, each audited); only once. A recommendation
    whose assignments someone changed since is left as it is (and named): an undo never
    overwrites later work."""
    _require(is_coordinator(user))
    batch = BulkAssignment.objects.select_for_update().get(pk=bulk_assignment.pk)
    if batch.undone_at is not None:
        raise ApplicationError(_("This bulk assignment has already been undone."))
    now = _assignments_of([int(k) for k in batch.previous])
    batch.kept = sorted(
        int(rec_id) for rec_id, pairs in now.items() if pairs != batch.after.get(rec_id, pairs)
    )
    restorable = [int(k) for k in batch.previous if int(k) not in set(batch.kept)]
    wanted = {
        (int(rec_id), institution_id): old_role
        for rec_id, pairs in batch.previous.items()
        if int(rec_id) in restorable
        for institution_id, old_role in pairs
    }
    current = {
        (a.recommendation_id, a.institution_id): a
        for a in Assignment.objects.filter(recommendation__in=restorable)
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
    batch.save(update_fields=["undone_at", "undone_by", "kept", "updated_at"])
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
    _require(is_coordinator(user))
    action = Action(**{name: fields[name] for name in ACTION_FIELDS if name in fields})
    action.full_clean()
    action.save()
    _apply_links(action, links or {})
    audit_record(user=user, action=AuditEntry.Action.CREATE, obj=action)
    return action


@transaction.atomic
def action_update(
    *,
    action: Action,
    user,
    base_version: int,
    links: dict[str, Iterable] | None = None,
    **fields,
) -> Action:
    """Change the fields given (only those this user changed). When the action was saved
    since `base_version` was read, the others' changes are kept and a field both changed is
    refused (merge_check), so no one silently overwrites anyone."""
    _require(permissions.can_work_on(user, action=action))
    current = Action.objects.select_for_update().get(pk=action.pk)
    before = snapshot(current)
    if not is_coordinator(user):
        # Focal points report on the plan; they do not move its responsibilities: asking
        # to is refused, never silently dropped (sending them unchanged is fine).
        lead = fields.pop("lead_institution", current.lead_institution)
        links = dict(links or {})
        supporting = links.pop("supporting_institutions", None)
        moved = lead != current.lead_institution or (
            supporting is not None
            and {i.pk for i in supporting}
            != set(current.supporting_institutions.values_list("pk", flat=True))
        )
        _require(not moved)
    for name in ACTION_FIELDS:
        if name in fields:
            setattr(current, name, fields[name])
    current.full_clean()
    _apply_links(current, links or {})
    current.changed_meanwhile = merge_check(
        current=current,
        base_version=base_version,
        before=before,
        message=_(
            "Someone else changed this action while you were editing it, and some of the "
            "fields you changed too. Nothing was saved yet: choose whose value to keep."
        ),
    )
    if not diff(before, snapshot(current)):
        return current  # nothing changed: no new version, no audit entry
    current.version += 1
    current.save()
    audit_record(user=user, action=AuditEntry.Action.UPDATE, obj=current, before=before)
    return current


def _changes_since(obj, base_version: int) -> tuple[dict[str, list], dict[str, str]]:
    """What the audit trail recorded for this object since the version the user saw: each
    field's old and new value, and who changed it last."""
    from rectrack.audit.selectors import audit_history

    # By the version each change produced, not by counting entries: some steps (evidence
    # added, a hand-over) are recorded without a new version.
    newer = list(
        audit_history(obj=obj).filter(
            action=AuditEntry.Action.UPDATE, object_version__gt=base_version
        )
    )
    changes: dict[str, list] = {}
    authors: dict[str, str] = {}
    for entry in reversed(newer):
        for name, (old, new) in entry.changes.items():
            changes.setdefault(name, [old, new])[1] = new
            user = entry.user
            authors[name] = (user.get_full_name() or user.username) if user else _("someone")
    return changes, authors


@transaction.atomic
def action_delete(*, action: Action, user) -> None:
    """Remove an action from the plan (coordinators): its progress updates, their evidence
    and its comments go with it; recommendations and indicators stay, unlinked."""
    _require(is_coordinator(user))
    audit_record(user=user, action=AuditEntry.Action.DELETE, obj=action)
    action.delete()


@transaction.atomic
def indicator_delete(*, indicator: Indicator, user) -> None:
    """Remove an indicator (coordinators): its measurements go with it, recorded in the
    trail; the actions and recommendations it measured stay."""
    _require(is_coordinator(user))
    for measurement in indicator.measurements.all():
        audit_record(user=user, action=AuditEntry.Action.DELETE, obj=measurement)
    audit_record(user=user, action=AuditEntry.Action.DELETE, obj=indicator)
    indicator.delete()


@transaction.atomic
def indicator_create(
    *,
    user,
    actions: Iterable[Action] = (),
    recommendations: Iterable[Recommendation] = (),
    **fields,
) -> Indicator:
    _require(is_coordinator(user))
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
    notify_comment(comment=comment)
    return comment
