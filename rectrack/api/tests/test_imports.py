"""POST /imports with `state`: one State's rows of a file covering many, as on the web."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rectrack.accounts.services import api_token_create
from rectrack.conftest import shared_file
from rectrack.imports.models import ImportRun

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _imports_in_the_request(settings, tmp_path):
    settings.RECTRACK_IMPORTS_IN_BACKGROUND = False
    settings.VAR_DIR = tmp_path


def upload(client, user, **options):
    path = shared_file("upr-info/upr-info-sessions-01-05.csv")
    token = api_token_create(user=user, name="t")[1]
    return client.post(
        "/api/v1/imports",
        {"file": SimpleUploadedFile(path.name, path.read_bytes()), **options},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_upload_keeps_one_states_rows_and_reports_those_left_out(client, coordinator):
    response = upload(client, coordinator, state="Senegal")
    assert response.status_code == 202
    report = response.json()["report"]
    assert report["state"] == "Senegal"
    assert report["created"] > 0 and report["created"] + report["left_out"] == 6094


def test_an_iso_code_no_state_has_is_invalid_input(client, coordinator):
    response = upload(client, coordinator, state="ZZ")
    assert response.status_code == 422
    assert "No State has the ISO code ZZ" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_viewers_cannot_upload(client, viewer):
    assert upload(client, viewer, state="Senegal").status_code == 403
    assert not ImportRun.objects.exists()
