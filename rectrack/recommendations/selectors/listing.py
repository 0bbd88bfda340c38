"""The recommendations list: recommendation_list decides what a viewer may see and keeps the
number of queries constant; every page, export, report and API call goes through it."""

from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from rectrack.accounts.models import User
from rectrack.core.figures import cached_figures
from rectrack.recommendations.models import Document, Recommendation
from rectrack.recommendations.search import recommendation_search
from rectrack.recommendations.selectors.filters import (
    SORTS,
    RecommendationFilters,
    filters_key,
    linked_numbers,
    theme_with_descendants_ids,
)
from rectrack.recommendations.supplied import SUPPLIED, list_filter_apply


def _visible(user: User | AnonymousUser) -> QuerySet[Recommendation]:
    """Recommendations are source material: every signed-in, active user may read them all."""
    if not user.is_authenticated or not user.is_active:
        return Recommendation.objects.none()
    return Recommendation.objects.all()


def visibility_key(user: User | AnonymousUser) -> str:
    """What _visible lets this user see, as a key for cached figures: users who see the same
    recommendations share figures. Change it together with _visible."""
    return "all" if user.is_authenticated and user.is_active else "none"


def reader_seeing(user_id: int | None, visibility: str) -> User | AnonymousUser:
    """The user `user_id` (anonymous if none), for figures computed again in a task: only if
    they still see what `visibility` (visibility_key) said when the task was queued, so that
    figures for fewer readers are never stored as everyone's (a user deactivated since)."""
    user = User.objects.filter(pk=user_id).first() if user_id else None
    reader = user or AnonymousUser()
    if visibility_key(reader) != visibility:
        raise ValueError(f"user {user_id} no longer sees {visibility!r}: figures not stored")
    return reader


def count_by_links(
    qs: QuerySet[Recommendation],
    column: str,
    *also: str,
    expand: Callable[[list[int]], Iterable[int]] | None = None,
) -> dict[tuple, int]:
    """Recommendations of `qs` per linked id (or goal number) in `column`, each counted once
    per id, as {(id, *values of `also`): count}: one grouping of the recommendations by that
    column (read from the index recommendation_facts), split in Python. `expand` maps a
    recommendation's linked ids to the ids it counts for (a theme's broader themes, say);
    each of those counts the recommendation once. The filters of recommendation_list keep
    one row per recommendation, so nothing is counted twice."""
    counts: dict[tuple, int] = {}
    expanded: dict[str, Iterable[int]] = {}
    # COUNT(*), not COUNT(id): PostgreSQL then reads the index recommendation_facts alone.
    rows = qs.order_by().values_list(column, *also).annotate(n=Count("*"))
    for value, *rest, n in rows:
        if value not in expanded:
            ids = linked_numbers(value)
            expanded[value] = set(expand(ids)) if expand else ids
        for pk in expanded[value]:
            key = (pk, *rest)
            counts[key] = counts.get(key, 0) + n
    return counts


# Above this many documents, a document filter stays a subquery rather than a list of ids.


DOCUMENT_IDS_LISTED = 1000


def _apply_document_filters(
    qs: QuerySet[Recommendation], filters: RecommendationFilters
) -> QuerySet[Recommendation]:
    """Filters on the document (review, mechanism, kind, cycle, year, current or superseded).
    When one narrows the documents, they are looked up first (a small table) and the
    recommendations filtered by the documents' ids, so that both databases read the matching
    recommendations from one index (document, position, status) together with the other
    filters, instead of joining every recommendation to its document."""
    documents = Document.objects.all()
    if not filters.include_superseded:
        documents = documents.filter(status=Document.Status.CURRENT)
    narrowing = {
        "mechanism": filters.mechanism,
        "pk": filters.document.pk if filters.document else None,
        "mechanism__kind": filters.kind or None,
        "cycle": filters.cycle,
        "date__year": filters.year,
        "country": filters.state,
    }
    narrowing = {field: value for field, value in narrowing.items() if value is not None}
    if not narrowing:
        if filters.include_superseded:
            return qs
        if not filters.sort:
            return qs.filter(document__status=Document.Status.CURRENT)
        # Sorted: by the current documents' ids, so the sort's index is read in order
        # (joined to the documents, SQLite sorts every current recommendation instead).
    documents = documents.filter(**narrowing)
    ids = list(documents.values_list("pk", flat=True)[: DOCUMENT_IDS_LISTED + 1])
    if len(ids) > DOCUMENT_IDS_LISTED:
        return qs.filter(document__in=documents.values("pk"))
    return qs.filter(document_id__in=ids)


