"""The REST API, version 1, under /api/v1/: routers, authentication, error format. The
OpenAPI description (/api/v1/openapi.json) and the browsable documentation (/api/v1/docs)
are generated from these functions and their schemas, so they cannot drift from the code."""

from django.contrib.auth.decorators import login_not_required
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Swagger

from rectrack.api.auth import TokenRateThrottle, api_auth
from rectrack.api.errors import install_error_handlers
from rectrack.api.routers import actions, imports, progress, recommendations, reference

DESCRIPTION = _(
    "Rectrack's data for programs: recommendations (with the web list's filters, facets and "
    "full-text search), mechanisms, documents, taxonomies, institutions, the implementation "
    "plan, progress updates and imports. Authenticate with a personal token made on your "
    "profile page: `Authorization: Bearer rt_…`. Every call is answered with your own "
    "permissions, exactly as the web pages are. Lists are paged (`page`, `page_size`)."
)

ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
INVALID = {"application/json": {"schema": {"$ref": "#/components/schemas/InvalidOut"}}}
# What any operation may answer whatever it does, documented once for all of them.
EVERY_OPERATION = {
    401: {
        "description": "Neither a valid token nor a signed-in session (a token unknown, "
        "revoked or expired, or its user deactivated).",
        "content": ERROR,
    },
    429: {
        "description": "Too many calls with this token (RECTRACK_API_RATE): wait the seconds "
        "the Retry-After header gives.",
        "headers": {"Retry-After": {"schema": {"type": "integer"}}},
        "content": ERROR,
    },
}
UNREADABLE = {
    "description": "The body cannot be read: not JSON, or not the form data it should be.",
    "content": ERROR,
}
PAGING = {"page", "page_size"}  # the only parameters that never name a record
NOT_FOUND = {"description": "No such record, or not one you may see.", "content": ERROR}
UNPROCESSABLE = {
    "description": 'Invalid input, field by field: where (["path" | "query" | "body", '
    "name]), what is wrong, its kind.",
    "content": INVALID,
}


class RectrackAPI(NinjaAPI):
    """Django Ninja's API, with the answers every operation may give in its description:
    401 and 429 everywhere, 404 wherever a path names a record, 422 wherever input is read,
    400 wherever a body is (one that cannot be parsed)."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for path, operations in schema["paths"].items():
            for operation in operations.values():
                responses = operation["responses"]
                for status, response in EVERY_OPERATION.items():
                    responses.setdefault(status, response)
                named = [p for p in operation.get("parameters", []) if p["name"] not in PAGING]
                if "{" in path or named or operation.get("requestBody"):
                    responses.setdefault(404, NOT_FOUND)  # a record named that does not exist
                if operation.get("parameters") or operation.get("requestBody"):
                    responses.setdefault(422, UNPROCESSABLE)
                if operation.get("requestBody"):
                    responses.setdefault(400, UNREADABLE)
        return schema


api = RectrackAPI(
    title="Rectrack API",
    version="1",
    description=DESCRIPTION,
    auth=api_auth,
    urls_namespace="api-v1",
    docs=Swagger(settings={"persistAuthorization": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
    throttle=[TokenRateThrottle()],
)
install_error_handlers(api)
api.add_router("", reference.router)
api.add_router("", recommendations.router)
api.add_router("", actions.router)
api.add_router("", progress.router)
api.add_router("", imports.router)


def urls():
    """The API's URL patterns. The API answers anonymous calls itself (401 in JSON, never a
    redirect to the sign-in page), so the site-wide sign-in requirement is lifted here."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        login_not_required(pattern.callback)
    return patterns, app_name, namespace
