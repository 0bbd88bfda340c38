"""The dashboards' figures. Every figure is an aggregate query over the recommendations that
recommendation_list lets this user see, so a dashboard never counts what its reader may not
read, and it costs the same number of queries for ten recommendations or a quarter million."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from rectrack.accounts.permissions import is_coordinator
from rectrack.core.choices import ImplementationStatus
from rectrack.core.figures import Refresh, cached_figures, figures_recipe
from rectrack.followup.models import Action, Assignment, ProgressUpdate, UpdateRequest
from rectrack.followup.selectors import overdue_actions, progress_update_list
from rectrack.recommendations.models import (
    Mechanism,
    Recommendation,
    SdgGoal,
    SdgTarget,
    Theme,
)
from rectrack.recommendations.selectors import (
    RecommendationFilters,
    count_by_links,
    filters_from_key,
    filters_key,
    reader_seeing,
    recommendation_list,
    theme_lineage,
    visibility_key,
    with_default_state,
)

# From furthest along to least known: the order of every status breakdown and chart.
STATUS_ORDER = [
    ImplementationStatus.IMPLEMENTED,
    ImplementationStatus.PARTIALLY_IMPLEMENTED,
    ImplementationStatus.IN_PROGRESS,
    ImplementationStatus.NOT_STARTED,
    ImplementationStatus.NOT_IMPLEMENTED,
    ImplementationStatus.NO_INFORMATION,
]


def status_labels() -> list[str]:
    """The statuses' names, in STATUS_ORDER: the series of every status chart and table."""
    return [str(ImplementationStatus(status).label) for status in STATUS_ORDER]


RECENT_PROGRESS_LIMIT = 10
LIST_LIMIT = 10


@dataclass
class StatusRow:
    """One category (a theme, a goal, an institution ...) and its recommendations by status."""

    label: str
    key: object = None
    counts: dict[str, int] = field(default_factory=dict)
    url: str = ""

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def ordered_counts(self) -> list[int]:
        return [self.counts.get(status, 0) for status in STATUS_ORDER]


def _status_rows(rows: dict, *, keep_empty: bool = False) -> list[StatusRow]:
    result = [row for row in rows.values() if keep_empty or row.total]
    if keep_empty:
        return result
    return sorted(result, key=lambda row: (-row.total, row.label))


def scoped_recommendations(
    *, user, filters: RecommendationFilters | None = None
) -> QuerySet[Recommendation]:
    """recommendation_list as a bare queryset (no ordering or prefetching), ready for grouping."""
    qs = recommendation_list(user=user, filters=filters)
    return qs.select_related(None).prefetch_related(None).order_by()


def _in_scope(ids: QuerySet) -> Exists:
    """A row (of progress updates, requests, assignments ...) whose recommendation is in
    scope, looked up row by row: these tables are small next to the recommendations, which
    an IN (...) would first list in full (a quarter of a second at 250,000)."""
    return Exists(ids.filter(pk=OuterRef("recommendation_id")))


def _by_theme(qs: QuerySet[Recommendation]) -> list[StatusRow]:
    """Top-level themes by status; a recommendation tagged with several themes under one
    top-level theme counts once for it."""
    lineage = theme_lineage()
    roots = {chain[0] for chain in lineage.values() if chain}
    rows = {
        theme.pk: StatusRow(label=str(theme), key=theme.pk)
        for theme in Theme.objects.filter(pk__in=roots)
    }
    counts = count_by_links(
        qs,
        "linked_theme_ids",
        "implementation_status",
        expand=lambda ids: (lineage[pk][0] for pk in ids if lineage.get(pk)),
    )
    for (root, status), n in counts.items():
        rows[root].counts[status] = n
    return _status_rows(rows)


def sdg_goal_status(*, qs: QuerySet[Recommendation]) -> list[StatusRow]:
    """All 17 goals with their recommendations by status; a recommendation linked to a goal
    directly and through its targets counts once for that goal."""
    rows = {
        goal.number: StatusRow(label=str(goal), key=goal.number)
        for goal in SdgGoal.objects.order_by("number")
    }
    counts = count_by_links(qs, "linked_goal_numbers", "implementation_status")
    for (number, status), n in counts.items():
        rows[number].counts[status] = n
    return list(rows.values())


def sdg_overview(*, user, all_states: bool = False) -> list[StatusRow]:
    """All 17 goals by status over what this user may see (the NMIRF's own State by
    default, see with_default_state); cached until the data changes."""
    filters = with_default_state(None, all_states=all_states)
    qs = scoped_recommendations(user=user, filters=filters)
    refresh = Refresh(
        "rectrack.reports.selectors.sdg_overview_refresh",
        {"user_id": user.pk, "visibility": visibility_key(user), "filters": filters_key(filters)},
    )
    return cached_figures(
        "sdg-goals",
        (visibility_key(user), filters_key(filters)),
        lambda: sdg_goal_status(qs=qs),
        refresh=refresh,
    )


