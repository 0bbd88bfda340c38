"""Progress updates: focal points write and submit them for their institutions' work, the
secretariat approves or returns them. Viewers read approved updates only."""

import datetime

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from rectrack.api.errors import ConflictOut, ErrorOut, InvalidInput, InvalidOut
from rectrack.api.pagination import PageOut, PageQuery, paged
from rectrack.api.resolve import records
from rectrack.api.schemas import Choice, Date, Flag, Id, Text
from rectrack.core.choices import ImplementationStatus
from rectrack.followup import selectors
from rectrack.followup.models import Action, ProgressUpdate
from rectrack.followup.services.updates import (
    progress_update_approve,
    progress_update_create,
    progress_update_edit,
    progress_update_return,
    progress_update_submit,
)
from rectrack.institutions.models import Institution
from rectrack.recommendations.selectors import RecommendationFilters, recommendation_list

router = Router(tags=["Progress updates"])


class ProgressUpdateOut(Schema):
    id: int
    recommendation_id: int | None
    action_id: int | None
    institution: str | None = Field(description="The first institution it answers for.")
    institutions: list[str] = Field(description="Every institution it answers for.")
    author: str | None
    period_start: datetime.date | None
    period_end: datetime.date | None
    narrative: str
    status: Choice[ImplementationStatus]
    state: Choice[ProgressUpdate.State]
    set_directly: bool
    submitted_at: datetime.datetime | None
    reviewed_at: datetime.datetime | None
    review_comment: str
    version: int = Field(description="Send it back when changing the update (PATCH).")

    @staticmethod
    def resolve_institution(obj) -> str | None:
        return obj.institution.name if obj.institution else None

    @staticmethod
    def resolve_institutions(obj) -> list[str]:
        return sorted(institution.name for institution in obj.institutions.all())

    @staticmethod
    def resolve_author(obj) -> str | None:
        return obj.author.get_username() if obj.author else None


class ProgressUpdateQuery(Schema):
    state: Choice[ProgressUpdate.State] | None = None
    recommendation: Id | None = None
    action: Id | None = None


INTEGER, NULL = {"type": "integer"}, {"type": "null"}


class ProgressUpdateIn(Schema):
    """On a recommendation or on an action (exactly one of them)."""

    # Exactly one of the two, said in the description too (JSON Schema's oneOf).
    model_config = ConfigDict(
        json_schema_extra={
            "oneOf": [
                {"required": [given], "properties": {given: INTEGER, other: NULL}}
                for given, other in (("recommendation", "action"), ("action", "recommendation"))
            ]
        }
    )

    recommendation: Id | None = None
    action: Id | None = None
    narrative: Text = Field(min_length=1, max_length=20_000)
    status: Choice[ImplementationStatus]
    period_start: Date | None = None
    period_end: Date | None = None
    submit: Flag = Field(False, description="Submit for review at once, not keep as a draft.")
    institutions: list[Id] | None = Field(
        None,
        min_length=1,
        description="The institutions it answers for (ids), for a focal point of several; "
        "by default every institution of theirs responsible for the item.",
    )


class ProgressUpdatePatch(Schema):
    """Only the fields sent are changed (null empties a period date); `version` is the one
    read: others' changes since are kept, and a field you send that they changed to another
    value is refused (409 naming it in `fields`)."""

    version: int = Field(ge=1, le=2_147_483_647)
    narrative: Text | None = Field(None, min_length=1, max_length=20_000)
    status: Choice[ImplementationStatus] | None = None
    period_start: Date | None = None
    period_end: Date | None = None


class ReturnIn(Schema):
    comment: Text = Field(min_length=1, max_length=5_000, description="What to correct.")


def _subject(request, body: ProgressUpdateIn) -> dict:
    if (body.recommendation is None) == (body.action is None):
        message = _("Give either a recommendation or an action.")
        raise InvalidInput({"recommendation": [message]})
    if body.recommendation is not None:
        visible = recommendation_list(
            user=request.user, filters=RecommendationFilters(include_superseded=True)
        )
        return {"recommendation": get_object_or_404(visible, pk=body.recommendation)}
    return {"action": get_object_or_404(Action, pk=body.action)}


