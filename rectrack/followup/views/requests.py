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
from django.utils.translation import ngettext

from rectrack.accounts.permissions import coordinator_required, is_coordinator
from rectrack.audit.selectors import audit_history
from rectrack.core.errors import ApplicationError
from rectrack.followup import permissions, selectors
from rectrack.followup.forms_planning import UpdateRequestForm
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
        "can_plan": is_coordinator(request.user),
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
            messages.success(request, told_message(update_request))
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


def told_message(update_request) -> str:
    """What the flash message after making a request can truthfully say: the e-mails to
    those who want them at once were tried when the request was saved."""
    told = selectors.update_request_told(request=update_request)
    notifications = {n.recipient_id: n for row in told for n in row["told"]}.values()
    emailed = sum(1 for n in notifications if n.email == n.Email.SENT)
    failed = sum(1 for n in notifications if n.email_attempts and n.email == n.Email.PENDING)
    nobody = [str(row["institution"]) for row in told if not row["told"]]
    text = ngettext(
        "The update request was made and %(count)s focal point was told in Rectrack "
        "(%(emailed)s by e-mail).",
        "The update request was made and %(count)s focal points were told in Rectrack "
        "(%(emailed)s by e-mail).",
        len(notifications),
    ) % {"count": len(notifications), "emailed": emailed}
    if failed:
        text += " " + ngettext(
            "%(count)s e-mail could not be sent yet: it will be retried.",
            "%(count)s e-mails could not be sent yet: they will be retried.",
            failed,
        ) % {"count": failed}
    if nobody:
        text += " " + _("Nobody could be told at: %(names)s (see below).") % {
            "names": ", ".join(nobody)
        }
    return text


def request_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    update_request = get_object_or_404(
        selectors.update_request_list(user=request.user)
        .select_related("created_by")
        .prefetch_related("recommendations__document__mechanism", "actions__lead_institution"),
        pk=pk,
    )
    told = selectors.update_request_told(request=update_request)
    # Who was told, and how, is the secretariat's to see; a focal point sees it for their own
    # institutions only (other ministries' people and e-mail choices are not theirs).
    secretariat = is_coordinator(request.user)
    mine = permissions.institution_ids(request.user)
    # One computation for every institution asked, not one per institution.
    pending = selectors.update_request_pending(requests=[update_request])[update_request.pk]
    for row in told:
        row["answered"] = not pending.get(row["institution"].pk)
        if not secretariat and row["institution"].pk not in mine:
            row["told"], row["no_address"] = None, []
    answers = [(row["institution"], row["answered"]) for row in told]
    context = {
        "update_request": update_request,
        "answers": answers,
        "told": told,
        "nobody_told": [row["institution"] for row in told if row["told"] == []],
        "no_address": [row for row in told if row["no_address"]],
        "can_administer": request.user.is_staff,
        "answered_count": sum(1 for _institution, answered in answers if answered),
        "days_left": update_request.days_left(),
        "days_overdue": -update_request.days_left(),
        "entries": audit_history(obj=update_request)[:50],
    }
    return render(request, "followup/request_detail.html", context)
