"""What a higher app adds to the recommendations list and a recommendation's page, so that
this app imports none above it (../shared/STYLE.md: follow-up uses recommendations, never
the reverse). Follow-up registers its parts when Django starts (FollowupConfig.ready, in
followup/supplies.py):

- the list's follow-up filters, by the RecommendationFilters field they read (`lead`,
  `has_action`, `overdue`): how each narrows the recommendations, and how its facet counts;
- what each row of the list, and of a cluster's page, shows of follow-up (lead
  institutions, actions): prefetches;
- parts of the pages: the follow-up panel of a recommendation's page, the bulk assignment
  form under the list, the list's bulk steps (plan an action, request updates).

Why supplied rather than one app: recommendations (what was received, its taxonomy) stands
on its own for the public portal and the imports, which need no follow-up, and its
migrations and tables keep their app. A filter set with nobody supplying it raises rather
than being dropped: a list must never silently show more than was asked for.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Prefetch, QuerySet


@dataclass(frozen=True)
class ListFilter:
    """A filter of the list supplied by another app: `narrow(qs, value)` keeps the
    recommendations matching a set value; `count(qs)` gives the facet's counts over `qs`
    (the list with every other filter), as {url value: count}."""

    narrow: Callable[[QuerySet, Any], QuerySet]
    count: Callable[[QuerySet], dict[str, int]]


@dataclass(frozen=True)
class PagePart:
    """A part of a page: its template and what it shows (the template's context)."""

    template: str
    context: dict


@dataclass
class Supplied:
    filters: dict[str, ListFilter] = field(default_factory=dict)
    # (to_attr or lookup) -> a function making the Prefetch, for list rows and cluster pages
    row_prefetches: dict[str, Callable[[], Prefetch]] = field(default_factory=dict)
    cluster_prefetches: dict[str, Callable[[], Prefetch]] = field(default_factory=dict)
    # (user, recommendation) -> PagePart | None: under a recommendation's text
    detail_parts: list[Callable[..., PagePart | None]] = field(default_factory=list)
    # (request, page) -> PagePart | None: under the list, filled in again with the results
    list_parts: list[Callable[..., PagePart | None]] = field(default_factory=list)
    # the list's bulk steps: step name -> the URL name the selected recommendations go to
    selection_steps: dict[str, str] = field(default_factory=dict)


SUPPLIED = Supplied()


def list_filter_apply(qs: QuerySet, name: str, value) -> QuerySet:
    """Narrow `qs` by the supplied filter `name` (a set value only)."""
    supplied = SUPPLIED.filters.get(name)
    if supplied is None:
        raise ImproperlyConfigured(
            f"the recommendations list was filtered by {name!r}, which no installed app "
            "supplies (rectrack.recommendations.supplied)"
        )
    return supplied.narrow(qs, value)
