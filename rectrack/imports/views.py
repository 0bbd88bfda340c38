from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rectrack.accounts.permissions import coordinator_required
from rectrack.audit.readable import change_row
from rectrack.core.errors import ApplicationError
from rectrack.imports.forms import FIXED_LABELS, FIXED_PREFIX, MappingForm, UploadForm
from rectrack.imports.models import ImportRun
from rectrack.imports.parsers.base import FileError
from rectrack.imports.selectors import (
    column_mapping_for_headers,
    import_progress,
    import_run_list,
)
from rectrack.imports.services import (
    column_mapping_save,
    import_confirm,
    import_headers,
    import_remap,
    import_retry,
    import_runs_mark_interrupted,
    import_upload,
)
from rectrack.recommendations.models import Country, Mechanism, Recommendation


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
    if _needs_mapping(run):
        context.update(_mapping_context(run))
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
    institutions = report.get("institutions") or {}
    return {
        "fixed_values": _fixed_values(run),
        "institutions": institutions,
        "institutions_matched": sorted((institutions.get("matched") or {}).items()),
        "institutions_unknown": sorted((institutions.get("unknown") or {}).items()),
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


def _fixed_values(run: ImportRun) -> list[tuple[str, str]]:
    """The values the run's mapping fixes for the whole file, in words."""
    mapping = (run.options or {}).get("mapping") or {}
    words = {**dict(Recommendation.Type.choices), **dict(Recommendation.Position.choices)}
    found = []
    for name, label in FIXED_LABELS.items():
        value = mapping.get(f"{FIXED_PREFIX}{name}")
        if value:
            shown = words.get(value, value) if name in ("type", "position") else value
            found.append((label, shown))
    return found


def _needs_mapping(run: ImportRun) -> bool:
    """A stored upload no format recognised, or one read through a mapping and waiting to be
    confirmed (its mapping can still be changed)."""
    if not run.stored_file:
        return False
    if run.status == ImportRun.Status.FAILED:  # as a table, or as a whole (the error's words
        # are in the uploader's language): a table's headers then offer the mapping
        return run.format == "table" or not (run.report or {}).get("rows")
    return run.status == ImportRun.Status.PREVIEWED and run.format == "table"


def _mapping_context(run: ImportRun, form: MappingForm | None = None) -> dict:
    """The mapping form, filled with the run's own mapping, else with the mapping saved for
    files with the same headers (and said so), and the known names its fields offer."""
    headers = import_headers(run=run)
    if not headers:
        return {}
    saved = None
    mapping = run.options.get("mapping") or {}
    if not mapping:
        saved = column_mapping_for_headers(headers=headers)
        mapping = saved.mapping if saved else {}
    return {
        "mapping_form": form or MappingForm(headers=headers, mapping=mapping),
        "saved_mapping": saved,
        "states": Country.objects.order_by("name").values_list("name", flat=True),
        "mechanisms": Mechanism.objects.order_by("code").values_list("code", "name"),
    }


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
    headers = import_headers(run=run)
    form = MappingForm(request.POST, headers=headers)
    if not form.is_valid():
        context = {"run": run, **_report_context(run), **_mapping_context(run, form)}
        return render(request, "imports/detail.html", context, status=400)
    mapping = form.mapping()
    if form.cleaned_data["name"]:
        column_mapping_save(
            name=form.cleaned_data["name"], mapping=mapping, user=request.user, headers=headers
        )
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