def _apply_source_filters(
    qs: QuerySet[Recommendation], filters: RecommendationFilters
) -> QuerySet[Recommendation]:
    if filters.sdg_target:
        qs = qs.filter(
            pk__in=Recommendation.sdg_targets.through.objects.filter(
                sdgtarget=filters.sdg_target
            ).values("recommendation_id")
        )
    if filters.cluster:
        qs = qs.filter(
            pk__in=Recommendation.clusters.through.objects.filter(cluster=filters.cluster).values(
                "recommendation_id"
            )
        )
    return qs


# The filters follow-up supplies (rectrack.recommendations.supplied), with their unset value.
SUPPLIED_FILTERS = {"lead": None, "has_action": None, "overdue": False}


def _apply_follow_up_filters(
    qs: QuerySet[Recommendation], filters: RecommendationFilters
) -> QuerySet[Recommendation]:
    if filters.status:
        qs = qs.filter(implementation_status=filters.status)
    for name, unset in SUPPLIED_FILTERS.items():
        value = getattr(filters, name)
        if value is not unset:
            qs = list_filter_apply(qs, name, value)
    return qs


def recommendation_list(
    *, user: User | AnonymousUser, filters: RecommendationFilters | None = None
) -> QuerySet[Recommendation]:
    """The recommendations this user may see, filtered; current reviews only unless asked."""
    filters = filters or RecommendationFilters()
    qs = _apply_document_filters(_visible(user), filters)
    if filters.position:
        qs = qs.filter(position=filters.position)
    if filters.theme:
        theme_links = Recommendation.themes.through.objects.filter(
            theme_id__in=theme_with_descendants_ids(filters.theme)
        ).values("recommendation_id")
        qs = qs.filter(pk__in=theme_links)
    if filters.group:
        qs = qs.filter(affected_groups=filters.group)
    if filters.sdg_goal:  # linked directly or through a target; one row per recommendation
        direct = Recommendation.sdg_goals.through.objects.filter(sdggoal=filters.sdg_goal)
        through = Recommendation.sdg_targets.through.objects
        qs = qs.filter(
            Q(pk__in=direct.values("recommendation_id"))
            | Q(pk__in=through.filter(sdgtarget__goal=filters.sdg_goal).values("recommendation_id"))
        )
    qs = _apply_follow_up_filters(_apply_source_filters(qs, filters), filters)
    if filters.query:
        qs = recommendation_search(qs, filters.query)
    if filters.sort in SORTS:
        qs = qs.order_by(*SORTS[filters.sort])
    return _with_list_relations(qs)


def _with_list_relations(qs: QuerySet[Recommendation]) -> QuerySet[Recommendation]:
    """What a list row shows besides the recommendation itself, in two more queries."""
    return qs.select_related("document__mechanism", "document__country").prefetch_related(
        "themes", "recommending_countries"
    )


def recommendation_page(
    *,
    user: User | AnonymousUser,
    filters: RecommendationFilters | None = None,
    number=1,
    size: int | None = None,
) -> Page:
    """One page of recommendation_list, as the list shows it. Which recommendations a page
    holds, and how many there are in all, are kept in the figures cache until the data
    changes (a search over a large collection costs a tenth of a second or more; paging
    back, refreshing the filters or a colleague opening the same saved view costs nothing);
    the rows themselves are always read fresh."""

    size = size or settings.RECTRACK_PAGE_SIZE

    def locate() -> tuple[int, int, list[int]]:
        qs = recommendation_list(user=user, filters=filters).values_list("pk", flat=True)
        page = Paginator(qs, size).get_page(number)
        return page.paginator.count, page.number, list(page.object_list)

    depends_on = (visibility_key(user), filters_key(filters), str(number), size)
    count, found_number, ids = cached_figures("list-page", depends_on, locate)
    # The page's rows by id, still only among those this user may see.
    supplied = [prefetch() for prefetch in SUPPLIED.row_prefetches.values()]  # lead institutions
    rows = _with_list_relations(_visible(user).filter(pk__in=ids)).prefetch_related(*supplied)
    rows = {row.pk: row for row in rows}
    paginator = Paginator([], size)
    paginator.count = count  # a cached_property: set here, so nothing is counted again
    return Page([rows[pk] for pk in ids if pk in rows], found_number, paginator)


def recommendation_get(*, user: User | AnonymousUser, pk: int) -> Recommendation:
    """One recommendation with everything its page shows, or 404 if the user may not see it."""
    qs = (
        _visible(user)
        .select_related("document__mechanism", "document__country", "import_run")
        .prefetch_related(
            "themes__parent",
            "affected_groups",
            "sdg_goals",
            "sdg_targets__goal",
            "clusters",
            "recommending_countries",
        )
    )
    return get_object_or_404(qs, pk=pk)
