"""Reads of the follow-up workflow; visibility is decided here."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import Truncator

from rectrack.followup import permissions
from rectrack.followup.models import (
    Action,
    Assignment,
    Indicator,
    Measurement,
    Notification,
    ProgressUpdate,
    UpdateRequest,
)
from rectrack.institutions.models import Institution
from rectrack.recommendations.models import Recommendation
from rectrack.recommendations.selectors import overdue_actions


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
    if permissions.is_coordinator(user):
        return qs
    visible = Q(state=ProgressUpdate.State.APPROVED) | Q(author=user)
    mine = permissions.institution_ids(user)
    if mine:
        visible |= Q(institution_id__in=mine) | Q(pk__in=_answering_for(mine))
    return qs.filter(visible)


def _answering_for(institution_ids) -> QuerySet:
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


EXCERPT_WORDS = 40
HOME_LIST_LIMIT = 20
EXCERPT_CHARS = 320


@dataclass
class WorkItem:
    """One recommendation or action on a focal point's page: when an update on it is due
    (from the open requests), and the latest update their institutions wrote on it."""

    subject: Recommendation | Action
    due_date: datetime.date | None = None
    request: UpdateRequest | None = None
    update: ProgressUpdate | None = None
    days: int = 0  # days left (negative: overdue), when due_date is set

    @property
    def is_action(self) -> bool:
        return isinstance(self.subject, Action)

    @property
    def state(self) -> str:
        """returned, draft, submitted, approved or not_started."""
        return self.update.state if self.update else "not_started"

    @property
    def days_overdue(self) -> int:
        return -self.days

    @property
    def excerpt(self) -> str:
        """The first lines of the text, cut at a word (or, in scripts without spaces, at a
        character) with an ellipsis."""
        text = self.subject.description if self.is_action else self.subject.text
        short = Truncator(text).words(EXCERPT_WORDS)
        return Truncator(short).chars(EXCERPT_CHARS) if len(short) > EXCERPT_CHARS else short

    @property
    def urgency(self) -> tuple:
        open_work = {ProgressUpdate.State.RETURNED: 0, ProgressUpdate.State.DRAFT: 2}
        if self.due_date is not None:
            return (0 if self.days < 0 else 1, self.days, self.subject.pk)
        return (2, open_work.get(self.state, 3), self.subject.pk)


def _my_updates(*, user, mine: set[int], recommendation_ids, action_ids) -> dict:
    """The latest update per item written by this user or for their institutions: the open
    one (draft, returned, submitted) if any, else the latest approved."""
    updates = (
        ProgressUpdate.objects.filter(
            Q(author=user)
            | Q(institution_id__in=mine)
            | Q(pk__in=_answering_for(mine))
            # Handed over when their author was deactivated (services/handover.py).
            | Q(pk__in=ProgressUpdate.objects.filter(handed_to=user).values("pk")),
            Q(recommendation_id__in=recommendation_ids) | Q(action_id__in=action_ids),
        )
        .only(
            "pk",
            "state",
            "recommendation_id",
            "action_id",
            "review_comment",
            "created_at",
            "updated_at",
        )
        .order_by("created_at", "pk")
    )
    latest: dict[tuple[str, int], ProgressUpdate] = {}
    for update in updates:
        key = (
            ("recommendation", update.recommendation_id)
            if update.recommendation_id
            else ("action", update.action_id)
        )
        current = latest.get(key)
        if current is None or not (
            current.state != ProgressUpdate.State.APPROVED
            and update.state == ProgressUpdate.State.APPROVED
        ):
            latest[key] = update
    return latest


def my_work(*, user, today: datetime.date | None = None) -> dict:
    """A focal point's page: what they must report on first (requested and not yet answered
    by their institution, returned, drafts), then everything assigned to their institutions.
    A bounded number of queries whatever the amount of work."""
    today = today or timezone.localdate()
    mine = permissions.institution_ids(user)
    institutions = list(Institution.objects.filter(pk__in=mine).order_by("name"))
    requests = list(
        UpdateRequest.objects.filter(institutions__in=mine)
        .distinct()
        .prefetch_related(
            Prefetch("recommendations", queryset=Recommendation.objects.only("pk")),
            Prefetch("actions", queryset=Action.objects.only("pk")),
            Prefetch("institutions", queryset=Institution.objects.filter(pk__in=mine)),
        )
    )
    due: dict[tuple[str, int], UpdateRequest] = {}
    for request, by_institution in zip(
        requests, update_request_pending(requests=requests).values(), strict=True
    ):
        for items in by_institution.values():
            for item in items:
                if item not in due or request.due_date < due[item].due_date:
                    due[item] = request
    open_updates = ProgressUpdate.objects.filter(
        Q(author=user)
        | Q(institution_id__in=mine)
        | Q(pk__in=_answering_for(mine))
        # Handed over when their author was deactivated (services/handover.py).
        | Q(pk__in=ProgressUpdate.objects.filter(handed_to=user).values("pk")),
        state__in=[ProgressUpdate.State.DRAFT, ProgressUpdate.State.RETURNED],
    ).values_list("recommendation_id", "action_id")
    keys = set(due)
    for recommendation_id, action_id in open_updates:
        keys.add(
            ("recommendation", recommendation_id) if recommendation_id else ("action", action_id)
        )
    subjects = {
        **{
            ("recommendation", r.pk): r
            for r in Recommendation.objects.filter(
                pk__in=[pk for kind, pk in keys if kind == "recommendation"]
            ).select_related("document__mechanism")
        },
        **{
            ("action", a.pk): a
            for a in Action.objects.filter(pk__in=[pk for kind, pk in keys if kind == "action"])
        },
    }
    todo = work_items(user=user, subjects=list(subjects.values()), due=due, today=today)
    return {
        "institutions": institutions,
        "todo": sorted(todo, key=lambda item: item.urgency),
        "due": due,
        "recommendations": Recommendation.objects.filter(
            pk__in=Assignment.objects.filter(institution_id__in=mine).values("recommendation_id")
        ).select_related("document__mechanism"),
        "actions": Action.objects.filter(
            Q(lead_institution__in=mine) | Q(supporting_institutions__in=mine)
        )
        .distinct()
        .select_related("lead_institution"),
        # The secretariat's own work: submitted updates waiting for review.
        "to_review": (
            updates_to_review()
            if permissions.is_coordinator(user)
            else ProgressUpdate.objects.none()
        ),
    }


def work_items(*, user, subjects, due: dict, today: datetime.date) -> list[WorkItem]:
    """Recommendations and actions as My work shows them: due date and latest update."""
    mine = permissions.institution_ids(user)
    latest = _my_updates(
        user=user,
        mine=mine,
        recommendation_ids=[s.pk for s in subjects if not isinstance(s, Action)],
        action_ids=[s.pk for s in subjects if isinstance(s, Action)],
    )
    items = []
    for subject in subjects:
        key = ("action" if isinstance(subject, Action) else "recommendation", subject.pk)
        request = due.get(key)
        items.append(
            WorkItem(
                subject=subject,
                request=request,
                due_date=request.due_date if request else None,
                days=request.days_left(today) if request else 0,
                update=latest.get(key),
            )
        )
    return items


def updates_to_review() -> QuerySet[ProgressUpdate]:
    """Submitted updates waiting for the secretariat's review, oldest first."""
    return (
        ProgressUpdate.objects.filter(state=ProgressUpdate.State.SUBMITTED)
        .select_related("recommendation__document", "action", "institution")
        .prefetch_related("institutions")
        .order_by("submitted_at", "pk")
    )


