"""Reference data, read by every signed-in user: mechanisms, their documents, the
taxonomies (themes, affected groups, SDG goals and targets, clusters) and institutions."""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from rectrack.api.pagination import PageOut, PageQuery, paged
from rectrack.api.schemas import (
    Choice,
    Id,
    InReadersLanguage,
    InstitutionRef,
    Text,
    ThemeRef,
    TranslatedRef,
)
from rectrack.institutions.selectors import institution_list
from rectrack.recommendations.models import (
    AffectedGroup,
    Document,
    Mechanism,
    SdgGoal,
    SdgTarget,
    Theme,
)
from rectrack.recommendations.selectors import cluster_list, document_list

router = Router()


class MechanismOut(InReadersLanguage):
    code: str
    kind: Choice[Mechanism.Kind]
    next_report_due: datetime.date | None
    next_review_date: datetime.date | None


class DocumentOut(Schema):
    id: int
    mechanism: str
    state_under_review: str | None
    symbol: str
    title: str
    cycle: int | None
    session: int | None
    date: datetime.date | None
    status: Choice[Document.Status]

    @staticmethod
    def resolve_mechanism(obj) -> str:
        return obj.mechanism.code

    @staticmethod
    def resolve_state_under_review(obj) -> str | None:
        return obj.country.name if obj.country else None


class DocumentQuery(Schema):
    mechanism: Text | None = Field(None, description="A mechanism's code, e.g. CEDAW.")
    status: Choice[Document.Status] | None = None


class ThemeOut(ThemeRef):
    parent_id: int | None = Field(description="The broader theme, if any.")


SDG_LANGUAGE = "The official title in the request's language (Accept-Language)."


class SdgGoalOut(Schema):
    number: int
    title: str = Field(description=SDG_LANGUAGE)
    short_title: str = Field(description=SDG_LANGUAGE)

    @staticmethod
    def resolve_title(obj) -> str:
        return obj.display_title

    @staticmethod
    def resolve_short_title(obj) -> str:
        return obj.display_short_title


class SdgTargetOut(Schema):
    code: str
    goal: int
    title: str = Field(description=SDG_LANGUAGE)

    @staticmethod
    def resolve_goal(obj) -> int:
        return obj.goal.number

    @staticmethod
    def resolve_title(obj) -> str:
        return obj.display_title


class SdgTargetQuery(Schema):
    goal: int | None = Field(None, ge=1, le=17, description="Only this goal's targets.")


class ClusterOut(Schema):
    id: int
    name: str
    description: str
    lead_institution: InstitutionRef | None
    recommendation_count: int = Field(description="Recommendations of current reviews in it.")


class InstitutionOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    parent: InstitutionRef | None


@router.get(
    "/mechanisms", response=PageOut[MechanismOut], tags=["Reference"], operation_id="listMechanisms"
)
def mechanisms(request, paging: Query[PageQuery]):
    """The mechanisms recommendations come from, by code."""
    return paged(request, Mechanism.objects.order_by("code"), paging)


@router.get(
    "/mechanisms/{code}", response=MechanismOut, tags=["Reference"], operation_id="getMechanism"
)
def mechanism(request, code: Text):
    return get_object_or_404(Mechanism, code=code)


@router.get(
    "/documents", response=PageOut[DocumentOut], tags=["Reference"], operation_id="listDocuments"
)
def documents(request, filters: Query[DocumentQuery], paging: Query[PageQuery]):
    """Reviews and documents, newest first."""
    qs = document_list()
    if filters.mechanism:
        qs = qs.filter(mechanism__code=filters.mechanism)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return paged(request, qs.order_by("-date", "mechanism__code", "symbol", "pk"), paging)


@router.get(
    "/documents/{int:document_id}",
    response=DocumentOut,
    tags=["Reference"],
    operation_id="getDocument",
)
def document(request, document_id: Id):
    return get_object_or_404(document_list(), pk=document_id)


@router.get("/themes", response=PageOut[ThemeOut], tags=["Taxonomies"], operation_id="listThemes")
def themes(request, paging: Query[PageQuery]):
    return paged(request, Theme.objects.order_by("code", "name", "pk"), paging)


@router.get(
    "/affected-groups",
    response=PageOut[TranslatedRef],
    tags=["Taxonomies"],
    operation_id="listAffectedGroups",
)
def affected_groups(request, paging: Query[PageQuery]):
    return paged(request, AffectedGroup.objects.order_by("name", "pk"), paging)


@router.get(
    "/sdg-goals", response=PageOut[SdgGoalOut], tags=["Taxonomies"], operation_id="listSdgGoals"
)
def sdg_goals(request, paging: Query[PageQuery]):
    return paged(request, SdgGoal.objects.order_by("number"), paging)


@router.get(
    "/sdg-targets",
    response=PageOut[SdgTargetOut],
    tags=["Taxonomies"],
    operation_id="listSdgTargets",
)
def sdg_targets(request, filters: Query[SdgTargetQuery], paging: Query[PageQuery]):
    qs = SdgTarget.objects.select_related("goal").order_by("goal__number", "order")
    if filters.goal:
        qs = qs.filter(goal__number=filters.goal)
    return paged(request, qs, paging)


@router.get(
    "/clusters", response=PageOut[ClusterOut], tags=["Taxonomies"], operation_id="listClusters"
)
def clusters(request, paging: Query[PageQuery]):
    return paged(request, cluster_list().order_by("name", "pk"), paging)


@router.get(
    "/clusters/{int:cluster_id}",
    response=ClusterOut,
    tags=["Taxonomies"],
    operation_id="getCluster",
)
def cluster(request, cluster_id: Id):
    return get_object_or_404(cluster_list(), pk=cluster_id)


@router.get(
    "/institutions",
    response=PageOut[InstitutionOut],
    tags=["Reference"],
    operation_id="listInstitutions",
)
def institutions(request, paging: Query[PageQuery]):
    return paged(request, institution_list().order_by("name", "pk"), paging)


@router.get(
    "/institutions/{int:institution_id}",
    response=InstitutionOut,
    tags=["Reference"],
    operation_id="getInstitution",
)
def institution(request, institution_id: Id):
    return get_object_or_404(institution_list(), pk=institution_id)