@router.get(
    "/progress-updates", response=PageOut[ProgressUpdateOut], operation_id="listProgressUpdates"
)
def progress_updates(request, filters: Query[ProgressUpdateQuery], paging: Query[PageQuery]):
    """The updates the caller may read, newest first: coordinators all; focal points also
    their institutions' drafts; viewers approved ones only."""
    qs = selectors.progress_update_list(user=request.user)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.recommendation:
        qs = qs.filter(recommendation_id=filters.recommendation)
    if filters.action:
        qs = qs.filter(action_id=filters.action)
    return paged(
        request, qs.prefetch_related("institutions").order_by("-created_at", "-pk"), paging
    )


@router.get(
    "/progress-updates/{update_id}", response=ProgressUpdateOut, operation_id="getProgressUpdate"
)
def progress_update(request, update_id: Id):
    return selectors.progress_update_get(user=request.user, pk=update_id)


@router.post(
    "/progress-updates",
    response={201: ProgressUpdateOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
    operation_id="createProgressUpdate",
)
def create_progress_update(request, body: ProgressUpdateIn):
    """Write an update (a draft, or submitted at once with `submit`) on a recommendation or
    action your institution is responsible for; coordinators on anything."""
    update = progress_update_create(
        user=request.user,
        narrative=body.narrative,
        status=body.status,
        period_start=body.period_start,
        period_end=body.period_end,
        submit=body.submit,
        institutions=_institutions(body.institutions),
        **_subject(request, body),
    )
    return Status(201, update)


def _institutions(ids: list[int] | None) -> list[Institution] | None:
    if ids is None:
        return None
    return records(Institution.objects.all(), ids, field="institutions")


@router.patch(
    "/progress-updates/{update_id}",
    response={
        200: ProgressUpdateOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ConflictOut,
        422: InvalidOut,
    },
    operation_id="updateProgressUpdate",
)
def edit(request, update_id: Id, body: ProgressUpdatePatch):
    """Correct a draft or returned update (its author, or a focal point of its institution)."""
    update = selectors.progress_update_get(user=request.user, pk=update_id)
    fields = body.model_dump(exclude_unset=True)
    version = fields.pop("version")
    fields = {
        name: value
        for name, value in fields.items()
        if value is not None or name in {"period_start", "period_end"}
    }
    return progress_update_edit(update=update, user=request.user, base_version=version, **fields)


@router.post(
    "/progress-updates/{update_id}/submit",
    response={200: ProgressUpdateOut, 403: ErrorOut, 404: ErrorOut},
    operation_id="submitProgressUpdate",
)
def submit(request, update_id: Id):
    """Send a draft or returned update to the secretariat for review."""
    update = selectors.progress_update_get(user=request.user, pk=update_id)
    return progress_update_submit(update=update, user=request.user)


@router.post(
    "/progress-updates/{update_id}/approve",
    response={200: ProgressUpdateOut, 403: ErrorOut, 404: ErrorOut},
    operation_id="approveProgressUpdate",
)
def approve(request, update_id: Id):
    """Approve a submitted update (coordinators); a recommendation's status follows its
    latest approved update."""
    update = selectors.progress_update_get(user=request.user, pk=update_id)
    return progress_update_approve(update=update, reviewer=request.user)


@router.post(
    "/progress-updates/{update_id}/return",
    response={200: ProgressUpdateOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut},
    operation_id="returnProgressUpdate",
)
def send_back(request, update_id: Id, body: ReturnIn):
    """Return a submitted update to its institution with what to correct (coordinators)."""
    update = selectors.progress_update_get(user=request.user, pk=update_id)
    return progress_update_return(update=update, reviewer=request.user, comment=body.comment)
