"""Reads of notifications: each person's own, and who was told of an update request."""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from rectrack.accounts.permissions import focal_points
from rectrack.followup.models import Notification, UpdateRequest


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

    told = list(
        request.notifications.filter(kind=Notification.Kind.REQUEST)
        .select_related("recipient")
        .order_by("recipient__username")
    )
    members = focal_points()
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
