"""The OpenAPI description is the contract: served at /api/v1/openapi.json, valid, and
kept by the application. Schemathesis reads it from the running application and calls
every operation with generated input, valid and invalid (hypothesis), as an administrator,
a focal point and a viewer, with all its checks: no server error, every status and answer
as described, valid input accepted, invalid input refused. The suite runs again on
PostgreSQL in CI, so there too."""

import re

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from rectrack.accounts.services import api_token_create
from rectrack.api.api import api

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


def test_operation_ids_read_as_a_generated_clients_methods_and_every_answer_is_described():
    """listRecommendations, createAction ...: what a generated client names its methods;
    401 and 429 on every operation, 404 wherever a path names a record."""
    described = api.get_openapi_schema()["paths"]
    ids = [op["operationId"] for ops in described.values() for op in ops.values()]
    assert len(set(ids)) == len(ids)
    assert all(
        re.fullmatch(r"(list|get|create|update|delete|[a-z]+)[A-Z][A-Za-z]+", i) for i in ids
    )
    assert described["/api/v1/recommendations"]["get"]["operationId"] == "listRecommendations"
    assert described["/api/v1/actions"]["post"]["operationId"] == "createAction"
    for path, operations in described.items():
        for operation in operations.values():
            answers = set(operation["responses"])
            assert {401, 429} <= answers, (path, answers)
            assert "{" not in path or 404 in answers, path
            assert "requestBody" not in operation or {400, 422} <= answers, path
    components = api.get_openapi_schema()["components"]["schemas"]
    exactly_one = components["ProgressUpdateIn"]["oneOf"]
    assert [branch["required"] for branch in exactly_one] == [["recommendation"], ["action"]]
    upload = described["/api/v1/imports"]["post"]["requestBody"]["content"]
    formats = upload["multipart/form-data"]["schema"]["properties"]["format"]["enum"]
    assert formats[0] == "auto" and {"uhri", "upr-info", "thematic-list"} <= set(formats)
    retry = described["/api/v1/actions"]["get"]["responses"][429]["headers"]["Retry-After"]
    assert retry["schema"] == {"type": "integer"}


def test_the_description_is_served_and_lists_every_operation(client):
    served = client.get("/api/v1/openapi.json").json()
    assert served["openapi"].startswith("3.")
    built = api.get_openapi_schema()["paths"]
    operations = {
        (m, p, op["operationId"]) for p, ops in served["paths"].items() for m, op in ops.items()
    }
    assert operations == {
        (m, p, op["operationId"]) for p, ops in built.items() for m, op in ops.items()
    }
    assert len(operations) == 36
    assert {"ApiTokenAuth", "ActiveSessionAuth"} <= set(served["components"]["securitySchemes"])
    filters = {
        parameter["name"]
        for parameter in served["paths"]["/api/v1/recommendations"]["get"]["parameters"]
    }
    assert {"q", "mechanism", "theme", "group", "sdg", "target", "status", "page"} <= filters


@pytest.fixture(params=["admin", "focal", "viewer"])
def role_token(request, world):
    """A token of each role: what one may do, the others are refused, all as described."""
    return api_token_create(user=world["users"][request.param], name="schemathesis")[1]


@pytest.fixture
def test_connection_kept():
    """The application is called as a server would call it, and a server closes the
    database connection after each request; in a test that would close the test's own
    transaction (Django's test client does the same as this)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
def test_every_operation_answers_generated_input_as_described_for_every_role(
    case, role_token, settings, tmp_path, test_connection_kept
):
    settings.VAR_DIR = tmp_path
    settings.RECTRACK_IMPORTS_IN_BACKGROUND = False
    case.call_and_validate(
        # The WSGI transport does not decompress: ask for uncompressed answers (the pages and
        # the API are gzip-compressed for clients that accept it).
        headers={"Authorization": f"Bearer {role_token}", "Accept-Encoding": "identity"},
    )  # every check Schemathesis has: its default
