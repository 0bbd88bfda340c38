"""Recommendations: the same list, filters, facets and full-text query as the web search
(recommendation_list and RecommendationFilterForm), and the secretariat's decisions on
one recommendation (who is responsible, its status)."""

import datetime
from typing import Literal

from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from rectrack.api.errors import ErrorOut, InvalidInput, InvalidOut, UnknownRecords, form_errors
from rectrack.api.pagination import PageOut, PageQuery, page_of
from rectrack.api.schemas import (
    Choice,
    DocumentRef,
    Id,
    InstitutionRef,
    NamedRef,
    Text,
    ThemeRef,
    TranslatedRef,
)
from rectrack.core.choices import ImplementationStatus
from rectrack.followup.models import Assignment
from rectrack.followup.services.planning import assignment_set
from rectrack.followup.services.updates import recommendation_status_set
from rectrack.institutions.models import Institution
from rectrack.recommendations.facets import recommendation_facets
from rectrack.recommendations.forms import RecommendationFilterForm
from rectrack.recommendations.models import Mechanism, Recommendation
from rectrack.recommendations.selectors import (
    RecommendationFilters,
    recommendation_get,
    recommendation_page,
)

router = Router(tags=["Recommendations"])


class RecommendationQuery(Schema):
    """The web list's filters, under the same names (a list's address works here too)."""

    q: Text | None = Field(
        None, max_length=200, description="Words of the text (full-text search) or a reference."
    )
    mechanism: Text | None = Field(None, description="A mechanism's code, e.g. CEDAW.")
    document: Id | None = Field(None, description="A document's id.")
    position: Choice[Recommendation.Position] | None = None
    theme: Id | None = Field(None, description="A theme's id; its narrower themes match too.")
    group: Id | None = Field(None, description="An affected group's id.")
    sdg: int | None = Field(None, ge=1, le=17, description="An SDG goal's number.")
    target: Text | None = Field(None, max_length=8, description="An SDG target's code, e.g. 5.2.")
    kind: Choice[Mechanism.Kind] | None = None
    cycle: int | None = Field(None, ge=1, le=100, description="A UPR cycle.")
    year: int | None = Field(None, ge=1900, le=2200, description="The document's year.")
    cluster: Id | None = Field(None, description="A cluster's id.")
    lead: Id | None = Field(None, description="The lead institution's id.")
    status: Choice[ImplementationStatus] | None = None
    has_action: Literal["yes", "no"] | None = None
    overdue: bool = Field(False, description="Only those with an overdue action.")
    superseded: bool = Field(False, description="Include recommendations of superseded reviews.")
    state: Text | None = Field(
        None,
        description="A State under review's id, or 'all'. Without it, the NMIRF's own State "
        "(RECTRACK_STATE) when the database holds several.",
    )
    sort: Literal["reference", "-reference", "date", "-date", "mechanism", "status"] | None = Field(
        None, description="The order: references in natural order (121.2 before 121.10)."
    )

    def to_filters(self) -> RecommendationFilters:
        """Checked by the web list's own form, so both accept and refuse the same values."""
        data = {
            name: str(value)
            for name, value in self.model_dump().items()
            if value is not None and name not in {"overdue", "superseded"}
        }
        if self.overdue:
            data["overdue"] = "yes"
        if self.superseded:
            data["superseded"] = "on"
        form = RecommendationFilterForm(data)
        if not form.is_valid():
            errors = form.errors.as_data()
            unknown = [
                name
                for name, problems in errors.items()
                if all(problem.code == "invalid_choice" for problem in problems)
            ]
            if unknown and len(unknown) == len(errors):  # records that do not exist: 404
                values = ", ".join(f"{name}={data[name]}" for name in unknown)
                message = _("These do not exist: %(values)s.") % {"values": values}
                raise UnknownRecords(field=", ".join(unknown), message=message, location="query")
            raise InvalidInput(form_errors(form), location="query")
        return form.to_filters()


class AssignmentOut(Schema):
    institution: InstitutionRef
    role: Choice[Assignment.Role]


