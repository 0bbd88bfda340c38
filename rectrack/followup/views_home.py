"""Where signing in leads, and the home page: the work waiting for the secretariat first, then
the reporting calendar; the charts are on the dashboard page of their own."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from rectrack.accounts.permissions import is_coordinator, is_focal_point
from rectrack.followup.selectors import coordinator_work, upcoming_calendar
from rectrack.recommendations.models import Mechanism


def landing_view(request: HttpRequest) -> HttpResponse:
    """After signing in (without a `next` page): focal points go to My work, everyone else
    to the home page."""
    user = request.user
    if is_focal_point(user):
        return redirect("followup:my-work")
    return redirect("followup:home")


def home_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    coordinator = is_coordinator(user)
    context = {
        "events": upcoming_calendar(),
        "is_focal_point": is_focal_point(user),
        "can_plan": coordinator,
        "work": coordinator_work(today=timezone.localdate()) if coordinator else None,
        # Where the secretariat sets each mechanism's dates: on the mechanism's page.
        "mechanisms": Mechanism.objects.order_by("code") if coordinator else None,
    }
    return render(request, "home.html", context)
