"""Progress update pages: write, correct, submit, review, and the evidence that supports them.
Each view looks the update up through the selector (which decides visibility), checks the
permission rule, calls one service and redirects or renders."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rectrack.accounts.permissions import is_coordinator
from rectrack.audit.selectors import audit_history
from rectrack.core.choices import ImplementationStatus
from rectrack.core.errors import ApplicationError
from rectrack.followup import permissions
from rectrack.followup.forms_work import (
    EvidenceForm,
    ProgressUpdateCreateForm,
    ProgressUpdateEditForm,
    ReturnForm,
)
from rectrack.followup.models import Action, ProgressUpdate
from rectrack.followup.selectors import (
    evidence_get,
    progress_update_get,
    reporting_institution_choices,
)
from rectrack.followup.services.planning import ConflictError
from rectrack.followup.services.updates import (
    UPDATE_FIELDS,
    evidence_add,
    progress_update_approve,
    progress_update_create,
    progress_update_edit,
    progress_update_return,
    progress_update_submit,
)
from rectrack.followup.views.merging import (
    carry_base,
    conflict_rows,
    data_after_conflict,
    fields_to_write,
    meanwhile_message,
    refuse_undecided,
)
from rectrack.recommendations.selectors import recommendation_get

HISTORY_LIMIT = 50


def _sees_workings(user, update: ProgressUpdate) -> bool:
    """The secretariat and the reporting institution see how an update was drafted; others
    (viewers) see only the approved result, never earlier draft wording in the history."""
    return is_coordinator(user) or permissions.reports_for(user, update)


def _detail_context(request: HttpRequest, update: ProgressUpdate, **forms) -> dict:
    user = request.user
    editable = permissions.can_edit_update(user, update)
    can_add_evidence = permissions.can_add_evidence(user, update)
    reviewable = permissions.can_review(user, update)
    history = audit_history(obj=update)[:HISTORY_LIMIT] if _sees_workings(user, update) else None
    return {
        "update": update,
        "subject": update.subject,
        "evidence_list": update.evidence.all(),
        "can_edit": editable,
        "can_add_evidence": can_add_evidence,
        "can_review": reviewable,
        "evidence_form": forms.get("evidence_form")
        or (EvidenceForm() if can_add_evidence else None),
        "return_form": forms.get("return_form") or (ReturnForm() if reviewable else None),
        "history": history,
    }


def update_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    update = progress_update_get(user=request.user, pk=pk)
    return render(request, "followup/update_detail.html", _detail_context(request, update))


def update_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A new update on a recommendation."""
    return _update_create(request, recommendation=recommendation_get(user=request.user, pk=pk))


def action_update_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A new update on an action of the plan."""
    action = get_object_or_404(Action.objects.select_related("lead_institution"), pk=pk)
    return _update_create(request, action=action)


# Where an action's update starts when nothing was approved on it yet.
ACTION_STATUS_START = {
    Action.Status.PLANNED: ImplementationStatus.NOT_STARTED,
    Action.Status.ONGOING: ImplementationStatus.IN_PROGRESS,
    Action.Status.DELAYED: ImplementationStatus.IN_PROGRESS,
    Action.Status.COMPLETED: ImplementationStatus.IMPLEMENTED,
    Action.Status.CANCELLED: ImplementationStatus.NOT_IMPLEMENTED,
}


def _starting_status(*, recommendation=None, action=None) -> str:
    """A new update starts from where its subject stands: the recommendation's current
    status, or for an action the status of its latest approved update (else its own state)."""
    if recommendation is not None:
        return recommendation.implementation_status
    latest = (
        action.progress_updates.filter(state=ProgressUpdate.State.APPROVED)
        .order_by("-reviewed_at", "-pk")
        .values_list("status", flat=True)
        .first()
    )
    return latest or ACTION_STATUS_START.get(action.status, ImplementationStatus.NOT_STARTED)


def _update_create(request: HttpRequest, *, recommendation=None, action=None) -> HttpResponse:
    if not permissions.can_work_on(request.user, recommendation=recommendation, action=action):
        raise PermissionDenied
    choices = reporting_institution_choices(
        user=request.user, recommendation=recommendation, action=action
    )
    form = ProgressUpdateCreateForm(
        request.POST or None,
        request.FILES or None,
        institutions=choices,
        initial={"status": _starting_status(recommendation=recommendation, action=action)},
    )
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        fields = dict(form.cleaned_data)
        fields.setdefault("institutions", None)
        try:
            update = progress_update_create(
                user=request.user,
                recommendation=recommendation,
                action=action,
                submit=submit,
                **fields,
            )
        except (ApplicationError, ValidationError) as error:
            _form_error(form, error)
        else:
            if submit:
                messages.success(request, _("Update submitted for review."))
            else:
                messages.success(request, _("Draft saved. Submit it when it is ready."))
            return redirect(update)
    context = {"form": form, "subject": recommendation or action, "update": None}
    return render(request, "followup/update_form.html", context, status=_status(form))


def update_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a draft or returned update; only the fields this user changed are written, so a
    colleague's save meanwhile is kept, and a field both changed is chosen explicitly."""
    update = progress_update_get(user=request.user, pk=pk)
    if not permissions.can_edit_update(request.user, update):
        raise PermissionDenied
    form = carry_base(ProgressUpdateEditForm(request.POST or None, initial=_edit_initial(update)))
    if request.method == "POST" and form.is_valid():
        changed, undecided = fields_to_write(form)
        if undecided:
            refuse_undecided(form, undecided)
        else:
            return _edit_save(request, update, form, changed)
    context = {"form": form, "subject": update.subject, "update": update}
    return render(request, "followup/update_form.html", context, status=_status(form))


