"""Facet counts of the recommendations list.

Counting is disjunctive: each facet is counted over the list filtered by every *other*
filter (its own left out), so the count beside an option is exactly what choosing that
option would show, and the other options of the chosen facet stay visible. Every facet is
one aggregate query over recommendation_list, so what a viewer may see is decided in one
place. Counts are keyed by the value the filter takes in the URL.

A broader theme counts the recommendations tagged with it or with any of its narrower
themes, once each, as filtering by it does; SDG goals count direct links and links through
their targets, once each. Both come from one grouping by the links the database keeps on
each recommendation (selectors.count_by_links), not from the link tables.
"""

from dataclasses import replace

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, QuerySet
from django.utils import timezone

from rectrack.accounts.models import User
from rectrack.core.figures import Refresh, cached_figures, figures_recipe
from rectrack.recommendations.models import Document, Recommendation
from rectrack.recommendations.selectors import (
    RecommendationFilters,
    count_by_links,
    filters_from_key,
    filters_key,
    reader_seeing,
    recommendation_list,
    theme_lineage,
    visibility_key,
)
from rectrack.recommendations.supplied import SUPPLIED

Counts = dict[str, int]

# Facets of a recommendation's own columns and its document's: facet name (the URL
# parameter) -> the filter it leaves out. All of them are counted from one grouping by
# (document, position, status) per distinct set of filters, read from one narrow index.
SINGLE_VALUED = {
    "mechanism": "mechanism",
    "kind": "kind",
    "document": "document",
    "cycle": "cycle",
    "year": "year",
    "position": "position",
    "status": "status",
    "state": "state",
}
# Facets of links (one recommendation, several values): facet -> (filter, what to group by)
GROUPED = {
    "group": ("group", "affected_groups"),
    "target": ("sdg_target", "sdg_targets__code"),
    "cluster": ("cluster", "clusters"),
}
EMPTY = {
    "mechanism": None,
    "kind": "",
    "document": None,
    "cycle": None,
    "position": "",
    "theme": None,
    "group": None,
    "sdg_target": None,
    "cluster": None,
    "status": "",
    "year": None,
    "sdg_goal": None,
    "lead": None,
    "has_action": None,
    "overdue": False,
    "state": None,
}


def _base(user, filters: RecommendationFilters, left_out: str) -> QuerySet[Recommendation]:
    without = replace(filters, **{left_out: EMPTY[left_out]})
    return recommendation_list(user=user, filters=without).prefetch_related(None).order_by()


def grouped_counts(qs: QuerySet[Recommendation], key: str) -> Counts:
    """Recommendations of `qs` per value of `key` (a column or a link), each counted once."""
    rows = qs.values(key).annotate(n=Count("pk", distinct=True)).values_list(key, "n")
    return {str(value): n for value, n in rows if value is not None and value != ""}


def _single_valued_counts(user, filters: RecommendationFilters) -> dict[str, Counts]:
    """The single-valued facets. A facet whose own filter is not set is counted over the
    list as filtered; one whose filter is set, over the list without it. Each distinct set
    of filters is grouped once by (document, position, status), and the groups are added up
    per facet in Python with each document's mechanism, kind, cycle and year."""
    documents = {
        pk: {
            "mechanism": code,
            "kind": kind,
            "document": pk,
            "cycle": cycle,
            "year": date,
            "state": state,
        }
        for pk, code, kind, cycle, date, state in Document.objects.values_list(
            "pk", "mechanism__code", "mechanism__kind", "cycle", "date", "country_id"
        )
    }
    groups_by_base: dict[str, list] = {}
    facets: dict[str, Counts] = {}
    for facet, left_out in SINGLE_VALUED.items():
        base = "" if getattr(filters, left_out) == EMPTY[left_out] else left_out
        if base not in groups_by_base:
            groups_by_base[base] = list(
                _base(user, filters, left_out)
                .values_list("document_id", "position", "implementation_status")
                .annotate(n=Count("pk", distinct=True))
                .order_by()
            )
        counts: Counts = {}
        for document_id, position, status, n in groups_by_base[base]:
            if facet == "position":
                value = position
            elif facet == "status":
                value = status
            else:
                value = documents.get(document_id, {}).get(facet)
                value = value.year if facet == "year" and value is not None else value
            if value is not None and value != "":
                counts[str(value)] = counts.get(str(value), 0) + n
        facets[facet] = counts
    return facets


def _sdg_goal_counts(qs: QuerySet[Recommendation]) -> Counts:
    """A goal counts recommendations linked to it or to one of its targets, once each."""
    return {str(number): n for (number,), n in count_by_links(qs, "linked_goal_numbers").items()}


def _theme_counts(qs: QuerySet[Recommendation]) -> Counts:
    """Each theme counts the recommendations linked to it or to a narrower theme, once each."""
    lineage = theme_lineage()
    counts = count_by_links(
        qs,
        "linked_theme_ids",
        expand=lambda ids: (theme for pk in ids for theme in lineage.get(pk, ())),
    )
    return {str(pk): n for (pk,), n in counts.items()}


def yes_no_counts(qs: QuerySet[Recommendation], condition) -> Counts:
    """Recommendations of `qs` for which `condition` holds ("yes") and does not ("no")."""
    rows = qs.annotate(flag=condition).values("flag").annotate(n=Count("pk"))
    rows = rows.values_list("flag", "n")
    counts = {"yes" if flag else "no": n for flag, n in rows}
    return {name: n for name, n in counts.items() if n}


def recommendation_facets(
    *, user: User | AnonymousUser, filters: RecommendationFilters | None = None
) -> dict[str, Counts]:
    """The count of each value of each facet, as {facet: {url value: count}}; cached until
    the data changes (rectrack.core.figures)."""
    # The order of the list does not change its counts: one set of counts for every order.
    filters = replace(filters or RecommendationFilters(), sort="")
    depends_on = (visibility_key(user), filters_key(filters), timezone.localdate())
    refresh = Refresh(
        "rectrack.recommendations.facets.facets_refresh",
        {"user_id": user.pk, "visibility": visibility_key(user), "filters": filters_key(filters)},
    )
    return cached_figures("facets", depends_on, lambda: _facets(user, filters), refresh=refresh)


@figures_recipe
def facets_refresh(*, user_id: int | None, visibility: str, filters: list) -> dict[str, Counts]:
    """The facet counts again, in a task (rectrack.core.figures), for a reader who still
    sees what the figures are keyed by."""
    return _facets(reader_seeing(user_id, visibility), filters_from_key(filters))


def _facets(user, filters: RecommendationFilters) -> dict[str, Counts]:
    facets = _single_valued_counts(user, filters)
    facets.update(
        {
            name: grouped_counts(_base(user, filters, left_out), key)
            for name, (left_out, key) in GROUPED.items()
        }
    )
    facets["theme"] = _theme_counts(_base(user, filters, "theme"))
    facets["sdg"] = _sdg_goal_counts(_base(user, filters, "sdg_goal"))
    for name, supplied in SUPPLIED.filters.items():  # follow-up's: lead, has_action, overdue
        facets[name] = supplied.count(_base(user, filters, name))
    return facets
