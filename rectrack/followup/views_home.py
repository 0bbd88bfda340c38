"""The home page: the reporting calendar, where each role goes next, and the dashboard."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rectrack.accounts.permissions import coordinator_required
from rectrack.followup import permissions
from rectrack.followup.forms_planning import MechanismCalendarForm
from rectrack.followup.selectors import upcoming_calendar
from rectrack.followup.services.calendar import mechanism_calendar_set
from rectrack.followup.views.planning import add_service_errors
from rectrack.reports.views import dashboard_context


def _home(request: HttpRequest, calendar_form=None, status: int = 200) -> HttpResponse:
    user = request.user
    if calendar_form is None and permissions.is_coordinator(user):
        calendar_form = MechanismCalendarForm()
    context = {
        "events": upcoming_calendar(),
        "calendar_form": calendar_form,
        "is_focal_point": user.role == user.Role.FOCAL_POINT,
        "can_plan": permissions.is_coordinator(user),
        **dashboard_context(user=user, prefix="home"),
    }
    return render(request, "home.html", context, status=status)


def home_view(request: HttpRequest) -> HttpResponse:
    return _home(request)


@require_POST
@coordinator_required
def calendar_set_view(request: HttpRequest) -> HttpResponse:
    form = MechanismCalendarForm(request.POST)
    if form.is_valid():
        try:
            mechanism = mechanism_calendar_set(
                mechanism=form.cleaned_data["mechanism"],
                user=request.user,
                next_report_due=form.cleaned_data["next_report_due"],
                next_review_date=form.cleaned_data["next_review_date"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The calendar of %(mechanism)s was saved.") % {"mechanism": mechanism}
            )
            return redirect("followup:home")
    return _home(request, calendar_form=form, status=400)