@dataclass
class OpenRequest:
    """An update request not answered by every institution asked."""

    request: UpdateRequest
    waiting: list[Institution]  # the institutions that have not answered
    asked: int
    days: int  # days left; negative when overdue

    @property
    def days_overdue(self) -> int:
        return -self.days


def coordinator_work(*, today: datetime.date, limit: int = HOME_LIST_LIMIT) -> dict:
    """What waits for the secretariat, first on its home page: submitted updates to review,
    overdue requests and open requests, each with the institutions that have not answered.
    A constant number of queries."""
    to_review = updates_to_review()
    requests = list(
        UpdateRequest.objects.prefetch_related(
            Prefetch("recommendations", queryset=Recommendation.objects.only("pk")),
            Prefetch("actions", queryset=Action.objects.only("pk")),
            Prefetch("institutions", queryset=Institution.objects.order_by("name", "pk")),
        ).order_by("due_date", "pk")
    )
    pending = update_request_pending(requests=requests)
    open_requests = []
    for request in requests:
        waiting = [i for i in request.institutions.all() if pending[request.pk][i.pk]]
        if waiting:
            open_requests.append(
                OpenRequest(
                    request=request,
                    waiting=waiting,
                    asked=len(request.institutions.all()),
                    days=request.days_left(today),
                )
            )
    overdue = [item for item in open_requests if item.days < 0]
    upcoming = [item for item in open_requests if item.days >= 0]
    return {
        "to_review": list(to_review[:limit]),
        "to_review_count": to_review.count(),
        "overdue": overdue[:limit],
        "overdue_count": len(overdue),
        "open": upcoming[:limit],
        "open_count": len(upcoming),
        "limit": limit,
    }


