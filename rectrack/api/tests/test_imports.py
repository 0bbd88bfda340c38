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


def test_an_iso_code_no_state_has_is_a_404_naming_it(client, coordinator):
    response = upload(client, coordinator, state="ZZ")
    assert response.status_code == 404
    assert "No State has the ISO code ZZ" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_viewers_cannot_upload(client, viewer):
    assert upload(client, viewer, state="Senegal").status_code == 403
    assert not ImportRun.objects.exists()


def test_a_format_no_parser_reads_is_refused_by_the_schema_naming_it(client, coordinator):
    """The formats are listed in the description (`auto` or a parser's); anything else is
    a 422 at ["form", "format"], and nothing is stored."""
    response = upload(client, coordinator, format="#BBBBBB")
    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["detail"]] == [["form", "format"]]
    assert not ImportRun.objects.exists()
    assert upload(client, coordinator, format="upr-info", state="Senegal").status_code == 202


def test_an_empty_file_is_refused_as_the_description_says(client, coordinator):
    token = api_token_create(user=coordinator, name="t")[1]
    response = client.post(
        "/api/v1/imports",
        {"file": SimpleUploadedFile("empty.csv", b"")},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["detail"]] == [["form", "file"]]
    assert not ImportRun.objects.exists()
