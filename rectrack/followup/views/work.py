"""The work around a recommendation (assignments, status, comments, the follow-up panel on its
page), bulk assignment from the filtered list, and each focal point's "my work" page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from rectrack.accounts.permissions import coordinator_required, is_coordinator
from rectrack.audit.selectors import audit_history
from rectrack.core.confirm import Consequence, confirm_page, confirmed, sampled
from rectrack.core.errors import ApplicationError
from rectrack.followup import permissions
from rectrack.followup.forms_work import AssignmentForm, CommentForm, StatusForm
from rectrack.followup.models import Assignment, BulkAssignment, Evidence, ProgressUpdate
from rectrack.followup.selectors import my_work, progress_update_list, work_items
from rectrack.followup.services.planning import (
    assignment_remove,
    assignment_set,
    bulk_assignment_undo,
    comment_add,
    recommendations_bulk_assign,
)
from rectrack.followup.services.updates import recommendation_status_set
from rectrack.recommendations.forms import RecommendationFilterForm
from rectrack.recommendations.models import Recommendation
from rectrack.recommendations.selection import (
    confirmation_page,
    confirmation_required,
    list_url,
    selection_read,
)
from rectrack.recommendations.selectors import recommendation_get

HISTORY_LIMIT = 30
MY_WORK_PAGE_SIZE = 25
MY_WORK_ACTIONS_LIMIT = 50


def recommendation_panel(*, user, recommendation: Recommendation) -> dict:
    """What the follow-up panel of a recommendation's page shows this user, in a bounded
    number of queries whatever the number of assignments, updates or comments."""
    coordinator = is_coordinator(user)
    can_work = permissions.can_work_on(user, recommendation=recommendation)
    updates = list(
        progress_update_list(user=user, recommendation=recommendation).prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("created_at"))
        )
    )
    approved = [u for u in updates if u.state == ProgressUpdate.State.APPROVED and u.reviewed_at]
    return {
        "recommendation": recommendation,
        "assignments": recommendation.assignments.select_related("institution"),
        "actions": recommendation.actions.select_related("lead_institution"),
        "updates": updates,
        # The update the current status comes from, to say whether it was set directly.
        "status_source": max(approved, key=lambda u: (u.reviewed_at, u.pk), default=None),
        "comments": recommendation.comments.select_related("author"),
        "history": audit_history(obj=recommendation)[:HISTORY_LIMIT],
        "is_coordinator": coordinator,
        "can_work": can_work,
        "assign_form": AssignmentForm() if coordinator else None,
        "status_form": StatusForm(initial={"status": recommendation.implementation_status})
        if coordinator
        else None,
        "comment_form": CommentForm() if can_work else None,
    }


def _back_to(recommendation: Recommendation) -> HttpResponse:
    return redirect(recommendation.get_absolute_url() + "#follow-up")


def _form_errors(request: HttpRequest, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            text = _("%(field)s: %(error)s") % {"field": label, "error": error}
            messages.error(request, text if label else error)


@coordinator_required
@require_POST
def assign_view(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = recommendation_get(user=request.user, pk=pk)
    form = AssignmentForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back_to(recommendation)
    assignment = assignment_set(
        recommendation=recommendation, user=request.user, **form.cleaned_data
    )
    messages.success(
        request,
        _("%(institution)s is now %(role)s on this recommendation.")
        % {"institution": assignment.institution, "role": assignment.get_role_display().lower()},
    )
    return _back_to(recommendation)


@coordinator_required
def assignment_remove_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a responsible institution, after a confirmation saying what it leaves: nobody
    becomes lead in its place."""
    assignment = get_object_or_404(
        Assignment.objects.select_related("institution", "recommendation__document"), pk=pk
    )
    recommendation, institution = assignment.recommendation, assignment.institution
    if not confirmed(request):
        names = {"institution": institution, "recommendation": recommendation}
        others = [
            other.institution
            for other in recommendation.assignments.select_related("institution").exclude(
                pk=assignment.pk
            )
        ]
        if assignment.role == Assignment.Role.LEAD:
            consequences = [
                Consequence(
                    text=_(
                        "%(recommendation)s will have no lead institution: nobody becomes "
                        "lead in its place until you choose one."
                    )
                    % names
                )
            ]
        else:
            consequences = []
        if others:
            consequences.append(sampled(_("These institutions stay responsible for it:"), others))
        return confirm_page(
            request,
            title=_("Remove a responsible institution"),
            question=_("Remove %(institution)s (%(role)s) from %(recommendation)s?")
            % {**names, "role": assignment.get_role_display().lower()},
            consequences=consequences,
            button=_("Remove %(institution)s") % names,
            cancel_url=recommendation.get_absolute_url() + "#follow-up",
        )
    assignment_remove(assignment=assignment, user=request.user)
    messages.success(
        request,
        _("%(institution)s is no longer assigned to this recommendation.")
        % {"institution": institution},
    )
    return _back_to(recommendation)


