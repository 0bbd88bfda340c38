"""One error format for the whole API: {"detail": message} or, for invalid input,
{"detail": [{"loc": [...], "msg": message, "type": kind}]}, whatever refused the request
(a permission rule, a business rule, a model's validation, a form's)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from ninja import Field, NinjaAPI, Schema
from ninja.errors import ValidationError as InputInvalid

from rectrack.core.errors import ApplicationError, NotAllowed
from rectrack.followup.services.planning import ConflictError


class ErrorOut(Schema):
    detail: str


class InvalidField(Schema):
    loc: list[str | int] = Field(description='Where: ["query" or "body" or "form", field].')
    msg: str
    type: str


class InvalidOut(Schema):
    """Invalid input, field by field (HTTP 422)."""

    detail: list[InvalidField]


class ConflictOut(Schema):
    """A field you change was changed by someone else since your `version` (HTTP 409)."""

    detail: str
    changes: dict[str, list] = Field(description="What the others changed: [old, new].")
    fields: list[str] = Field(description="The fields you both changed, to different values.")


class InvalidInput(Exception):
    """Input that passed the schema but not a form's or a model's checks: field by field."""

    def __init__(self, errors: dict[str, list[str]], *, location: str = "body"):
        super().__init__(errors)
        self.errors = errors
        self.location = location


class UnknownRecords(Exception):
    """A request naming records that do not exist (or that the caller may not see): 404,
    saying where ({"detail": "body, lead_institution: These do not exist: 5."})."""

    def __init__(self, *, field: str, message: str, location: str = "body"):
        super().__init__(message)
        self.detail = f"{location}, {field}: {message}"


def form_errors(form) -> dict[str, list[str]]:
    return {
        field: [str(message) for message in messages] for field, messages in form.errors.items()
    }


def require(allowed: bool) -> None:
    """Refuse (403) what the caller's role does not allow."""
    if not allowed:
        raise PermissionDenied


def invalid_detail(errors: dict[str, list[str]], location: str) -> list[dict]:
    return [
        {
            "loc": [location] if field == "__all__" else [location, field],
            "msg": str(message),
            "type": "invalid",
        }
        for field, messages in errors.items()
        for message in messages
    ]


# The names the routers give their schema-typed parameters (a body, a query's filters and
# paging): Django Ninja puts them in an error's place, where a caller expects the field.
SCHEMA_PARAMETERS = {"body", "filters", "paging", "options"}


def input_invalid_detail(errors: list[dict]) -> list[dict]:
    """Django Ninja's input errors in the API's one shape: ["body" | "query" | "path", field]
    (then an index, for a list's item), the message, its kind."""
    detail = []
    for error in errors:
        where = list(error.get("loc", ()))
        if len(where) >= 3 and where[1] in SCHEMA_PARAMETERS:
            del where[1]
        if where and where[0] == "file":  # an uploaded file is a part of the form
            where[0] = "form"
        detail.append(
            {"loc": where, "msg": str(error.get("msg", "")), "type": error.get("type", "invalid")}
        )
    return detail


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(InputInvalid)
    def input_invalid(request, exc):
        body = {"detail": input_invalid_detail(exc.errors)}
        return api.create_response(request, body, status=422)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return api.create_response(request, {"detail": _("You may not do this.")}, status=403)

    @api.exception_handler(UnknownRecords)
    def unknown_records(request, exc):
        return api.create_response(request, {"detail": exc.detail}, status=404)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, {"detail": _("Not found.")}, status=404)

    @api.exception_handler(ConflictError)
    def conflict(request, exc):
        body = {"detail": exc.message, "changes": exc.changes, "fields": exc.fields}
        return api.create_response(request, body, status=409)

    @api.exception_handler(NotAllowed)
    def not_allowed(request, exc):
        return api.create_response(request, {"detail": exc.message}, status=403)

    @api.exception_handler(ApplicationError)
    def refused(request, exc):
        return api.create_response(request, {"detail": exc.message}, status=400)

    @api.exception_handler(ValidationError)
    def model_invalid(request, exc):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        body = {"detail": invalid_detail(errors, "body")}
        return api.create_response(request, body, status=422)

    @api.exception_handler(InvalidInput)
    def form_invalid(request, exc):
        body = {"detail": invalid_detail(exc.errors, exc.location)}
        return api.create_response(request, body, status=422)


def page_not_found(request: HttpRequest, exception) -> HttpResponse:
    """The site's 404 (settings: rectrack.urls.handler404): in JSON for any address under
    /api/ (an unknown operation, or an id that is not a number), the page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)
