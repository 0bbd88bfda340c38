"""Who may do what in the follow-up workflow. Views, the API and services ask these; the
rules are enforced on the server, never only by hiding buttons.

- administrator, coordinator (the NMIRF secretariat): plan, assign, review, everything;
- focal point: works only on what is assigned to their institutions;
- viewer (NHRI, civil society): reads, and sees only approved progress.
"""

from rectrack.accounts.permissions import is_coordinator, is_focal_point, is_signed_in
from rectrack.followup.models import Action, ProgressUpdate
from rectrack.recommendations.models import Recommendation


def institution_ids(user) -> set[int]:
    """The institutions a focal point works for (cached on the user object per request)."""
    if not is_focal_point(user):
        return set()
    if not hasattr(user, "_institution_ids"):
        user._institution_ids = set(user.institutions.values_list("pk", flat=True))
    return user._institution_ids


def responsible_institution_ids(*, recommendation=None, action=None) -> set[int]:
    if recommendation is not None:
        return set(recommendation.assignments.values_list("institution_id", flat=True))
    ids = set(action.supporting_institutions.values_list("pk", flat=True))
    ids.add(action.lead_institution_id)
    return ids


def can_work_on(
    user, *, recommendation: Recommendation | None = None, action: Action | None = None
) -> bool:
    """Report on, comment on and edit: coordinators, and focal points of an institution
    responsible for the recommendation or action."""
    if is_coordinator(user):
        return True
    mine = institution_ids(user)
    return bool(
        mine and mine & responsible_institution_ids(recommendation=recommendation, action=action)
    )


def handed_to(user, update: ProgressUpdate) -> bool:
    """Whether this update passed to this user when its author was deactivated."""
    return user.pk is not None and any(r.pk == user.pk for r in update.handed_to.all())


def update_institution_ids(update: ProgressUpdate) -> set[int]:
    """The institutions an update answers for (its first one and every other it names)."""
    ids = {institution.pk for institution in update.institutions.all()} if update.pk else set()
    if update.institution_id:
        ids.add(update.institution_id)
    return ids


def reports_for(user, update: ProgressUpdate) -> bool:
    """The author, a focal point of an institution the update answers for, or whoever the
    update was handed over to when its author was deactivated."""
    if update.author_id is not None and update.author_id == getattr(user, "pk", None):
        return True
    mine = institution_ids(user)
    if mine and mine & update_institution_ids(update):
        return True
    return bool(update.pk) and handed_to(user, update)


def can_edit_update(user, update: ProgressUpdate) -> bool:
    """Drafts and returned updates can be edited by their author, a focal point of the
    reporting institution, or whoever they were handed over to when their author was
    deactivated (coordinators included); submitted and approved ones are frozen."""
    if update.state not in {ProgressUpdate.State.DRAFT, ProgressUpdate.State.RETURNED}:
        return False
    if is_coordinator(user):
        return update.author_id == user.pk or handed_to(user, update)
    return reports_for(user, update)


def can_add_evidence(user, update: ProgressUpdate) -> bool:
    """Evidence can be added until the update is approved (a document often arrives after the
    update was submitted), by its author or a focal point of an institution it answers for."""
    if not is_signed_in(user):
        return False
    if update.state == ProgressUpdate.State.APPROVED:
        return False
    return reports_for(user, update)


def can_review(user, update: ProgressUpdate) -> bool:
    return is_coordinator(user) and update.state == ProgressUpdate.State.SUBMITTED


def can_add_measurement(user, indicator) -> bool:
    """Coordinators, or focal points working on an action the indicator measures."""
    return is_coordinator(user) or any(
        can_work_on(user, action=action) for action in indicator.actions.all()
    )
