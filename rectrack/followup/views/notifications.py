"""A user's own notifications: the list (newest first), opening one (marks it read and goes
to the item), marking all as read."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from rectrack.followup import selectors
from rectrack.followup.services.notifications import (
    notification_open,
    notifications_mark_all_read,
)


def notification_list_view(request: HttpRequest) -> HttpResponse:
    notifications = selectors.notification_list(user=request.user)
    page = Paginator(notifications, settings.RECTRACK_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "unread_count": selectors.notification_unread_count(user=request.user),
    }
    return render(request, "followup/notification_list.html", context)


def notification_open_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A plain link (it works without JavaScript and opens in a new tab): it only marks the
    signed-in user's own notification read, so a forged link can do nothing else."""
    notification = notification_open(
        notification=selectors.notification_get(user=request.user, pk=pk)
    )
    if not url_has_allowed_host_and_scheme(notification.link, allowed_hosts=None):
        return redirect("followup:notification-list")
    return redirect(notification.link)


@require_POST
def notification_read_all_view(request: HttpRequest) -> HttpResponse:
    count = notifications_mark_all_read(user=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)s notification marked as read.",
            "%(count)s notifications marked as read.",
            count,
        )
        % {"count": count}
        if count
        else _("Nothing was unread."),
    )
    return redirect("followup:notification-list")