class RecommendationOut(Schema):
    id: int
    reference: str
    heading: str
    text: str
    document: DocumentRef
    position: str = Field(description="Supported, noted…; empty when not known.")
    type: Choice[Recommendation.Type]
    date: datetime.date | None
    recommending_states: list[str]
    themes: list[ThemeRef]
    affected_groups: list[TranslatedRef]
    sdg_goals: list[int]
    sdg_targets: list[str]
    clusters: list[NamedRef]
    implementation_status: Choice[ImplementationStatus]
    action_category: int | None = Field(
        description="UPR Info's category of the action the recommendation asks for: 1 "
        "(minimal), 2 (continuing), 3 (considering), 4 (general) or 5 (specific action); "
        "null when no UPR Info export gave one.",
        ge=1,
        le=5,
        examples=[5],
    )
    web_url: str

    @staticmethod
    def resolve_recommending_states(obj) -> list[str]:
        return [country.name for country in obj.recommending_countries.all()]

    @staticmethod
    def resolve_sdg_goals(obj) -> list[int]:
        return [goal.number for goal in obj.sdg_goals.all()]

    @staticmethod
    def resolve_sdg_targets(obj) -> list[str]:
        return [target.code for target in obj.sdg_targets.all()]

    @staticmethod
    def resolve_web_url(obj, context) -> str:
        url = reverse("recommendations:detail", args=[obj.pk])
        return context["request"].build_absolute_uri(url)


class RecommendationDetailOut(RecommendationOut):
    assignments: list[AssignmentOut]
    action_ids: list[int]

    @staticmethod
    def resolve_assignments(obj) -> list:
        return list(obj.assignments.select_related("institution").order_by("role", "pk"))

    @staticmethod
    def resolve_action_ids(obj) -> list[int]:
        return sorted(action.pk for action in obj.actions.all())


class AssignmentIn(Schema):
    role: Choice[Assignment.Role]


class StatusIn(Schema):
    status: Choice[ImplementationStatus]
    narrative: Text = Field("", max_length=10_000)


class StatusOut(Schema):
    id: int
    implementation_status: Choice[ImplementationStatus]


LIST_EXTRAS = ("affected_groups", "sdg_goals", "sdg_targets", "clusters")


@router.get(
    "/recommendations",
    response={200: PageOut[RecommendationOut], 422: InvalidOut},
    operation_id="listRecommendations",
)
def recommendations(request, filters: Query[RecommendationQuery], paging: Query[PageQuery]):
    """The recommendations the caller may read, filtered and searched as on the web list
    (current reviews only unless `superseded`), newest documents first, or best matches
    first with a text query."""
    page = recommendation_page(
        user=request.user,
        filters=filters.to_filters(),
        number=paging.page,
        size=paging.page_size,
    )
    rows = page.object_list
    prefetch_related_objects(rows, *LIST_EXTRAS)  # what the web list does not show
    return page_of(
        request, rows, count=page.paginator.count, number=paging.page, size=paging.page_size
    )


@router.get(
    "/recommendations/facets",
    response={200: dict[str, dict[str, int]], 422: InvalidOut},
    operation_id="countRecommendationFacets",
)
def facets(request, filters: Query[RecommendationQuery]):
    """How many recommendations each filter value would give, with the other filters
    applied: {facet: {value: count}}, as the web list's menus show them."""
    return recommendation_facets(user=request.user, filters=filters.to_filters())


@router.get(
    "/recommendations/{recommendation_id}",
    response=RecommendationDetailOut,
    operation_id="getRecommendation",
)
def recommendation(request, recommendation_id: Id):
    return recommendation_get(user=request.user, pk=recommendation_id)


@router.put(
    "/recommendations/{recommendation_id}/assignments/{institution_id}",
    response={200: AssignmentOut, 403: ErrorOut, 404: ErrorOut},
    operation_id="assignInstitution",
)
def assign(request, recommendation_id: Id, institution_id: Id, body: AssignmentIn):
    """Make an institution lead or supporting on a recommendation (coordinators). A new lead
    replaces the old one, who stays on as supporting."""
    recommendation = recommendation_get(user=request.user, pk=recommendation_id)
    institution = get_object_or_404(Institution, pk=institution_id)
    return assignment_set(
        recommendation=recommendation, institution=institution, role=body.role, user=request.user
    )


@router.post(
    "/recommendations/{recommendation_id}/status",
    response={200: StatusOut, 403: ErrorOut, 404: ErrorOut},
    operation_id="setRecommendationStatus",
)
def set_status(request, recommendation_id: Id, body: StatusIn):
    """Set the implementation status directly (coordinators); kept as an approved progress
    update marked as set directly."""
    recommendation = recommendation_get(user=request.user, pk=recommendation_id)
    recommendation_status_set(
        recommendation=recommendation,
        status=body.status,
        user=request.user,
        narrative=body.narrative,
    )
    recommendation.refresh_from_db(fields=["implementation_status"])
    return recommendation
