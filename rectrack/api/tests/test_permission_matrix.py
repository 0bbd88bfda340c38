"""Every write of the API against every role, exactly as the web interface's matrix
(rectrack/followup/tests/test_permission_matrix.py): a forbidden call answers 401 (no
token), 403 or 404 and changes nothing at all; an allowed one gets through. The same rules
are asked for by the same services, so the API cannot allow what the web refuses."""

import pytest
from django.test import Client

from rectrack.accounts.services import api_token_create
from rectrack.api.api import api
from rectrack.followup.tests.world import AUTHOR, COORDINATORS, RESPONSIBLE, ROLES, fingerprint
from rectrack.imports.services import import_upload

pytestmark = pytest.mark.django_db
CSV = (
    b"Recommendation,Mechanism,Document symbol,Position\n"
    b"Adopt a law against domestic violence.,CEDAW,CEDAW/C/VAL/CO/1,\n"
)


def _operations(w) -> dict[str, tuple[str, str, dict, set]]:
    """{name: (method, path, JSON body, who may)} for every write the API offers."""
    rec, action, draft, submitted = w["recommendation"], w["action"], w["draft"], w["submitted"]
    return {
        "assign": (
            "put",
            f"/recommendations/{rec.pk}/assignments/{w['health'].pk}",
            {"role": "supporting"},
            COORDINATORS,
        ),
        "status-set": (
            "post",
            f"/recommendations/{rec.pk}/status",
            {"status": "implemented", "narrative": "Adopted."},
            COORDINATORS,
        ),
        "action-create": (
            "post",
            "/actions",
            {"title": "New action", "lead_institution": w["health"].pk},
            COORDINATORS,
        ),
        "action-edit": (
            "patch",
            f"/actions/{action.pk}",
            {"status": "ongoing", "version": action.version},
            RESPONSIBLE,
        ),
        "action-delete": ("delete", f"/actions/{action.pk}", None, COORDINATORS),
        "measurement-add": (
            "post",
            f"/indicators/{w['indicator'].pk}/measurements",
            {"date": "2026-01-01", "value": "12"},
            RESPONSIBLE,
        ),
        "update-create": (
            "post",
            "/progress-updates",
            {"recommendation": rec.pk, "narrative": "New.", "status": "in_progress"},
            RESPONSIBLE,
        ),
        "update-edit": (
            "patch",
            f"/progress-updates/{draft.pk}",
            {"narrative": "Changed.", "version": draft.version},
            AUTHOR,
        ),
        "update-submit": ("post", f"/progress-updates/{draft.pk}/submit", None, AUTHOR),
        "update-approve": ("post", f"/progress-updates/{submitted.pk}/approve", None, COORDINATORS),
        "update-return": (
            "post",
            f"/progress-updates/{submitted.pk}/return",
            {"comment": "Add dates."},
            COORDINATORS,
        ),
        "import-upload": ("post", "/imports", "upload", COORDINATORS),
        "import-confirm": ("post", f"/imports/{w['previewed'].pk}/confirm", {}, COORDINATORS),
    }


@pytest.fixture
def api_world(world, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.RECTRACK_IMPORTS_IN_BACKGROUND = False
    world["previewed"] = import_upload(
        data=CSV, file_name="x.csv", user=world["users"]["coordinator"], format="auto"
    )
    world["previewed"].refresh_from_db()
    assert world["previewed"].status == "previewed"
    return world


def call(client: Client, method: str, path: str, body, token: str | None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    url = "/api/v1" + path
    if body == "upload":
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile("more.csv", CSV, content_type="text/csv")
        return client.post(url, {"file": upload, "format": "auto"}, **headers)
    if body is None:
        return getattr(client, method)(url, **headers)
    return getattr(client, method)(url, body, content_type="application/json", **headers)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "operation",
    [
        "assign",
        "status-set",
        "action-create",
        "action-edit",
        "action-delete",
        "measurement-add",
        "update-create",
        "update-edit",
        "update-submit",
        "update-approve",
        "update-return",
        "import-upload",
        "import-confirm",
    ],
)
def test_each_role_may_do_through_the_api_exactly_what_the_web_allows(
    client, api_world, role, operation
):
    method, path, body, allowed = _operations(api_world)[operation]
    user = api_world["users"][role]
    token = api_token_create(user=user, name="matrix")[1] if user else None
    before = fingerprint()
    response = call(client, method, path, body, token)
    if role in allowed:
        assert response.status_code in (200, 201, 202, 204), (operation, role, response.content)
        assert fingerprint() != before, f"{operation} by {role} changed nothing"
    else:
        expected = (401,) if user is None else (403, 404)
        assert response.status_code in expected, (operation, role, response.status_code)
        assert response.json()["detail"]
        assert fingerprint() == before, f"{operation} by {role} changed data"


def test_the_api_matrix_covers_every_write_operation_of_the_openapi_description(api_world):
    described = {
        (method, path.removeprefix("/api/v1"))
        for path, operations in api.get_openapi_schema()["paths"].items()
        for method in operations
        if method != "get"
    }
    covered = {
        (method, path)
        for method, path, _body, _allowed in _operations(
            {
                **api_world,
                "recommendation": _Id("recommendation_id"),
                "action": _Id("action_id"),
                "draft": _Id("update_id"),
                "submitted": _Id("update_id"),
                "health": _Id("institution_id"),
                "indicator": _Id("indicator_id"),
                "previewed": _Id("run_id"),
            }
        ).values()
    }
    assert covered == described


class _Id:
    """Stands for a record in a path, printing as the path's parameter."""

    def __init__(self, name: str):
        self.pk = "{" + name + "}"
        self.version = 1


def test_a_session_without_its_csrf_token_cannot_write(api_world):
    """The documentation's "Try it out" uses the browser session; a page elsewhere cannot
    make the browser write with it."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(api_world["users"]["coordinator"])
    before = fingerprint()
    method, path, body, _allowed = _operations(api_world)["status-set"]
    response = call(browser, method, path, body, None)
    assert response.status_code in (401, 403)
    assert fingerprint() == before
    assert browser.get("/api/v1/actions").status_code == 200  # reading needs no CSRF token


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='t')[1]}"}


@pytest.mark.parametrize(
    ("role", "sees_draft"),
    [
        ("viewer", False),
        ("other_focal", False),
        ("focal", True),
        ("coordinator", True),
        ("admin", True),
    ],
)
def test_a_draft_is_read_by_its_institution_and_the_secretariat_only(
    client, world, role, sees_draft
):
    headers = bearer(world["users"][role])
    draft = world["draft"]
    listed = client.get("/api/v1/progress-updates?page_size=500", **headers).json()["results"]
    assert (draft.pk in {row["id"] for row in listed}) is sees_draft
    response = client.get(f"/api/v1/progress-updates/{draft.pk}", **headers)
    assert response.status_code == (200 if sees_draft else 404)
