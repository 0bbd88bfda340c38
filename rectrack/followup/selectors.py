"""Reads of the follow-up workflow; visibility is decided here."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from rectrack.followup import permissions
from rectrack.followup.models import Action, Indicator, Measurement, ProgressUpdate, UpdateRequest
from rectrack.institutions.models import Institution
from rectrack.recommendations.selectors import overdue_actions


def progress_update_list(*, user, recommendation=None, action=None) -> QuerySet[ProgressUpdate]:
    """Updates this user may see: viewers only approved ones; focal points also their own
    institutions' drafts; coordinators all."""
    qs = ProgressUpdate.objects.select_related("author", "institution", "reviewed_by")
    if recommendation is not None:
        qs = qs.filter(recommendation=recommendation)
    if action is not None:
        qs = qs.filter(action=action)
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if permissions.is_coordinator(user):
        return qs
    visible = Q(state=ProgressUpdate.State.APPROVED) | Q(author=user)
    mine = permissions.institution_ids(user)
    if mine:
        visible |= Q(institution_id__in=mine) | Q(pk__in=_answering_for(mine))
    return qs.filter(visible)


def _answering_for(institution_ids) -> QuerySet:
    """The ids of updates that answer for any of these institutions."""
    return ProgressUpdate.institutions.through.objects.filter(
        institution_id__in=institution_ids
    ).values("progressupdate_id")


def progress_update_get(*, user, pk: int) -> ProgressUpdate:
    return get_object_or_404(
        progress_update_list(user=user)
        .select_related("recommendation__document__mechanism", "action")
        .prefetch_related("evidence", "institutions"),
        pk=pk,
    )


def reporting_institution_choices(*, user, recommendation=None, action=None):
    """The institutions this user may answer for on a recommendation or action: theirs that
    are responsible for it (none for the secretariat, which writes for no institution)."""
    ids = permissions.institution_ids(user) & permissions.responsible_institution_ids(
        recommendation=recommendation, action=action
    )
    return Institution.objects.filter(pk__in=ids).order_by("name", "pk")


def request_is_answered(*, request: UpdateRequest, institution: Institution) -> bool:
    """An institution has answered when it submitted (or had approved) an update on every
    item of the request since the request was made; an update written for several
    institutions answers for each of them."""
    done = ProgressUpdate.objects.filter(
        Q(institution=institution) | Q(pk__in=_answering_for([institution.pk])),
        state__in=[ProgressUpdate.State.SUBMITTED, ProgressUpdate.State.APPROVED],
        submitted_at__gte=request.created_at,
    )
    for recommendation in request.recommendations.filter(assignments__institution=institution):
        if not done.filter(recommendation=recommendation).exists():
            return False
    for action in request.actions.filter(
        Q(lead_institution=institution) | Q(supporting_institutions=institution)
    ).distinct():
        if not done.filter(action=action).exists():
            return False
    return True


def my_work(*, user, today: datetime.date | None = None) -> dict:
    """A focal point's page: what is assigned to their institutions, what is due, what is
    overdue, and what was returned to them."""
    today = today or timezone.localdate()
    mine = permissions.institution_ids(user)
    institutions = Institution.objects.filter(pk__in=mine)
    requests = (
        UpdateRequest.objects.filter(institutions__in=mine)
        .distinct()
        .prefetch_related("recommendations__document", "actions")
    )
    open_requests = [
        request
        for request in requests
        if not all(
            request_is_answered(request=request, institution=inst)
            for inst in institutions
            if request.institutions.filter(pk=inst.pk).exists()
        )
    ]
    from rectrack.recommendations.models import Recommendation

    return {
        "institutions": institutions,
        "recommendations": Recommendation.objects.filter(assignments__institution__in=mine)
        .distinct()
        .select_related("document__mechanism"),
        "actions": Action.objects.filter(
            Q(lead_institution__in=mine) | Q(supporting_institutions__in=mine)
        )
        .distinct()
        .select_related("lead_institution"),
        "due": [r for r in open_requests if r.due_date >= today],
        "overdue": [r for r in open_requests if r.due_date < today],
        "returned": ProgressUpdate.objects.filter(
            Q(institution_id__in=mine) | Q(pk__in=_answering_for(mine)) | Q(author=user),
            state=ProgressUpdate.State.RETURNED,
        ).select_related("recommendation__document", "action"),
        "drafts": ProgressUpdate.objects.filter(
            author=user, state=ProgressUpdate.State.DRAFT
        ).select_related("recommendation__document", "action"),
        # The secretariat's own work: submitted updates waiting for review.
        "to_review": (
            ProgressUpdate.objects.filter(state=ProgressUpdate.State.SUBMITTED)
            .select_related("recommendation__document", "action", "institution")
            .order_by("submitted_at")
            if permissions.is_coordinator(user)
            else ProgressUpdate.objects.none()
        ),
    }


