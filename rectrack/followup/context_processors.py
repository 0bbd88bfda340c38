"""What every page's header shows about the signed-in user's notifications."""

from functools import cache

from rectrack.followup.selectors import notification_unread_count


def notifications(request) -> dict:
    """The unread count, counted (one indexed query) only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notification_count": cache(lambda: notification_unread_count(user=user))}
