"""Reads of progress updates and update requests: who sees which update, and what each
institution still owes."""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from rectrack.accounts.permissions import is_coordinator
from rectrack.followup import permissions
from rectrack.followup.models import Action, Assignment, Evidence, ProgressUpdate, UpdateRequest
from rectrack.institutions.models import Institution


def progress_update_list(*, user, recommendation=None, action=None) -> QuerySet[ProgressUpdate]:
    """Updates this user may see: viewers only approved ones; focal points also their own
    institutions' drafts; coordinators all."""
    qs = ProgressUpdate.objects.select_related("author", "institution", "reviewed_by")
    if recommendation is not None:
        qs = qs.filter(recommendation=recommendation)
    if action is not None:
        qs = qs.filter(action=action)
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_coordinator(user):
        return qs
    visible = Q(state=ProgressUpdate.State.APPROVED) | Q(author=user)
    mine = permissions.institution_ids(user)
    if mine:
        visible |= Q(institution_id__in=mine) | Q(pk__in=updates_answering_for(mine))
    return qs.filter(visible)


def updates_answering_for(institution_ids) -> QuerySet:
    """The ids of updates that answer for any of these institutions."""
    return ProgressUpdate.institutions.through.objects.filter(
        institution_id__in=institution_ids
    ).values("progressupdate_id")


def progress_update_get(*, user, pk: int) -> ProgressUpdate:
    return get_object_or_404(
        progress_update_list(user=user)
        .select_related("recommendation__document__mechanism", "action")
        .prefetch_related("evidence", "institutions"),
        pk=pk,
    )


def reporting_institution_choices(*, user, recommendation=None, action=None):
    """The institutions this user may answer for on a recommendation or action: theirs that
    are responsible for it (none for the secretariat, which writes for no institution)."""
    ids = permissions.institution_ids(user) & permissions.responsible_institution_ids(
        recommendation=recommendation, action=action
    )
    return Institution.objects.filter(pk__in=ids).order_by("name", "pk")


DONE_STATES = [ProgressUpdate.State.SUBMITTED, ProgressUpdate.State.APPROVED]


_NEVER = datetime.datetime.min.replace(tzinfo=datetime.UTC)


def update_request_pending(
    *, requests: Iterable[UpdateRequest], institutions: Iterable[Institution] | None = None
) -> dict[int, dict[int, set[tuple[str, int]]]]:
    """For each request and each institution asked (or each of `institutions`), the items it
    still has to answer: ("recommendation" | "action", pk). An institution answers an item
    with an update submitted (or approved) since the request, written for it (an update
    for several institutions answers for each). A constant number of queries."""
    requests = list(requests)
    if not requests:
        return {}
    recommendation_ids = {r.pk for req in requests for r in req.recommendations.all()}
    action_ids = {a.pk for req in requests for a in req.actions.all()}
    responsible: dict[tuple[str, int], set[int]] = defaultdict(set)
    for pk, institution_id in Assignment.objects.filter(
        recommendation_id__in=recommendation_ids
    ).values_list("recommendation_id", "institution_id"):
        responsible["recommendation", pk].add(institution_id)
    for pk, institution_id in Action.objects.filter(pk__in=action_ids).values_list(
        "pk", "lead_institution_id"
    ):
        responsible["action", pk].add(institution_id)
    for pk, institution_id in Action.supporting_institutions.through.objects.filter(
        action_id__in=action_ids
    ).values_list("action_id", "institution_id"):
        responsible["action", pk].add(institution_id)
    done = ProgressUpdate.objects.filter(
        Q(recommendation_id__in=recommendation_ids) | Q(action_id__in=action_ids),
        state__in=DONE_STATES,
        submitted_at__gte=min(req.created_at for req in requests),
    )
    answering: dict[int, set[int]] = defaultdict(set)
    for pk, institution_id in ProgressUpdate.institutions.through.objects.filter(
        progressupdate__in=done
    ).values_list("progressupdate_id", "institution_id"):
        answering[pk].add(institution_id)
    latest: dict[tuple[str, int, int], datetime.datetime] = {}
    for pk, recommendation_id, action_id, institution_id, submitted_at in done.values_list(
        "pk", "recommendation_id", "action_id", "institution_id", "submitted_at"
    ):
        item = ("recommendation", recommendation_id) if recommendation_id else ("action", action_id)
        for answered_for in answering[pk] | ({institution_id} if institution_id else set()):
            key = (*item, answered_for)
            latest[key] = max(latest.get(key, submitted_at), submitted_at)
    chosen = list(institutions) if institutions is not None else None
    pending: dict[int, dict[int, set[tuple[str, int]]]] = {}
    for req in requests:
        items = [("recommendation", r.pk) for r in req.recommendations.all()]
        items += [("action", a.pk) for a in req.actions.all()]
        pending[req.pk] = {
            institution.pk: {
                item
                for item in items
                if institution.pk in responsible[item]
                and latest.get((*item, institution.pk), _NEVER) < req.created_at
            }
            for institution in (chosen if chosen is not None else req.institutions.all())
        }
    return pending


def request_is_answered(*, request: UpdateRequest, institution: Institution) -> bool:
    """An institution has answered when it submitted (or had approved) an update on every
    item of the request it is responsible for, since the request was made."""
    return not update_request_pending(requests=[request], institutions=[institution])[request.pk][
        institution.pk
    ]


def updates_to_review() -> QuerySet[ProgressUpdate]:
    """Submitted updates waiting for the secretariat's review, oldest first."""
    return (
        ProgressUpdate.objects.filter(state=ProgressUpdate.State.SUBMITTED)
        .select_related("recommendation__document", "action", "institution")
        .prefetch_related("institutions")
        .order_by("submitted_at", "pk")
    )


def update_request_list(*, user) -> QuerySet[UpdateRequest]:
    """Coordinators see every request; focal points those addressed to their institutions;
    viewers none (requests are the secretariat's working correspondence)."""
    if is_coordinator(user):
        return UpdateRequest.objects.all()
    mine = permissions.institution_ids(user)
    if not mine:
        raise PermissionDenied
    return UpdateRequest.objects.filter(institutions__in=mine).distinct()


def evidence_get(*, user, pk: int) -> Evidence:
    """An evidence file of an update this user may see (progress_update_list), or 404 to
    everyone else: the existence of someone else's evidence is not revealed."""
    visible = progress_update_list(user=user).values("pk")
    return get_object_or_404(Evidence.objects.filter(update__in=visible).exclude(file=""), pk=pk)
