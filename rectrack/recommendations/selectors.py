"""Reads of recommendations and their taxonomies. Every page, export, report and API call
that lists recommendations goes through recommendation_list, which decides what a viewer
may see and keeps the number of queries constant."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, Prefetch, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from rectrack.accounts.models import User
from rectrack.core.choices import ImplementationStatus
from rectrack.core.figures import cached_figures
from rectrack.followup.models import Action, Assignment
from rectrack.institutions.models import Institution
from rectrack.recommendations.models import (
    AffectedGroup,
    Cluster,
    Country,
    Document,
    Mechanism,
    Recommendation,
    SavedView,
    SdgGoal,
    SdgTarget,
    Theme,
)
from rectrack.recommendations.search import recommendation_search


@dataclass(frozen=True)
class RecommendationFilters:
    """The basic filters of the recommendations list; None means 'any'."""

    query: str = ""
    mechanism: Mechanism | None = None
    document: Document | None = None
    position: str = ""
    theme: Theme | None = None
    group: AffectedGroup | None = None
    sdg_goal: SdgGoal | None = None
    include_superseded: bool = False
    kind: str = ""
    cycle: int | None = None
    year: int | None = None
    sdg_target: SdgTarget | None = None
    cluster: Cluster | None = None
    lead: Institution | None = None
    status: str = ""
    has_action: bool | None = None
    overdue: bool = False
    state: Country | None = None
    sort: str = ""


# The list's orders (the `sort` parameter): references in natural order (121.2 before
# 121.10), from the stored key; each ends on the id so pages never overlap.
SORTS = {
    "reference": ("reference_key", "id"),  # read in the index's order: no sort at all
    "-reference": ("-reference_key", "-id"),
    "date": ("document__date", "document_id", "reference_key", "id"),
    "-date": ("-document__date", "document_id", "reference_key", "id"),
    "mechanism": (
        "document__mechanism__code",
        "-document__date",
        "document_id",
        "reference_key",
        "id",
    ),
    # Statuses in the order people read them (not started ... no information).
    "status": (
        Case(
            *(
                When(implementation_status=value, then=Value(index))
                for index, value in enumerate(ImplementationStatus.values)
            ),
            default=Value(len(ImplementationStatus.values)),
        ),
        "reference_key",
        "id",
    ),
}


def default_state() -> Country | None:
    """The NMIRF's own State (settings.RECTRACK_STATE, an ISO code) when the database holds
    the reviews of several States: lists and dashboards show it unless asked for all."""
    code = (settings.RECTRACK_STATE or "").strip()
    if not code:
        return None

    def read() -> Country | None:
        states = Document.objects.exclude(country=None).values("country_id").distinct()
        if len(states[:2]) < 2:
            return None
        return Country.objects.filter(iso_code__iexact=code).first()

    return cached_figures("default-state", (code.upper(),), read)


def with_default_state(
    filters: RecommendationFilters | None, *, all_states: bool = False
) -> RecommendationFilters:
    """The filters narrowed to the NMIRF's own State (default_state) when they choose none,
    unless all States are asked for: what the dashboards' figures count by default."""
    filters = filters or RecommendationFilters()
    if filters.state is None and not all_states:
        state = default_state()
        if state is not None:
            return replace(filters, state=state)
    return filters


def states_under_review() -> QuerySet[Country]:
    """The States that reviews in the database are about (not those recommending)."""
    return Country.objects.filter(pk__in=Document.objects.values("country_id"))


def _visible(user: User | AnonymousUser) -> QuerySet[Recommendation]:
    """Recommendations are source material: every signed-in, active user may read them all."""
    if not user.is_authenticated or not user.is_active:
        return Recommendation.objects.none()
    return Recommendation.objects.all()


def visibility_key(user: User | AnonymousUser) -> str:
    """What _visible lets this user see, as a key for cached figures: users who see the same
    recommendations share figures. Change it together with _visible."""
    return "all" if user.is_authenticated and user.is_active else "none"