@figures_recipe
def sdg_overview_refresh(*, user_id: int | None, visibility: str, filters: list) -> list[StatusRow]:
    """sdg_overview's figures again, in a task (rectrack.core.figures)."""
    reader = reader_seeing(user_id, visibility)
    qs = scoped_recommendations(user=reader, filters=filters_from_key(filters))
    return sdg_goal_status(qs=qs)


def sdg_target_status(*, ids: QuerySet, goal: SdgGoal) -> list[StatusRow]:
    """A goal's targets, each with the recommendations linked to it by status."""
    rows = {
        target.pk: StatusRow(label=f"{target.code} {target.display_title}", key=target.code)
        for target in SdgTarget.objects.filter(goal=goal).order_by("order")
    }
    grouped = (
        Recommendation.sdg_targets.through.objects.filter(
            recommendation_id__in=ids, sdgtarget__goal=goal
        )
        .values("sdgtarget_id", "recommendation__implementation_status")
        .annotate(n=Count("recommendation_id", distinct=True))
        .order_by()
    )
    for item in grouped:
        rows[item["sdgtarget_id"]].counts[item["recommendation__implementation_status"]] = item["n"]
    return list(rows.values())


def _by_lead(ids: QuerySet) -> list[StatusRow]:
    rows: dict[int, StatusRow] = {}
    grouped = (
        Assignment.objects.filter(_in_scope(ids), role=Assignment.Role.LEAD)
        .values("institution_id", "institution__name", "recommendation__implementation_status")
        .annotate(n=Count("recommendation_id", distinct=True))
        .order_by()
    )
    for item in grouped:
        pk = item["institution_id"]
        row = rows.setdefault(pk, StatusRow(label=item["institution__name"], key=pk))
        row.counts[item["recommendation__implementation_status"]] = item["n"]
    return _status_rows(rows)


def _by_mechanism_position_status(qs: QuerySet) -> dict:
    """One grouping gives counts by mechanism, by position, status overall and by mechanism."""
    # COUNT(*), not COUNT(id): PostgreSQL then reads the index recommendation_facts alone.
    grouped = qs.values("document__mechanism__code", "position", "implementation_status").annotate(
        n=Count("*")
    )
    mechanisms: dict[str, int] = {}
    positions: dict[str, int] = {}
    overall: dict[str, int] = {}
    by_mechanism: dict[str, StatusRow] = {}
    for item in grouped:
        code, n = item["document__mechanism__code"], item["n"]
        status = item["implementation_status"]
        mechanisms[code] = mechanisms.get(code, 0) + n
        positions[item["position"]] = positions.get(item["position"], 0) + n
        overall[status] = overall.get(status, 0) + n
        row = by_mechanism.setdefault(code, StatusRow(label=code, key=code))
        row.counts[status] = row.counts.get(status, 0) + n
    position_labels = dict(Recommendation.Position.choices)
    position_order = [*position_labels, ""]
    return {
        "total": sum(mechanisms.values()),
        "by_mechanism": sorted(mechanisms.items(), key=lambda kv: (-kv[1], kv[0])),
        "by_position": [
            (str(position_labels.get(p, "")) or _("Not stated"), positions[p], p)
            for p in position_order
            if positions.get(p)
        ],
        "status_overall": StatusRow(label=_("All recommendations"), counts=overall),
        "status_by_mechanism": _status_rows(by_mechanism),
    }


def _overdue(ids: QuerySet, *, user, scoped: bool, today: datetime.date) -> dict:
    """Update requests past their due date with recommendations still awaiting an update, and
    open actions past their deadline. Request titles are the secretariat's correspondence:
    only coordinators get the list; everyone gets the counts."""
    answered = ProgressUpdate.objects.filter(
        recommendation_id=OuterRef("recommendation_id"),
        state__in=[ProgressUpdate.State.SUBMITTED, ProgressUpdate.State.APPROVED],
        submitted_at__gte=OuterRef("updaterequest__created_at"),
    )
    waiting = (
        UpdateRequest.recommendations.through.objects.filter(
            _in_scope(ids), updaterequest__due_date__lt=today
        )
        .exclude(Exists(answered))
        .aggregate(
            requests=Count("updaterequest_id", distinct=True),
            items=Count("recommendation_id", distinct=True),
        )
    )
    actions = overdue_actions(today=today)
    if scoped:
        actions = actions.filter(
            pk__in=Action.recommendations.through.objects.filter(_in_scope(ids)).values("action_id")
        )
    overdue_list = list(
        actions.select_related("lead_institution").order_by("deadline", "title", "pk")[
            : LIST_LIMIT + 1
        ]
    )
    request_list: list = []
    if is_coordinator(user) and waiting["requests"]:
        request_list = list(
            UpdateRequest.objects.filter(
                due_date__lt=today,
                pk__in=UpdateRequest.recommendations.through.objects.filter(_in_scope(ids))
                .exclude(Exists(answered))
                .values("updaterequest_id"),
            ).order_by("due_date", "pk")[:LIST_LIMIT]
        )
    return {
        "overdue_requests": waiting["requests"],
        "overdue_request_items": waiting["items"],
        "overdue_request_list": request_list,
        "overdue_actions": actions.count() if len(overdue_list) > LIST_LIMIT else len(overdue_list),
        "overdue_action_list": overdue_list[:LIST_LIMIT],
    }


