"""Imports, for the secretariat (coordinators and administrators): upload a file, read the
dry run's report, confirm it. The same services and checks as the web upload."""

import datetime
from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from rectrack.accounts.permissions import is_coordinator
from rectrack.api.errors import (
    ErrorOut,
    InvalidInput,
    InvalidOut,
    UnknownRecords,
    form_errors,
    require,
)
from rectrack.api.pagination import PageOut, PageQuery, paged
from rectrack.api.schemas import Choice, Flag, Id, Text
from rectrack.imports.forms import UploadForm, format_choices
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


# `auto`, or one of the formats a parser reads (the web upload's choices).
FORMATS = Literal[tuple(name for name, _label in format_choices())]


# The text encodings a CSV file may be declared in (when detection misreads it): those of
# the six UN languages' usual files, and the Western ones spreadsheet programs write.
ENCODINGS = Literal[
    "",
    "utf-8",
    "utf-8-sig",
    "utf-16",
    "cp1252",
    "latin-1",
    "iso-8859-15",
    "mac-roman",
    "cp1250",
    "cp1251",
    "koi8-r",
    "cp1256",
    "iso-8859-6",
    "gb18030",
    "gbk",
    "big5",
]


# The upload's file part (declared once, as Django Ninja reads a parameter's default).
THE_FILE = File(
    ..., description="The file: .docx, .xlsx, .csv or .json, never empty.", min_length=1
)


class UploadIn(Schema):
    format: FORMATS = Field(
        "auto", description="`auto` (detected from the file), or the format it is in."
    )
    encoding: ENCODINGS = Field("", description="Only for a CSV file whose encoding is misread.")
    state: Text = Field(
        "",
        description="Import only this State's rows: its name, or an ISO code recorded on it.",
    )


class ConfirmIn(Schema):
    skip_invalid: Flag = False


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
    options: Form[UploadIn],
    file: UploadedFile = THE_FILE,
):
    """Upload a file (UHRI export, OHCHR thematic list, UPR Info export, Rectrack export): it
    is checked and previewed (a dry run); nothing is imported until the import is confirmed.
    A table whose columns need a mapping ends `failed`, saying so: map it on the web page."""
    require(is_coordinator(request.user))
    form = UploadForm(options.model_dump(), {"file": file})
    if not form.is_valid():
        errors = form.errors.as_data()
        if list(errors) == ["state"] and errors["state"][0].code == "unknown_state":
            raise UnknownRecords(
                field="state", message=errors["state"][0].messages[0], location="form"
            )
        raise InvalidInput(form_errors(form), location="form")
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
        raise InvalidInput({"file": [str(error)]}, location="form") from None
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