def upcoming_calendar(*, today: datetime.date | None = None, limit: int = 10):
    """Mechanisms' next report due dates and reviews, soonest first (the home page)."""
    from rectrack.recommendations.models import Mechanism

    today = today or timezone.localdate()
    events = []
    for mechanism in Mechanism.objects.filter(
        Q(next_report_due__gte=today) | Q(next_review_date__gte=today)
    ):
        if mechanism.next_report_due and mechanism.next_report_due >= today:
            events.append((mechanism.next_report_due, "report", mechanism))
        if mechanism.next_review_date and mechanism.next_review_date >= today:
            events.append((mechanism.next_review_date, "review", mechanism))
    return sorted(events, key=lambda event: event[0])[:limit]


def action_list() -> QuerySet[Action]:
    """Every action: the plan is readable by every signed-in user; constant queries per page."""
    return (
        Action.objects.select_related("lead_institution")
        .prefetch_related("supporting_institutions")
        .annotate(recommendation_count=Count("recommendations", distinct=True))
        .order_by("deadline", "title", "pk")
    )


def action_search(
    *, status: str = "", institution: Institution | None = None, overdue: bool = False
) -> QuerySet[Action]:
    """Actions filtered as the actions list and the API filter them: by status, by an
    institution leading or supporting them, overdue only (past the deadline and still open)."""
    actions = action_list()
    if status:
        actions = actions.filter(status=status)
    if institution is not None:
        supported = Action.supporting_institutions.through.objects.filter(
            institution=institution
        ).values("action_id")
        actions = actions.filter(Q(lead_institution=institution) | Q(pk__in=supported))
    if overdue:
        actions = actions.filter(pk__in=overdue_actions().values("pk"))
    return actions


def action_get(*, pk: int) -> Action:
    """One action with what its page shows: recommendations, targets, indicators."""
    return get_object_or_404(
        action_list().prefetch_related(
            "recommendations__document__mechanism",
            "sdg_targets",
            Prefetch("indicators", queryset=Indicator.objects.prefetch_related("measurements")),
        ),
        pk=pk,
    )


def indicator_get(*, pk: int) -> Indicator:
    return get_object_or_404(
        Indicator.objects.prefetch_related(
            Prefetch("actions", queryset=Action.objects.select_related("lead_institution")),
            "recommendations__document__mechanism",
            Prefetch("measurements", queryset=Measurement.objects.order_by("date", "pk")),
        ),
        pk=pk,
    )


def update_request_list(*, user) -> QuerySet[UpdateRequest]:
    """Coordinators see every request; focal points those addressed to their institutions;
    viewers none (requests are the secretariat's working correspondence)."""
    if permissions.is_coordinator(user):
        return UpdateRequest.objects.all()
    mine = permissions.institution_ids(user)
    if not mine:
        raise PermissionDenied
    return UpdateRequest.objects.filter(institutions__in=mine).distinct()