@coordinator_required
@require_POST
def status_set_view(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = recommendation_get(user=request.user, pk=pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back_to(recommendation)
    try:
        update = recommendation_status_set(
            recommendation=recommendation, user=request.user, **form.cleaned_data
        )
    except (ApplicationError, ValidationError) as error:
        messages.error(request, getattr(error, "message", None) or " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Implementation status set to %(status)s.") % {"status": update.get_status_display()},
        )
    return _back_to(recommendation)


@require_POST
def comment_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = recommendation_get(user=request.user, pk=pk)
    if not permissions.can_work_on(request.user, recommendation=recommendation):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back_to(recommendation)
    comment_add(user=request.user, recommendation=recommendation, body=form.cleaned_data["body"])
    messages.success(request, _("Comment added."))
    return _back_to(recommendation)


@coordinator_required
@require_POST
def bulk_assign_view(request: HttpRequest) -> HttpResponse:
    """Assign the list's ticked recommendations, or all matching its filters (every page),
    to an institution. Over 20, a confirmation first; the result page offers to undo."""
    form = AssignmentForm(request.POST)
    back = list_url(request.POST)
    selection = selection_read(user=request.user, data=request.POST)
    if selection.problems:
        for problem in selection.problems:
            messages.error(request, problem)
        return redirect(back)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(back)
    institution, role = form.cleaned_data["institution"], form.cleaned_data["role"]
    if confirmation_required(request, selection):
        question = ngettext(
            "Assign %(count)d recommendation to %(institution)s (%(role)s)?",
            "Assign %(count)d recommendations to %(institution)s (%(role)s)?",
            selection.count,
        ) % {
            "count": selection.count,
            "institution": institution,
            "role": Assignment.Role(role).label.lower(),
        }
        return confirmation_page(
            request, selection=selection, question=question, button=_("Assign them")
        )
    batch = recommendations_bulk_assign(
        recommendations=selection.recommendations.prefetch_related(None),
        institution=institution,
        role=role,
        user=request.user,
    )
    request.session["bulk_assign_back"] = back
    return redirect(batch)


@coordinator_required
def bulk_assign_result_view(request: HttpRequest, pk: int) -> HttpResponse:
    """What a bulk assignment did, with the button that undoes it (until it is undone)."""
    batch = get_object_or_404(
        BulkAssignment.objects.select_related("institution", "created_by", "undone_by"), pk=pk
    )
    back = request.session.get("bulk_assign_back") or reverse("recommendations:list")
    kept = Recommendation.objects.filter(pk__in=batch.kept).select_related("document")
    context = {"batch": batch, "back": back, "kept": kept}
    return render(request, "followup/bulk_assign_result.html", context)


@coordinator_required
@require_POST
def bulk_assign_undo_view(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(BulkAssignment, pk=pk)
    try:
        batch = bulk_assignment_undo(bulk_assignment=batch, user=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(batch)
    restored = batch.count - len(batch.kept)
    messages.success(
        request,
        ngettext(
            "Undone: the assignments of %(count)d recommendation are as they were before.",
            "Undone: the assignments of %(count)d recommendations are as they were before.",
            restored,
        )
        % {"count": restored},
    )
    if batch.kept:
        messages.warning(
            request,
            ngettext(
                "%(count)d recommendation was left as it is: its assignments were changed "
                "after this step.",
                "%(count)d recommendations were left as they are: their assignments were "
                "changed after this step.",
                len(batch.kept),
            )
            % {"count": len(batch.kept)},
        )
    return redirect(batch)


def bulk_assign_context(request: HttpRequest, page) -> dict:
    """The bulk-assignment form under the recommendations list (coordinators only): the
    list's current filters travel with it as hidden fields, the ticked rows with the
    selection form it belongs to."""
    if not is_coordinator(request.user):
        return {}
    filter_names = set(RecommendationFilterForm.base_fields)
    hidden = [
        (name, value)
        for name in request.GET
        if name in filter_names
        for value in request.GET.getlist(name)
        if value
    ]
    # Its fields belong to the list's selection form, which other steps submit too: no
    # browser-side "required" (the server names a missing institution).
    form = AssignmentForm(auto_id="bulk-%s", use_required_attribute=False)
    for field in form.fields.values():
        field.widget.attrs["form"] = "selection"
    return {
        "bulk_assign_form": form,
        "bulk_assign_filters": hidden,
        "bulk_assign_count": page.paginator.count if page is not None else 0,
    }


def my_work_view(request: HttpRequest) -> HttpResponse:
    """A focal point's page: first what to report on now (requested, returned, drafts), then
    everything assigned to their institutions, each with its text, due date, state and the
    button to write, continue or correct the update. Plain and small, for slow connections."""
    today = timezone.localdate()
    work = my_work(user=request.user, today=today)
    recommendations = Paginator(
        work["recommendations"].order_by("document__date", "pk"), MY_WORK_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    actions = list(work["actions"].order_by("deadline", "title", "pk")[:MY_WORK_ACTIONS_LIMIT])
    items = work_items(
        user=request.user,
        subjects=[*recommendations.object_list, *actions],
        due=work["due"],
        today=today,
    )
    context = {
        "institutions": work["institutions"],
        "todo": work["todo"],
        "to_review": work["to_review"],
        "recommendations": recommendations,
        "recommendation_items": [item for item in items if not item.is_action],
        "action_items": [item for item in items if item.is_action],
        "action_count": len(actions)
        if len(actions) < MY_WORK_ACTIONS_LIMIT
        else work["actions"].count(),
        "actions_limit": MY_WORK_ACTIONS_LIMIT,
    }
    return render(request, "followup/my_work.html", context)
