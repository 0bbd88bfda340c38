"""Reads of the lists beside the recommendations: documents, themes, clusters, saved views."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from rectrack.accounts.models import User
from rectrack.recommendations.models import (
    Cluster,
    Document,
    Recommendation,
    SavedView,
    Theme,
)
from rectrack.recommendations.selectors.filters import RecommendationFilters
from rectrack.recommendations.selectors.listing import recommendation_list
from rectrack.recommendations.supplied import SUPPLIED


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
        for theme in sorted(children.get(parent_id, []), key=lambda t: (t.code, t.display_name)):
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
    purpose) with their mechanisms and what follow-up shows of each (actions, lead
    institutions: rectrack.recommendations.supplied), in constant queries."""
    filters = RecommendationFilters(cluster=cluster, include_superseded=True)
    return (
        recommendation_list(user=user, filters=filters)
        .prefetch_related(*(prefetch() for prefetch in SUPPLIED.cluster_prefetches.values()))
        .order_by("document__mechanism__code", "document__date", "pk")
    )


def saved_view_list(*, user: User) -> QuerySet[SavedView]:
    """A user's own saved views; nobody sees another user's."""
    return SavedView.objects.filter(user=user)


def saved_view_get(*, user: User, pk: int) -> SavedView:
    """One of the user's own saved views, or 404 (another user's views do not exist for them)."""
    return get_object_or_404(SavedView, user=user, pk=pk)
