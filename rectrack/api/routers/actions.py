"""The implementation plan: actions (who does what by when, with what budget), their
indicators and the indicators' measurements. Every signed-in user reads the plan;
coordinators change it; focal points report on the actions of their institutions."""

import datetime
from decimal import Decimal

from ninja import Field, Query, Router, Schema, Status

from rectrack.api.errors import ConflictOut, ErrorOut, InvalidOut
from rectrack.api.pagination import PageOut, PageQuery, paged
from rectrack.api.resolve import record, records
from rectrack.api.schemas import (
    Choice,
    Date,
    Id,
    InstitutionRef,
    Money,
    RecommendationRef,
    Text,
    Value,
)
from rectrack.followup import selectors
from rectrack.followup.models import Action, Indicator
from rectrack.followup.services.planning import (
    action_create,
    action_delete,
    action_update,
    measurement_add,
)
from rectrack.institutions.models import Institution
from rectrack.recommendations.models import Recommendation, SdgTarget

router = Router(tags=["Implementation plan"])


class ActionOut(Schema):
    id: int
    title: str
    description: str
    lead_institution: InstitutionRef
    supporting_institutions: list[InstitutionRef]
    start_date: datetime.date | None
    deadline: datetime.date | None
    budget_amount: Decimal | None
    budget_currency: str
    funding_source: str
    status: Choice[Action.Status]
    is_overdue: bool
    version: int = Field(description="Send it back when changing the action (PATCH).")
    recommendation_count: int


class ActionDetailOut(ActionOut):
    recommendations: list[RecommendationRef]
    sdg_targets: list[str]
    indicator_ids: list[int]

    @staticmethod
    def resolve_sdg_targets(obj) -> list[str]:
        return [target.code for target in obj.sdg_targets.all()]

    @staticmethod
    def resolve_indicator_ids(obj) -> list[int]:
        return [indicator.pk for indicator in obj.indicators.all()]


class ActionQuery(Schema):
    status: Choice[Action.Status] | None = None
    institution: Id | None = Field(None, description="Led or supported by this institution.")
    overdue: bool = Field(False, description="Past the deadline and still open.")


class ActionIn(Schema):
    title: Text = Field(min_length=1, max_length=255)
    description: Text = ""
    lead_institution: Id
    supporting_institutions: list[Id] = []
    recommendations: list[Id] = []
    sdg_targets: list[Text] = Field([], description="Target codes, e.g. 5.2.")
    start_date: Date | None = None
    deadline: Date | None = None
    budget_amount: Money | None = None
    budget_currency: Text = Field("", max_length=3)
    funding_source: Text = Field("", max_length=255)
    status: Choice[Action.Status] = Action.Status.PLANNED


class ActionPatch(Schema):
    """Only the fields sent are changed (null empties the dates and the budget); `version` is
    the one read. Changes saved by others since then are kept: fields you do not send stay
    theirs, and a field you send that they changed to another value is refused (409 naming
    it in `fields`, with their changes), so nobody overwrites a colleague's change
    unknowingly."""

    version: int = Field(ge=1, le=2_147_483_647)
    title: Text | None = Field(None, min_length=1, max_length=255)
    description: Text | None = None
    lead_institution: Id | None = None
    supporting_institutions: list[Id] | None = None
    recommendations: list[Id] | None = None
    sdg_targets: list[Text] | None = None
    start_date: Date | None = None
    deadline: Date | None = None
    budget_amount: Money | None = None
    budget_currency: Text | None = Field(None, max_length=3)
    funding_source: Text | None = Field(None, max_length=255)
    status: Choice[Action.Status] | None = None


class MeasurementOut(Schema):
    id: int
    date: datetime.date
    value: Decimal
    note: str


class MeasurementIn(Schema):
    date: Date
    value: Value
    note: Text = Field("", max_length=255)


class IndicatorOut(Schema):
    id: int
    title: str
    unit: str
    baseline_value: Decimal | None
    baseline_year: int | None
    target_value: Decimal | None
    target_year: int | None
    data_source: str
    action_ids: list[int]
    measurements: list[MeasurementOut]

    @staticmethod
    def resolve_action_ids(obj) -> list[int]:
        return [action.pk for action in obj.actions.all()]


