"""Imports, for the secretariat (coordinators and administrators): upload a file, read the
dry run's report, confirm it. The same services and checks as the web upload."""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from rectrack.api.errors import ErrorOut, InvalidInput, InvalidOut, form_errors, require
from rectrack.api.pagination import PageOut, PageQuery, paged
from rectrack.api.schemas import Choice, Id, Text
from rectrack.followup.permissions import is_coordinator
from rectrack.imports.forms import UploadForm
from rectrack.imports.models import ImportRun
from rectrack.imports.parsers.base import FileError
from rectrack.imports.selectors import import_run_list
from rectrack.imports.services import import_confirm, import_upload

router = Router(tags=["Imports"])


class ImportRunOut(Schema):
    id: int
    file_name: str
    format: str
    status: Choice[ImportRun.Status]
    rows: int
    created: int
    updated: int
    unchanged: int
    skipped: int
    error: str
    report: dict
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
    user: str | None

    @staticmethod
    def resolve_user(obj) -> str | None:
        return obj.user.get_username() if obj.user else None


class UploadIn(Schema):
    format: Text = Field("auto", description="`auto`, or one of the web upload's formats.")
    encoding: Text = Field("", description="Only for a CSV file whose encoding is misread.")
    state: Text = Field(
        "",
        description="Import only this State's rows: its name, or an ISO code recorded on it.",
    )


class ConfirmIn(Schema):
    skip_invalid: bool = False


def _runs(request):
    require(is_coordinator(request.user))
    return import_run_list(user=request.user)


@router.get(
    "/imports", response={200: PageOut[ImportRunOut], 403: ErrorOut}, operation_id="listImports"
)
def imports(request, paging: Query[PageQuery]):
    return paged(request, _runs(request).order_by("-created_at", "-pk"), paging)


@router.get(
    "/imports/{run_id}",
    response={200: ImportRunOut, 403: ErrorOut, 404: ErrorOut},
    operation_id="getImport",
)
def import_run(request, run_id: Id):
    """An import and its report; while `status` is `running`, ask again."""
    return get_object_or_404(_runs(request), pk=run_id)


@router.post(
    "/imports",
    response={202: ImportRunOut, 403: ErrorOut, 422: InvalidOut},
    operation_id="createImport",
)
def upload(
    request,
    file: File[UploadedFile],
    options: Form[UploadIn],
):
    """Upload a file (UHRI export, OHCHR thematic list, UPR Info export, Rectrack export): it
    is checked and previewed (a dry run); nothing is imported until the import is confirmed.
    A table whose columns need a mapping ends `failed`, saying so: map it on the web page."""
    require(is_coordinator(request.user))
    form = UploadForm(options.model_dump(), {"file": file})
    if not form.is_valid():
        raise InvalidInput(form_errors(form))
    try:
        run = import_upload(
            data=file.read(),
            file_name=file.name,
            user=request.user,
            format=form.cleaned_data["format"],
            encoding=form.cleaned_data["encoding"] or None,
            state=form.cleaned_data["state"],
        )
    except FileError as error:
        raise InvalidInput({"file": [str(error)]}) from None
    run.refresh_from_db()
    return Status(202, run)


@router.post(
    "/imports/{run_id}/confirm",
    response={202: ImportRunOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    operation_id="confirmImport",
)
def confirm(request, run_id: Id, body: ConfirmIn):
    """Import a previewed file for real (optionally skipping the rows with errors)."""
    run = get_object_or_404(_runs(request), pk=run_id)
    run = import_confirm(run=run, skip_invalid=body.skip_invalid)
    run.refresh_from_db()
    return Status(202, run)
