"""What follow-up adds to the recommendations list and pages (rectrack.recommendations.
supplied), registered when Django starts (FollowupConfig.ready): the list's filters by lead
institution, by whether an action answers a recommendation and by overdue actions, with
their facet counts; the lead institutions and actions shown on list rows and cluster pages;
the follow-up panel of a recommendation's page, the bulk assignment form and the bulk steps
under the list."""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from rectrack.followup.models import Action, Assignment
from rectrack.followup.selectors import overdue_actions
from rectrack.recommendations.facets import grouped_counts, yes_no_counts
from rectrack.recommendations.supplied import SUPPLIED, ListFilter, PagePart


def _led_by(qs: QuerySet, institution) -> QuerySet:
    leads = Assignment.objects.filter(institution=institution, role=Assignment.Role.LEAD)
    return qs.filter(pk__in=leads.values("recommendation_id"))


def _lead_counts(qs: QuerySet) -> dict[str, int]:
    led = qs.filter(assignments__role=Assignment.Role.LEAD)
    return grouped_counts(led, "assignments__institution")


def _answered():
    return Action.recommendations.through.objects.filter(recommendation_id=OuterRef("pk"))


def _with_action(qs: QuerySet, has_action: bool) -> QuerySet:
    answered = Action.recommendations.through.objects.values("recommendation_id")
    return qs.filter(pk__in=answered) if has_action else qs.exclude(pk__in=answered)


def _overdue(qs: QuerySet, overdue: bool) -> QuerySet:
    late = Action.recommendations.through.objects.filter(action__in=overdue_actions())
    return qs.filter(pk__in=late.values("recommendation_id")) if overdue else qs


def _overdue_counts(qs: QuerySet) -> dict[str, int]:
    late = _answered().filter(action__in=overdue_actions())
    return {key: n for key, n in yes_no_counts(qs, Exists(late)).items() if key == "yes"}


def _lead_assignments() -> Prefetch:
    return Prefetch(
        "assignments",
        queryset=Assignment.objects.filter(role=Assignment.Role.LEAD).select_related("institution"),
        to_attr="lead_assignments",
    )


def _actions() -> Prefetch:
    return Prefetch("actions", queryset=Action.objects.order_by("deadline", "title"))


def _panel(*, user, recommendation) -> PagePart:
    from rectrack.followup.views.work import recommendation_panel

    panel = recommendation_panel(user=user, recommendation=recommendation)
    return PagePart("followup/_recommendation_panel.html", {"panel": panel})


def _bulk_assignment(*, request, page) -> PagePart | None:
    from rectrack.followup.views.work import bulk_assign_context

    context = bulk_assign_context(request, page)
    return PagePart("followup/_recommendation_bulk_assign.html", context) if context else None


def register() -> None:
    SUPPLIED.filters.update(
        lead=ListFilter(narrow=_led_by, count=_lead_counts),
        has_action=ListFilter(
            narrow=_with_action, count=lambda qs: yes_no_counts(qs, Exists(_answered()))
        ),
        overdue=ListFilter(narrow=_overdue, count=_overdue_counts),
    )
    SUPPLIED.row_prefetches["lead_assignments"] = _lead_assignments
    SUPPLIED.cluster_prefetches.update(actions=_actions, lead_assignments=_lead_assignments)
    if _panel not in SUPPLIED.detail_parts:
        SUPPLIED.detail_parts.append(_panel)
    if _bulk_assignment not in SUPPLIED.list_parts:
        SUPPLIED.list_parts.append(_bulk_assignment)
    SUPPLIED.selection_steps.update(
        plan="followup:action-create", request="followup:request-create"
    )