def filters_key(filters: RecommendationFilters | None) -> tuple:
    """The filters as plain values (records by their ids), for cache keys."""
    filters = filters or RecommendationFilters()
    return tuple(
        (name, getattr(value, "pk", value)) for name, value in sorted(vars(filters).items())
    )


def linked_numbers(value: str) -> list[int]:
    """The ids or numbers held in one of the columns the database keeps of a recommendation's
    links (Recommendation.linked_theme_ids, linked_goal_numbers)."""
    return [int(part) for part in value.split(",") if part]


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


def theme_lineage() -> dict[int, list[int]]:
    """Every theme's ancestors from the top of the tree down, then the theme itself (the
    tree is small: walked in memory)."""
    parents = dict(Theme.objects.values_list("pk", "parent_id"))
    lineage: dict[int, list[int]] = {}
    for pk in parents:
        chain, current = [], pk
        while current is not None and current in parents and current not in chain:
            chain.append(current)
            current = parents[current]
        lineage[pk] = chain[::-1]
    return lineage


def theme_with_descendants_ids(theme: Theme) -> set[int]:
    """A theme filter also matches its narrower themes (the tree is small: walk it in memory)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Theme.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, stack = set(), [theme.pk]
    while stack:
        pk = stack.pop()
        if pk not in found:
            found.add(pk)
            stack.extend(children.get(pk, []))
    return found


def overdue_actions() -> QuerySet[Action]:
    """Actions past their deadline and still open (neither completed nor cancelled)."""
    return Action.objects.filter(
        deadline__lt=timezone.localdate(),
        status__in=[Action.Status.PLANNED, Action.Status.ONGOING, Action.Status.DELAYED],
    )


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


def _apply_follow_up_filters(
    qs: QuerySet[Recommendation], filters: RecommendationFilters
) -> QuerySet[Recommendation]:
    if filters.lead:
        qs = qs.filter(
            pk__in=Assignment.objects.filter(
                institution=filters.lead, role=Assignment.Role.LEAD
            ).values("recommendation_id")
        )
    if filters.status:
        qs = qs.filter(implementation_status=filters.status)
    if filters.has_action is not None:
        answered = Action.recommendations.through.objects.values("recommendation_id")
        qs = qs.filter(pk__in=answered) if filters.has_action else qs.exclude(pk__in=answered)
    if filters.overdue:
        qs = qs.filter(
            pk__in=Action.recommendations.through.objects.filter(
                action__in=overdue_actions()
            ).values("recommendation_id")
        )
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
    leads = Prefetch(
        "assignments",
        queryset=Assignment.objects.filter(role=Assignment.Role.LEAD).select_related("institution"),
        to_attr="lead_assignments",
    )
    rows = _with_list_relations(_visible(user).filter(pk__in=ids)).prefetch_related(leads)
    rows = {row.pk: row for row in rows}
    paginator = Paginator([], size)
    paginator.count = count  # a cached_property: set here, so nothing is counted again
    return Page([rows[pk] for pk in ids if pk in rows], found_number, paginator)


BULK_CONFIRM_ABOVE = 20  # a bulk step over more recommendations asks to be confirmed
SELECTION_SAMPLE = 10


@dataclass(frozen=True)
class Selection:
    """What a bulk step applies to: `recommendations` (a queryset), or `problems` naming what
    was wrong with the selection, in which case the step must change nothing."""

    recommendations: QuerySet[Recommendation]
    count: int
    problems: tuple[str, ...] = ()

    @property
    def needs_confirmation(self) -> bool:
        return self.count > BULK_CONFIRM_ABOVE

    def sample(self) -> list[Recommendation]:
        return list(self.recommendations[:SELECTION_SAMPLE])

    def ids(self) -> list[int]:
        return list(self.recommendations.values_list("pk", flat=True))


def recommendation_selection(
    *,
    user: User | AnonymousUser,
    ids: Iterable[str] | None = None,
    filters: RecommendationFilters | None = None,
) -> Selection:
    """The ticked recommendations (`ids`, numbers as typed or posted, commas allowed), or,
    without ids, every one matching `filters`. Ticked ids that are not numbers, that do not
    exist or that this user may not see, and those of superseded reviews, are named."""
    if ids is None:
        qs = recommendation_list(user=user, filters=filters)
        return Selection(recommendations=qs, count=qs.count())
    wanted, problems = [], []
    for token in (part.strip() for value in ids for part in str(value).split(",")):
        if token.isdigit():
            wanted.append(int(token))
        elif token:
            problems.append(_("“%(value)s” is not a recommendation number.") % {"value": token})
    wanted = list(dict.fromkeys(wanted))
    found = {
        row.pk: row
        for row in recommendation_list(
            user=user, filters=RecommendationFilters(include_superseded=True)
        ).filter(pk__in=wanted)
    }
    missing = [str(pk) for pk in wanted if pk not in found]
    if missing:
        problems.append(
            _("These recommendations do not exist or you may not see them: %(ids)s.")
            % {"ids": ", ".join(missing)}
        )
    superseded = [
        str(found[pk]) for pk in wanted if pk in found and not found[pk].document.is_current
    ]
    if superseded:
        problems.append(
            _("These recommendations are in superseded reviews: %(names)s.")
            % {"names": "; ".join(superseded)}
        )
    if not wanted and not problems:
        problems.append(_("Tick at least one recommendation, or choose all matching ones."))
    qs = recommendation_list(
        user=user, filters=RecommendationFilters(include_superseded=True, sort="reference")
    ).filter(pk__in=wanted)
    return Selection(recommendations=qs, count=len(found), problems=tuple(problems))


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


def document_list() -> QuerySet[Document]:
    """Documents for filter menus, newest first."""
    return Document.objects.select_related("mechanism", "country")


def theme_tree() -> list[tuple[Theme, int]]:
    """Themes in tree order with their depth, for indented menus."""
    themes = list(Theme.objects.all())
    children: dict[int | None, list[Theme]] = {}
    for theme in themes:
        children.setdefault(theme.parent_id, []).append(theme)
    ordered: list[tuple[Theme, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for theme in sorted(children.get(parent_id, []), key=lambda t: (t.code, t.name)):
            ordered.append((theme, depth))
            walk(theme.pk, depth + 1)

    walk(None, 0)
    return ordered


def cluster_list() -> QuerySet[Cluster]:
    """Clusters with their lead institution and how many current recommendations they hold."""
    current = Q(recommendations__document__status=Document.Status.CURRENT)
    return Cluster.objects.select_related("lead_institution").annotate(
        recommendation_count=Count("recommendations", filter=current, distinct=True)
    )


def cluster_get(*, pk: int) -> Cluster:
    return get_object_or_404(Cluster.objects.select_related("lead_institution"), pk=pk)


def cluster_recommendations(
    *, user: User | AnonymousUser, cluster: Cluster
) -> QuerySet[Recommendation]:
    """A cluster's recommendations (superseded reviews included: they were put there on
    purpose) with their mechanisms, actions and lead institutions, in constant queries."""
    filters = RecommendationFilters(cluster=cluster, include_superseded=True)
    return (
        recommendation_list(user=user, filters=filters)
        .prefetch_related(
            Prefetch("actions", queryset=Action.objects.order_by("deadline", "title")),
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(role=Assignment.Role.LEAD).select_related(
                    "institution"
                ),
                to_attr="lead_assignments",
            ),
        )
        .order_by("document__mechanism__code", "document__date", "pk")
    )


def saved_view_list(*, user: User) -> QuerySet[SavedView]:
    """A user's own saved views; nobody sees another user's."""
    return SavedView.objects.filter(user=user)


def saved_view_get(*, user: User, pk: int) -> SavedView:
    """One of the user's own saved views, or 404 (another user's views do not exist for them)."""
    return get_object_or_404(SavedView, user=user, pk=pk)
