"""Pages of the implementation plan: actions, their comments, indicators and measurements.
Each view looks the object up, validates the form, calls one service, then redirects or renders;
permissions and the audit trail are the services' business."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from rectrack.accounts.permissions import coordinator_required, is_coordinator
from rectrack.audit.selectors import audit_history
from rectrack.core.confirm import Consequence, confirm_page, confirmed, sampled
from rectrack.followup import permissions, selectors
from rectrack.followup.forms_planning import (
    ActionEditForm,
    ActionFilterForm,
    ActionForm,
    CommentForm,
    IndicatorForm,
    MeasurementForm,
    split_list,
)
from rectrack.followup.models import Action, Indicator
from rectrack.followup.picker import (
    prefill_problems,
    recommendation_pick_search,
    recommendation_pick_ticked,
)
from rectrack.followup.selectors import progress_update_list
from rectrack.followup.services.planning import (
    ConflictError,
    action_create,
    action_delete,
    action_update,
    comment_add,
    indicator_create,
    indicator_delete,
    measurement_add,
)
from rectrack.followup.views.merging import (
    carry_base,
    conflict_rows,
    data_after_conflict,
    fields_to_write,
    meanwhile_message,
    refuse_undecided,
)

HISTORY_LENGTH = 50


def add_service_errors(form, error: ValidationError) -> None:
    """Show a model's validation errors on the form fields they concern, the rest on top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def ids_from_query(request: HttpRequest, name: str) -> list[int]:
    """?recommendations=1,2,3 (or repeated parameters) as a list of numbers."""
    parts = split_list(" ".join(request.GET.getlist(name)))
    return [int(part) for part in parts if part.isdigit()]


def warn_about_prefill(request: HttpRequest, ids: list[int]) -> None:
    """On opening a form from a link or a selection, name the recommendations it cannot take."""
    if request.method == "GET":
        for problem in prefill_problems(user=request.user, ids=ids):
            messages.warning(request, problem)


def action_list_view(request: HttpRequest) -> HttpResponse:
    form = ActionFilterForm(request.GET or None)
    page = None
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        actions = selectors.action_search(
            status=data.get("status", ""),
            institution=data.get("institution"),
            overdue=bool(data.get("overdue")),
        )
        paginator = Paginator(actions, settings.RECTRACK_PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "can_plan": is_coordinator(request.user)}
    return render(request, "followup/action_list.html", context)


