"""Pages of update requests: the secretariat asks institutions to report on a set of
recommendations or actions by a date, and sees which institutions have answered."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from rectrack.accounts.permissions import coordinator_required
from rectrack.audit.selectors import audit_history
from rectrack.core.errors import ApplicationError
from rectrack.followup import permissions, selectors
from rectrack.followup.forms_planning import UpdateRequestForm
from rectrack.followup.selectors import request_is_answered
from rectrack.followup.services.requests import update_request_create
from rectrack.followup.views.planning import (
    add_service_errors,
    ids_from_query,
    warn_about_prefill,
)
from rectrack.institutions.selectors import institution_responsible_list
from rectrack.recommendations.forms import RecommendationFilterForm
from rectrack.recommendations.selectors import recommendation_list

PREVIEW_LENGTH = 10


def request_list_view(request: HttpRequest) -> HttpResponse:
    requests = (
        selectors.update_request_list(user=request.user)
        .select_related("created_by")
        .annotate(
            institution_count=Count("institutions", distinct=True),
            recommendation_count=Count("recommendations", distinct=True),
            action_count=Count("actions", distinct=True),
        )
        .order_by("-due_date", "-pk")
    )
    page = Paginator(requests, settings.RECTRACK_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "today": timezone.localdate(),
        "can_plan": permissions.is_coordinator(request.user),
    }
    return render(request, "followup/request_list.html", context)


@coordinator_required
def request_create_view(request: HttpRequest) -> HttpResponse:
    """The recommendations are chosen in the picker (prefilled by ?recommendations=1,2,3 from
    the list's selection) and/or come from the list's filters, carried in the query string;
    actions are chosen in the form; institutions default to those responsible."""
    filter_form = RecommendationFilterForm(request.GET)
    filtered = bool(
        filter_form.is_valid() and any(request.GET.get(name) for name in filter_form.fields)
    )
    recommendations = (
        recommendation_list(user=request.user, filters=filter_form.to_filters())
        if filter_form.is_valid()
        else None
    )
    action_ids = ids_from_query(request, "actions")
    picked = ids_from_query(request, "recommendations")
    initial = {
        "include_recommendations": filtered and not picked,
        "actions": action_ids,
        "recommendations": picked,
    }
    form = UpdateRequestForm(request.POST or None, initial=initial, user=request.user)
    warn_about_prefill(request, picked)
    if request.method == "POST" and form.is_picker_step():
        form = form.picker_step()
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        include = data["include_recommendations"] and recommendations is not None
        chosen = list(data["recommendations"])
        if include:
            chosen += [rec for rec in recommendations if rec not in chosen]
        try:
            update_request = update_request_create(
                user=request.user,
                title=data["title"],
                message=data["message"],
                due_date=data["due_date"],
                recommendations=chosen,
                actions=data["actions"],
                institutions=data["institutions"],
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The update request was sent to the institutions."))
            return redirect(update_request)
    context = {
        "filter_form": filter_form,
        "filtered": filtered,
        "form": form,
        "recommendation_count": recommendations.count() if recommendations is not None else 0,
        "preview": list(recommendations[:PREVIEW_LENGTH]) if recommendations is not None else [],
        "responsible": institution_responsible_list(
            recommendations=recommendations if filtered else [],
            actions=action_ids,
        ),
        "action_ids": action_ids,
        "query": request.GET.urlencode(),
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "followup/request_form.html", context, status=status)


def request_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    update_request = get_object_or_404(
        selectors.update_request_list(user=request.user)
        .select_related("created_by")
        .prefetch_related("recommendations__document__mechanism", "actions__lead_institution"),
        pk=pk,
    )
    answers = [
        (institution, request_is_answered(request=update_request, institution=institution))
        for institution in update_request.institutions.all()
    ]
    context = {
        "update_request": update_request,
        "answers": answers,
        "answered_count": sum(1 for _institution, answered in answers if answered),
        "days_left": update_request.days_left(),
        "days_overdue": -update_request.days_left(),
        "entries": audit_history(obj=update_request)[:50],
    }
    return render(request, "followup/request_detail.html", context)