def _edit_save(request: HttpRequest, update: ProgressUpdate, form, changed) -> HttpResponse:
    try:
        saved = progress_update_edit(
            update=update,
            user=request.user,
            base_version=form.cleaned_data["version"],
            **{name: form.cleaned_data[name] for name in changed if name in UPDATE_FIELDS},
        )
    except ConflictError as error:
        return _edit_conflict(request, update.pk, form, error)
    except (ApplicationError, ValidationError) as error:
        _form_error(form, error)
        context = {"form": form, "subject": update.subject, "update": update}
        return render(request, "followup/update_form.html", context, status=400)
    meanwhile = meanwhile_message(ProgressUpdate, form, saved.changed_meanwhile)
    done = _("Your changes to the update were saved.")
    if "submit" in request.POST:  # "Save and submit for review"
        try:
            progress_update_submit(update=saved, user=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            done = _("Your changes were saved and submitted for review.")
    messages.success(request, " ".join([done, meanwhile]).strip())
    return redirect(update)


def _edit_initial(update: ProgressUpdate) -> dict:
    return {
        "narrative": update.narrative,
        "status": update.status,
        "period_start": update.period_start,
        "period_end": update.period_end,
        "version": update.version,
    }


def _edit_conflict(request: HttpRequest, pk: int, form, error: ConflictError) -> HttpResponse:
    """Nothing was saved. Show what the other person changed beside the user's own values;
    the form is now based on the version saved, and asks which value to keep where both
    changed a field."""
    current = progress_update_get(user=request.user, pk=pk)
    initial = _edit_initial(current)
    data = data_after_conflict(form, error, current=initial, version=current.version)
    context = {
        "form": carry_base(ProgressUpdateEditForm(data, initial=initial)),
        "subject": current.subject,
        "update": current,
        "conflict": error.message,
    }
    context["conflict_rows"] = conflict_rows(ProgressUpdate, context["form"], error)
    return render(request, "followup/update_form.html", context, status=409)


@require_POST
def update_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    update = progress_update_get(user=request.user, pk=pk)
    if not permissions.can_edit_update(request.user, update):
        raise PermissionDenied
    try:
        progress_update_submit(update=update, user=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Update submitted for review."))
    return redirect(update)


def _not_reviewable(request: HttpRequest, update: ProgressUpdate) -> HttpResponse | None:
    """Only the secretariat reviews (403 for anyone else); a coordinator whose page is out of
    date is told the update is no longer waiting."""
    if not is_coordinator(request.user):
        raise PermissionDenied
    if not permissions.can_review(request.user, update):
        messages.error(request, _("This update is not waiting for review any more."))
        return redirect(update)
    return None


@require_POST
def update_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    update = progress_update_get(user=request.user, pk=pk)
    if refused := _not_reviewable(request, update):
        return refused
    try:
        update = progress_update_approve(update=update, reviewer=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Update approved."))
    return redirect(update)


@require_POST
def update_return_view(request: HttpRequest, pk: int) -> HttpResponse:
    update = progress_update_get(user=request.user, pk=pk)
    if refused := _not_reviewable(request, update):
        return refused
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            progress_update_return(
                update=update, reviewer=request.user, comment=form.cleaned_data["comment"]
            )
        except ApplicationError as error:
            form.add_error("comment", error.message)
        else:
            messages.success(request, _("Update returned to its institution for correction."))
            return redirect(update)
    context = _detail_context(request, update, return_form=form)
    return render(request, "followup/update_detail.html", context, status=400)


@require_POST
def evidence_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    update = progress_update_get(user=request.user, pk=pk)
    if not permissions.can_add_evidence(request.user, update):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        upload, link = form.cleaned_data["file"], form.cleaned_data["link"]
        try:
            evidence = evidence_add(update=update, user=request.user, upload=upload, link=link)
        except (ApplicationError, ValidationError) as error:
            _form_error(form, error, field="file" if upload else "link")
        else:
            messages.success(request, _("Evidence added: %(name)s") % {"name": evidence})
            return redirect(update)
    context = _detail_context(request, update, evidence_form=form)
    return render(request, "followup/update_detail.html", context, status=400)


def evidence_download_view(request: HttpRequest, pk: int) -> FileResponse:
    """The file, only to users who may see its update (404 to everyone else, so the
    existence of someone else's evidence is not revealed)."""
    evidence = evidence_get(user=request.user, pk=pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name or "evidence",
        content_type=evidence.content_type or "application/octet-stream",
    )


def _form_error(form, error: Exception, field: str | None = None) -> None:
    text = error.message if isinstance(error, ApplicationError) else " ".join(error.messages)
    form.add_error(field, text)


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200
