"""Each person's work: a focal point's My work, the secretariat's home page, and the
reporting calendar."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.text import Truncator

from rectrack.accounts.permissions import is_coordinator
from rectrack.followup import permissions
from rectrack.followup.models import Action, Assignment, ProgressUpdate, UpdateRequest
from rectrack.followup.selectors.updates import (
    update_request_pending,
    updates_answering_for,
    updates_to_review,
)
from rectrack.institutions.models import Institution
from rectrack.recommendations.models import Recommendation

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
            | Q(pk__in=updates_answering_for(mine))
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
        | Q(pk__in=updates_answering_for(mine))
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
            updates_to_review() if is_coordinator(user) else ProgressUpdate.objects.none()
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