def _recent_progress(ids: QuerySet, *, user, scoped: bool) -> list[ProgressUpdate]:
    """Approved updates on the recommendations in scope and on the actions answering them
    (every action when nothing narrows the dashboard), newest first."""
    updates = progress_update_list(user=user).filter(state=ProgressUpdate.State.APPROVED)
    if scoped:
        linked = Action.recommendations.through.objects.filter(_in_scope(ids))
        on_actions = Q(action_id__in=linked.values("action_id"))
    else:
        on_actions = Q(action__isnull=False)
    updates = updates.filter(Q(_in_scope(ids)) | on_actions)
    return list(
        updates.select_related("recommendation__document__mechanism", "action").order_by(
            "-reviewed_at", "-pk"
        )[:RECENT_PROGRESS_LIMIT]
    )


def _months(today: datetime.date, count: int = 12) -> list[datetime.date]:
    months, year, month = [], today.year, today.month
    for _month in range(count):
        months.append(datetime.date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months[::-1]


def _status_over_time(ids: QuerySet, *, today: datetime.date) -> dict:
    """Approved updates on recommendations per month of approval, by the status they report,
    over the last twelve months (this month included)."""
    months = _months(today)
    start = timezone.make_aware(datetime.datetime.combine(months[0], datetime.time.min))
    grouped = (
        ProgressUpdate.objects.filter(
            _in_scope(ids), state=ProgressUpdate.State.APPROVED, reviewed_at__gte=start
        )
        .annotate(month=TruncMonth("reviewed_at"))
        .values("month", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    series = {status: [0] * len(months) for status in STATUS_ORDER}
    index = {month: i for i, month in enumerate(months)}
    for item in grouped:
        month = item["month"]
        month = month.date() if isinstance(month, datetime.datetime) else month
        if month in index and item["status"] in series:
            series[item["status"]][index[month]] += item["n"]
    return {"months": months, "series": series}


def _aggregates(qs, today: datetime.date) -> dict:
    """The dashboard's figures that are the same for every reader who sees the same
    recommendations (and so are cached)."""
    ids = qs.values("pk")
    figures = _by_mechanism_position_status(qs)
    figures.update(
        status_by_theme=_by_theme(qs),
        status_by_sdg=[row for row in sdg_goal_status(qs=qs) if row.total],
        status_by_lead=_by_lead(ids),
        status_over_time=_status_over_time(ids, today=today),
    )
    return figures


@figures_recipe
def dashboard_aggregates_refresh(
    *, user_id: int | None, visibility: str, filters: list, today: str
) -> dict:
    """The dashboard's cached figures again, in a task (rectrack.core.figures)."""
    reader = reader_seeing(user_id, visibility)
    qs = scoped_recommendations(user=reader, filters=filters_from_key(filters))
    return _aggregates(qs, datetime.date.fromisoformat(today))


def dashboard_figures(
    *,
    user,
    filters: RecommendationFilters | None = None,
    today: datetime.date | None = None,
    all_states: bool = False,
) -> dict:
    """Every dashboard figure for the recommendations this user may see, narrowed by the
    list's filters (mechanism, theme, SDG goal, lead institution, cluster ...) and, unless
    `all_states`, to the NMIRF's own State when several are held (the list's default too):
    a fixed number of aggregate queries."""
    today = today or timezone.localdate()
    filters = with_default_state(filters, all_states=all_states)
    qs = scoped_recommendations(user=user, filters=filters)
    ids = qs.values("pk")
    scoped = bool(filters and filters != RecommendationFilters())
    depends_on = (visibility_key(user), filters_key(filters), today)
    refresh = Refresh(
        "rectrack.reports.selectors.dashboard_aggregates_refresh",
        {
            "user_id": user.pk,
            "visibility": visibility_key(user),
            "filters": filters_key(filters),
            "today": today.isoformat(),
        },
    )
    figures = dict(
        cached_figures("dashboard", depends_on, lambda: _aggregates(qs, today), refresh=refresh)
    )
    figures.update(  # what only some readers may see is never cached
        recent_progress=_recent_progress(ids, user=user, scoped=scoped),
        **_overdue(ids, user=user, scoped=scoped, today=today),
    )
    return figures


def mechanism_get(*, code: str) -> Mechanism:
    """A mechanism by its short code, as in the list's filter (any case)."""
    return get_object_or_404(Mechanism, code__iexact=code)
