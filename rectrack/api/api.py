"""The REST API, version 1, under /api/v1/: routers, authentication, error format. The
OpenAPI description (/api/v1/openapi.json) and the browsable documentation (/api/v1/docs)
are generated from these functions and their schemas, so they cannot drift from the code."""

from django.contrib.auth.decorators import login_not_required
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Swagger

from rectrack.api.auth import api_auth
from rectrack.api.errors import install_error_handlers
from rectrack.api.routers import actions, imports, progress, recommendations, reference

DESCRIPTION = _(
    "Rectrack's data for programs: recommendations (with the web list's filters, facets and "
    "full-text search), mechanisms, documents, taxonomies, institutions, the implementation "
    "plan, progress updates and imports. Authenticate with a personal token made on your "
    "profile page: `Authorization: Bearer rt_…`. Every call is answered with your own "
    "permissions, exactly as the web pages are. Lists are paged (`page`, `page_size`)."
)

api = NinjaAPI(
    title="Rectrack API",
    version="1",
    description=DESCRIPTION,
    auth=api_auth,
    urls_namespace="api-v1",
    docs=Swagger(settings={"persistAuthorization": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
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