def upcoming_calendar(*, today: datetime.date | None = None, limit: int = 10):
    """Mechanisms' next report due dates and reviews, soonest first (the home page)."""
    from rectrack.recommendations.models import Mechanism

    today = today or timezone.localdate()
    events = []
    for mechanism in Mechanism.objects.filter(
        Q(next_report_due__gte=today) | Q(next_review_date__gte=today)
    ):
        if mechanism.next_report_due and mechanism.next_report_due >= today:
            events.append((mechanism.next_report_due, "report", mechanism))
        if mechanism.next_review_date and mechanism.next_review_date >= today:
            events.append((mechanism.next_review_date, "review", mechanism))
    return sorted(events, key=lambda event: event[0])[:limit]


def action_list() -> QuerySet[Action]:
    """Every action: the plan is readable by every signed-in user; constant queries per page."""
    return (
        Action.objects.select_related("lead_institution")
        .prefetch_related("supporting_institutions")
        .annotate(recommendation_count=Count("recommendations", distinct=True))
        .order_by("deadline", "title", "pk")
    )


def action_search(
    *, status: str = "", institution: Institution | None = None, overdue: bool = False
) -> QuerySet[Action]:
    """Actions filtered as the actions list and the API filter them: by status, by an
    institution leading or supporting them, overdue only (past the deadline and still open)."""
    actions = action_list()
    if status:
        actions = actions.filter(status=status)
    if institution is not None:
        supported = Action.supporting_institutions.through.objects.filter(
            institution=institution
        ).values("action_id")
        actions = actions.filter(Q(lead_institution=institution) | Q(pk__in=supported))
    if overdue:
        actions = actions.filter(pk__in=overdue_actions().values("pk"))
    return actions


def action_get(*, pk: int) -> Action:
    """One action with what its page shows: recommendations, targets, indicators."""
    return get_object_or_404(
        action_list().prefetch_related(
            "recommendations__document__mechanism",
            "sdg_targets",
            Prefetch("indicators", queryset=Indicator.objects.prefetch_related("measurements")),
        ),
        pk=pk,
    )


def indicator_get(*, pk: int) -> Indicator:
    return get_object_or_404(
        Indicator.objects.prefetch_related(
            Prefetch("actions", queryset=Action.objects.select_related("lead_institution")),
            "recommendations__document__mechanism",
            Prefetch("measurements", queryset=Measurement.objects.order_by("date", "pk")),
        ),
        pk=pk,
    )


def update_request_list(*, user) -> QuerySet[UpdateRequest]:
    """Coordinators see every request; focal points those addressed to their institutions;
    viewers none (requests are the secretariat's working correspondence)."""
    if permissions.is_coordinator(user):
        return UpdateRequest.objects.all()
    mine = permissions.institution_ids(user)
    if not mine:
        raise PermissionDenied
    return UpdateRequest.objects.filter(institutions__in=mine).distinct()


def notification_list(*, user) -> QuerySet[Notification]:
    """A user's own notifications, newest first; nobody sees anyone else's."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def notification_get(*, user, pk: int) -> Notification:
    """One of the user's own notifications; anyone else's is not found (404)."""
    return get_object_or_404(notification_list(user=user), pk=pk)


def notification_unread_count(*, user) -> int:
    """The header's count: one indexed COUNT query."""
    return notification_list(user=user).filter(read_at__isnull=True).count()


def update_request_told(*, request: UpdateRequest) -> list[dict]:
    """For each institution asked: the focal points told of the request (with how: by
    e-mail, in a digest, in Rectrack only) and, where nobody could be told or e-mailed,
    why, so the page can say what to do. Who was told is what was recorded when the request
    was made, even if people have moved since."""
    from rectrack.accounts.models import User

    told = list(
        request.notifications.filter(kind=Notification.Kind.REQUEST)
        .select_related("recipient")
        .order_by("recipient__username")
    )
    members = User.objects.filter(role=User.Role.FOCAL_POINT, is_active=True)
    institutions = request.institutions.prefetch_related(
        Prefetch("members", queryset=members, to_attr="focal_points")
    )
    rows = []
    for institution in institutions:
        people = [n for n in told if institution.pk in n.params.get("institution_ids", [])]
        rows.append(
            {
                "institution": institution,
                "told": people,
                "has_focal_point": bool(institution.focal_points),
                "no_address": [
                    n.recipient for n in people if n.email == Notification.Email.NO_ADDRESS
                ],
            }
        )
    return rows