# Fields a PATCH may empty by sending null; a null for any other field changes nothing.
CLEARABLE = {"start_date", "deadline", "budget_amount"}


def _arguments(body: dict) -> tuple[dict, dict]:
    """The service's fields and links from a request body, every id checked."""
    fields, links = dict(body), {}
    if fields.get("lead_institution") is not None:
        fields["lead_institution"] = record(
            Institution.objects.all(), fields["lead_institution"], field="lead_institution"
        )
    if fields.get("supporting_institutions") is not None:
        links["supporting_institutions"] = records(
            Institution.objects.all(),
            fields.pop("supporting_institutions"),
            field="supporting_institutions",
        )
    if fields.get("recommendations") is not None:
        links["recommendations"] = records(
            Recommendation.objects.all(), fields.pop("recommendations"), field="recommendations"
        )
    if fields.get("sdg_targets") is not None:
        links["sdg_targets"] = records(
            SdgTarget.objects.all(), fields.pop("sdg_targets"), field="sdg_targets", key="code"
        )
    kept = {name: value for name, value in fields.items() if value is not None or name in CLEARABLE}
    return kept, links


@router.get("/actions", response=PageOut[ActionOut], operation_id="listActions")
def actions(request, filters: Query[ActionQuery], paging: Query[PageQuery]):
    """The plan's actions by deadline."""
    institution = None
    if filters.institution:
        institution = record(
            Institution.objects.all(), filters.institution, field="institution", location="query"
        )
    qs = selectors.action_search(
        status=filters.status or "", institution=institution, overdue=filters.overdue
    )
    return paged(request, qs, paging)


@router.get("/actions/{action_id}", response=ActionDetailOut, operation_id="getAction")
def action(request, action_id: Id):
    return selectors.action_get(pk=action_id)


@router.post(
    "/actions",
    response={201: ActionDetailOut, 403: ErrorOut, 422: InvalidOut},
    operation_id="createAction",
)
def create_action(request, body: ActionIn):
    """Add an action to the plan (coordinators)."""
    fields, links = _arguments(body.model_dump())
    created = action_create(user=request.user, links=links, **fields)
    return Status(201, selectors.action_get(pk=created.pk))


@router.patch(
    "/actions/{action_id}",
    response={
        200: ActionDetailOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ConflictOut,
        422: InvalidOut,
    },
    operation_id="updateAction",
)
def update_action(request, action_id: Id, body: ActionPatch):
    """Change an action: coordinators, and focal points of its institutions (who cannot move
    its responsibilities: lead and supporting institutions)."""
    current = selectors.action_get(pk=action_id)
    sent = body.model_dump(exclude_unset=True)
    version = sent.pop("version")
    fields, links = _arguments(sent)
    action_update(action=current, user=request.user, base_version=version, links=links, **fields)
    return selectors.action_get(pk=action_id)


@router.delete(
    "/actions/{action_id}",
    response={204: None, 403: ErrorOut, 404: ErrorOut},
    operation_id="deleteAction",
)
def delete_action(request, action_id: Id):
    """Remove an action from the plan (coordinators)."""
    action_delete(action=selectors.action_get(pk=action_id), user=request.user)
    return Status(204, None)


@router.get("/indicators", response=PageOut[IndicatorOut], operation_id="listIndicators")
def indicators(request, paging: Query[PageQuery]):
    qs = Indicator.objects.prefetch_related("actions", "measurements").order_by("title", "pk")
    return paged(request, qs, paging)


@router.get("/indicators/{indicator_id}", response=IndicatorOut, operation_id="getIndicator")
def indicator(request, indicator_id: Id):
    return selectors.indicator_get(pk=indicator_id)


@router.post(
    "/indicators/{indicator_id}/measurements",
    response={201: MeasurementOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
    operation_id="createMeasurement",
)
def add_measurement(request, indicator_id: Id, body: MeasurementIn):
    """Record a value: coordinators, or focal points of an action the indicator measures."""
    measured = selectors.indicator_get(pk=indicator_id)
    measurement = measurement_add(
        indicator=measured, user=request.user, date=body.date, value=body.value, note=body.note
    )
    return Status(201, measurement)
