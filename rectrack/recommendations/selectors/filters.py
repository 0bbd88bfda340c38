"""The filters of a recommendations list: what they are, their sort orders, the NMIRF's own
State by default, and the themes' lineage they widen to."""

from dataclasses import dataclass, replace

from django.conf import settings
from django.db.models import Case, QuerySet, Value, When

from rectrack.core.choices import ImplementationStatus
from rectrack.core.figures import cached_figures
from rectrack.institutions.models import Institution
from rectrack.recommendations.models import (
    AffectedGroup,
    Cluster,
    Country,
    Document,
    Mechanism,
    SdgGoal,
    SdgTarget,
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


def filters_key(filters: RecommendationFilters | None) -> tuple:
    """The filters as plain values (records by their ids), for cache keys."""
    filters = filters or RecommendationFilters()
    return tuple(
        (name, getattr(value, "pk", value)) for name, value in sorted(vars(filters).items())
    )


# The filters that name a record, and its model (for filters_from_key).
RECORD_FILTERS = {
    "mechanism": Mechanism,
    "document": Document,
    "theme": Theme,
    "group": AffectedGroup,
    "sdg_goal": SdgGoal,
    "sdg_target": SdgTarget,
    "cluster": Cluster,
    "lead": Institution,
    "state": Country,
}


def filters_from_key(key) -> RecommendationFilters:
    """The filters filters_key gave, as a task receives them (lists for tuples). A record
    deleted since raises its model's DoesNotExist: those figures are wanted by nobody."""
    values = {}
    for name, value in key:
        model = RECORD_FILTERS.get(name)
        if model is not None and value is not None:
            value = model.objects.get(pk=value)
        values[name] = value
    return RecommendationFilters(**values)


def linked_numbers(value: str) -> list[int]:
    """The ids or numbers held in one of the columns the database keeps of a recommendation's
    links (Recommendation.linked_theme_ids, linked_goal_numbers)."""
    return [int(part) for part in value.split(",") if part]


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
