from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rectrack.accounts.permissions import coordinator_required
from rectrack.audit.readable import change_row
from rectrack.core.errors import ApplicationError
from rectrack.imports.forms import MappingForm, UploadForm
from rectrack.imports.models import ImportRun
from rectrack.imports.parsers.base import FileError
from rectrack.imports.selectors import import_progress, import_run_list
from rectrack.imports.services import (
    column_mapping_save,
    import_confirm,
    import_headers,
    import_remap,
    import_retry,
    import_runs_mark_interrupted,
    import_upload,
)
from rectrack.recommendations.models import Country, Recommendation


@coordinator_required
def import_list_view(request: HttpRequest) -> HttpResponse:
    import_runs_mark_interrupted()
    page = Paginator(import_run_list(user=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "imports/list.html", {"page": page})


@coordinator_required
def import_upload_view(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        saved = form.cleaned_data["saved_mapping"]
        try:
            run = import_upload(
                data=upload.read(),
                file_name=upload.name,
                user=request.user,
                format=form.cleaned_data["format"],
                encoding=form.cleaned_data["encoding"] or None,
                mapping=saved.mapping if saved else None,
                state=form.cleaned_data["state"],
            )
        except FileError as error:
            form.add_error("file", str(error))
        else:
            return redirect("imports:detail", run.pk)
    states = Country.objects.order_by("name").values_list("name", flat=True)
    return render(request, "imports/upload.html", {"form": form, "states": states})


@coordinator_required
def import_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    import_runs_mark_interrupted()
    run = get_object_or_404(import_run_list(user=request.user), pk=pk)
    context = {"run": run, "progress": import_progress(run=run), **_report_context(run)}
    if run.status == ImportRun.Status.FAILED and run.stored_file and _needs_mapping(run):
        headers = import_headers(run=run)
        if headers:
            context["mapping_form"] = MappingForm(headers=headers)
    if request.htmx:
        return render(request, "imports/_status.html", context)
    return render(request, "imports/detail.html", context)


def _report_context(run: ImportRun) -> dict:
    """The run's report, with its codes (positions, kinds of new entry, outcomes) in words."""
    report = run.report or {}
    done = run.status == ImportRun.Status.SUCCEEDED
    positions = dict(Recommendation.Position.choices)
    kinds = {
        "mechanisms": _("New mechanisms"),
        "states": _("New States"),
        "documents": _("New reviews and documents"),
        "themes": _("New themes"),
        "affected groups": _("New affected groups"),
    }
    outcomes = {
        "created": _("Examples of recommendations created")
        if done
        else _("Examples of recommendations that would be created"),
        "updated": _("Examples of recommendations updated")
        if done
        else _("Examples of recommendations that would be updated"),
        "unchanged": _("Examples of recommendations unchanged"),
    }
    duplicates = report.get("duplicates", [])[:50]
    return {
        "report": report,
        "duplicates": duplicates,
        "more_duplicates": report.get("repeated", 0) - len(duplicates),
        "positions": [
            (positions.get(code, _("No position")), count)
            for code, count in report.get("by_position", {}).items()
        ],
        "new_entries": [
            (kinds.get(kind, kind), names) for kind, names in report.get("new", {}).items()
        ],
        "changes": [
            (
                change["row"],
                change_row(Recommendation, change["field"], change["old"], change["new"]),
            )
            for change in report.get("changes", [])[:200]
        ],
        "samples": [
            (outcomes.get(outcome, outcome), rows)
            for outcome, rows in report.get("samples", {}).items()
            if rows
        ],
    }


def _needs_mapping(run: ImportRun) -> bool:
    return run.format == "table" or "mapping" in run.error.casefold()


@coordinator_required
@require_POST
def import_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(import_run_list(user=request.user), pk=pk)
    try:
        import_confirm(run=run, skip_invalid=request.POST.get("skip_invalid") == "1")
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("imports:detail", run.pk)


@coordinator_required
@require_POST
def import_mapping_view(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(import_run_list(user=request.user), pk=pk)
    form = MappingForm(request.POST, headers=import_headers(run=run))
    if not form.is_valid():
        context = {"run": run, "mapping_form": form, **_report_context(run)}
        return render(request, "imports/detail.html", context, status=400)
    mapping = form.mapping()
    if form.cleaned_data["name"]:
        column_mapping_save(name=form.cleaned_data["name"], mapping=mapping, user=request.user)
        messages.success(request, _("Column mapping saved."))
    try:
        import_remap(run=run, mapping=mapping)
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("imports:detail", run.pk)


@coordinator_required
@require_POST
def import_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(import_run_list(user=request.user), pk=pk)
    try:
        import_retry(run=run)
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("imports:detail", run.pk)
