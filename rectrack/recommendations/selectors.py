"""Reads of recommendations and their taxonomies. Every page, export, report and API call
that lists recommendations goes through recommendation_list, which decides what a viewer
may see and keeps the number of queries constant."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from rectrack.accounts.models import User
from rectrack.recommendations.models import (
    AffectedGroup,
    Document,
    Mechanism,
    Recommendation,
    SdgGoal,
    Theme,
)


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


def _visible(user: User | AnonymousUser) -> QuerySet[Recommendation]:
    """Recommendations are source material: every signed-in, active user may read them all."""
    if not user.is_authenticated or not user.is_active:
        return Recommendation.objects.none()
    return Recommendation.objects.all()


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


def recommendation_list(
    *, user: User | AnonymousUser, filters: RecommendationFilters | None = None
) -> QuerySet[Recommendation]:
    """The recommendations this user may see, filtered; current reviews only unless asked."""
    filters = filters or RecommendationFilters()
    qs = _visible(user)
    if not filters.include_superseded:
        qs = qs.filter(document__status=Document.Status.CURRENT)
    if filters.mechanism:
        qs = qs.filter(document__mechanism=filters.mechanism)
    if filters.document:
        qs = qs.filter(document=filters.document)
    if filters.position:
        qs = qs.filter(position=filters.position)
    if filters.theme:
        theme_links = Recommendation.themes.through.objects.filter(
            theme_id__in=theme_with_descendants_ids(filters.theme)
        ).values("recommendation_id")
        qs = qs.filter(pk__in=theme_links)
    if filters.group:
        qs = qs.filter(affected_groups=filters.group)
    if filters.sdg_goal:
        through = Recommendation.sdg_targets.through.objects
        qs = qs.filter(
            Q(sdg_goals=filters.sdg_goal)
            | Q(pk__in=through.filter(sdgtarget__goal=filters.sdg_goal).values("recommendation_id"))
        )
    if filters.query:
        qs = qs.filter(Q(text__icontains=filters.query) | Q(reference__iexact=filters.query))
    return qs.select_related("document__mechanism", "document__country").prefetch_related(
        "themes", "recommending_countries"
    )


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
