"""Reads of the plan: actions and indicators, readable by every signed-in user."""

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from rectrack.followup.models import Action, Indicator, Measurement
from rectrack.institutions.models import Institution


def action_list() -> QuerySet[Action]:
    """Every action: the plan is readable by every signed-in user; constant queries per page."""
    return (
        Action.objects.select_related("lead_institution")
        .prefetch_related("supporting_institutions")
        .annotate(recommendation_count=Count("recommendations", distinct=True))
        .order_by("deadline", "title", "pk")
    )


def overdue_actions(*, today: datetime.date | None = None) -> QuerySet[Action]:
    """Actions past their deadline and still open (Action.is_overdue, asked of the database)."""
    return Action.objects.filter(
        deadline__lt=today or timezone.localdate(), status__in=Action.OPEN_STATUSES
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