@coordinator_required
def action_create_view(request: HttpRequest) -> HttpResponse:
    """Plan an action; ?recommendations=1,2,3 (from a list, a selection, a cluster or a
    recommendation's page) shows those recommendations chosen in the picker."""
    initial = {"recommendations": ids_from_query(request, "recommendations")}
    form = ActionForm(request.POST or None, user=request.user, initial=initial)
    warn_about_prefill(request, initial["recommendations"])
    if request.method == "POST" and form.is_picker_step():
        return _action_form_page(request, {"form": form.picker_step()}, status=200)
    if request.method == "POST" and form.is_valid():
        fields, links = form.service_arguments()
        try:
            action = action_create(user=request.user, links=links, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The action was added to the plan."))
            return redirect(action)
    status = 400 if form.is_bound else 200
    return _action_form_page(request, {"form": form}, status=status)


@login_required
def recommendation_picker_view(request: HttpRequest) -> HttpResponse:
    """The picker's suggestions as the user types (htmx): the boxes already ticked among the
    suggestions stay ticked, then up to 20 more matches."""
    ticked_ids = [int(v) for v in request.GET.getlist("recommendations") if v.isdigit()]
    query = request.GET.get("picker_query", "").strip()
    ticked = recommendation_pick_ticked(user=request.user, ids=ticked_ids)
    found = recommendation_pick_search(user=request.user, query=query, exclude=ticked_ids)
    context = {
        "results": ticked + found,
        "ticked": {rec.pk for rec in ticked},
        "query": query,
        "searched": bool(query),
        "matched": bool(found),
    }
    return render(request, "followup/_picker_results.html", context)


def action_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    action = selectors.action_get(pk=pk)
    if not permissions.can_work_on(request.user, action=action):
        raise PermissionDenied
    form = carry_base(
        ActionEditForm(
            request.POST or None,
            user=request.user,
            initial=ActionForm.initial_from(action),
            responsibilities_editable=is_coordinator(request.user),
        )
    )
    context = {"form": form, "action": action}
    if request.method == "POST" and form.is_picker_step():
        context["form"] = form.picker_step()
        return _action_form_page(request, context, status=200)
    if request.method == "POST" and form.is_valid():
        changed, undecided = fields_to_write(form)
        if undecided:
            refuse_undecided(form, undecided)
            return _action_form_page(request, context, status=400)
        fields, links = form.service_arguments(only=changed)
        try:
            saved = action_update(
                action=action,
                user=request.user,
                base_version=form.cleaned_data["version"],
                links=links,
                **fields,
            )
        except ConflictError as conflict:
            return _action_conflict(request, action, form, conflict)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            meanwhile = meanwhile_message(Action, form, saved.changed_meanwhile)
            messages.success(request, " ".join([_("The action was saved."), meanwhile]).strip())
            return redirect(saved)
    status = 400 if form.is_bound else 200
    return _action_form_page(request, context, status=status)


def _action_conflict(request, action: Action, form, conflict: ConflictError) -> HttpResponse:
    """Nothing was saved: the page shows the others' changes beside the user's own, based on
    the version now saved, and asks which value to keep where both changed a field."""
    current = selectors.action_get(pk=action.pk)
    initial = ActionForm.initial_from(current)
    data = data_after_conflict(form, conflict, current=initial, version=current.version)
    form = carry_base(
        ActionEditForm(
            data,
            user=request.user,
            initial=initial,
            responsibilities_editable=is_coordinator(request.user),
        )
    )
    context = {
        "form": form,
        "action": current,
        "conflict": conflict.message,
        "conflict_rows": conflict_rows(Action, form, conflict),
    }
    return _action_form_page(request, context, status=409)


def _action_form_page(request, context: dict, status: int) -> HttpResponse:
    return render(request, "followup/action_form.html", context, status=status)


def action_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    action = selectors.action_get(pk=pk)
    can_work = permissions.can_work_on(request.user, action=action)
    context = {
        "action": action,
        "can_work": can_work,
        "can_plan": is_coordinator(request.user),
        "updates": progress_update_list(user=request.user, action=action).order_by("-created_at"),
        # Comments are coordination between the secretariat and the responsible institutions.
        "comments": action.comments.select_related("author") if can_work else None,
        "comment_form": CommentForm() if can_work else None,
        "entries": audit_history(obj=action)[:HISTORY_LENGTH],
    }
    return render(request, "followup/action_detail.html", context)


@coordinator_required
def action_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove an action after a confirmation naming what goes with it and what stays."""
    action = selectors.action_get(pk=pk)
    if confirmed(request):
        action_delete(action=action, user=request.user)
        messages.success(request, _("The action “%(title)s” was removed.") % {"title": action})
        return redirect("followup:action-list")
    return confirm_page(
        request,
        title=_("Remove an action"),
        question=_("Remove the action “%(title)s” from the plan?") % {"title": action},
        consequences=_action_delete_consequences(action),
        button=_("Remove the action"),
        cancel_url=action.get_absolute_url(),
    )


def _action_delete_consequences(action: Action) -> list[Consequence]:
    """What goes with an action (on_delete CASCADE: its updates, their evidence, its
    comments) and what stays, unlinked (recommendations, indicators)."""
    updates = action.progress_updates.select_related("institution").order_by("-created_at")
    count, comments = updates.count(), action.comments.count()
    consequences = [
        sampled(
            ngettext(
                "%(count)s progress update on it is deleted with it, with its evidence:",
                "%(count)s progress updates on it are deleted with it, with their evidence:",
                count,
            )
            % {"count": count}
            if count
            else _("It has no progress updates."),
            updates,
        ),
    ]
    if comments:
        consequences.append(
            Consequence(
                text=ngettext(
                    "%(count)s comment on it is deleted.",
                    "%(count)s comments on it are deleted.",
                    comments,
                )
                % {"count": comments}
            )
        )
    stays = [
        (
            _("These recommendations stay; this action no longer answers them:"),
            action.recommendations.select_related("document"),
        ),
        (_("These indicators stay; they no longer measure this action:"), action.indicators.all()),
    ]
    consequences += [sampled(text, objects) for text, objects in stays if objects.exists()]
    return consequences


@coordinator_required
def indicator_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove an indicator after a confirmation naming its measurements, which go with it."""
    indicator = selectors.indicator_get(pk=pk)
    if confirmed(request):
        indicator_delete(indicator=indicator, user=request.user)
        messages.success(
            request, _("The indicator “%(title)s” was removed.") % {"title": indicator}
        )
        return redirect("followup:action-list")
    measurements = indicator.measurements.order_by("-date")
    count = measurements.count()
    consequences = [
        sampled(
            ngettext(
                "Its %(count)s measurement is deleted with it:",
                "Its %(count)s measurements are deleted with it:",
                count,
            )
            % {"count": count},
            [
                f"{m.date}: {m.value:g}{' ' + indicator.unit if indicator.unit else ''}"
                for m in measurements
            ],
        ),
        Consequence(text=_("The actions and recommendations it measures stay.")),
    ]
    return confirm_page(
        request,
        title=_("Remove an indicator"),
        question=_("Remove the indicator “%(title)s”?") % {"title": indicator},
        consequences=consequences,
        button=_("Remove the indicator"),
        cancel_url=reverse("followup:indicator-detail", args=[indicator.pk]),
    )


@require_POST
def action_comment_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(Action, pk=pk)
    if not permissions.can_work_on(request.user, action=action):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        comment_add(user=request.user, body=form.cleaned_data["body"], action=action)
        messages.success(request, _("Your comment was added."))
    else:
        messages.error(request, _("The comment was empty or too long; nothing was added."))
    return redirect(f"{action.get_absolute_url()}#comments")


@coordinator_required
def indicator_create_view(request: HttpRequest) -> HttpResponse:
    initial = {
        "actions": ids_from_query(request, "actions"),
        "recommendations": ids_from_query(request, "recommendations"),
    }
    form = IndicatorForm(request.POST or None, user=request.user, initial=initial)
    warn_about_prefill(request, initial["recommendations"])
    if request.method == "POST" and form.is_picker_step():
        form = form.picker_step()
        return render(request, "followup/indicator_form.html", {"form": form})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        for name in form.picker_parts:
            data.pop(name, None)
        try:
            indicator = indicator_create(
                user=request.user,
                actions=data.pop("actions"),
                recommendations=data.pop("recommendations"),
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The indicator was added."))
            return redirect("followup:indicator-detail", indicator.pk)
    status = 400 if form.is_bound else 200
    return render(request, "followup/indicator_form.html", {"form": form}, status=status)


def _indicator_page(request, indicator: Indicator, form, status: int = 200) -> HttpResponse:
    context = {
        "indicator": indicator,
        "measurement_form": form,
        "can_plan": is_coordinator(request.user),
        "entries": audit_history(obj=indicator)[:HISTORY_LENGTH],
    }
    return render(request, "followup/indicator_detail.html", context, status=status)


def indicator_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = selectors.indicator_get(pk=pk)
    form = MeasurementForm() if permissions.can_add_measurement(request.user, indicator) else None
    return _indicator_page(request, indicator, form)


@require_POST
def measurement_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = selectors.indicator_get(pk=pk)
    if not permissions.can_add_measurement(request.user, indicator):
        raise PermissionDenied
    form = MeasurementForm(request.POST)
    if form.is_valid():
        try:
            measurement_add(indicator=indicator, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The measurement was recorded."))
            return redirect("followup:indicator-detail", indicator.pk)
    return _indicator_page(request, indicator, form, status=400)
