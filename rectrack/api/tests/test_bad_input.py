"""Whatever a program sends, the API answers it: 200 or a 4xx naming what is wrong, never a
server error, and a refused write changes nothing."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rectrack.accounts.services import api_token_create
from rectrack.followup.models import ProgressUpdate
from rectrack.followup.tests.world import fingerprint

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    database=None,
)


@pytest.fixture
def headers(world):
    secret = api_token_create(user=world["users"]["focal"], name="fuzz")[1]
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@FUZZ
@given(
    field=st.sampled_from(["q", "mechanism", "target", "position", "theme", "sdg", "page"]),
    value=st.text(),
)
def test_any_text_in_any_filter_is_answered_without_a_server_error(client, headers, field, value):
    response = client.get("/api/v1/recommendations", {field: value}, **headers)
    assert response.status_code in (200, 404, 422), response.content
    if response.status_code == 422:  # not the filter's form
        assert response.json()["detail"][0]["loc"][-1] == field
    if response.status_code == 404:  # a record that does not exist, named
        assert response.json()["detail"].startswith(f"query, {field}: ")


@FUZZ
@given(
    body=st.dictionaries(
        st.sampled_from(["recommendation", "action", "narrative", "status", "period_start"]),
        st.one_of(st.text(), st.integers(), st.none(), st.booleans(), st.floats()),
    )
)
def test_any_progress_update_body_is_answered_without_a_server_error(client, headers, body):
    before = fingerprint()
    response = client.post(
        "/api/v1/progress-updates", body, content_type="application/json", **headers
    )
    assert response.status_code in (201, 403, 404, 422), response.content
    if response.status_code != 201:
        assert fingerprint() == before


@pytest.mark.parametrize(
    ("params", "field"),
    [({"q": "torture\x00"}, "q"), ({"mechanism": "UPR\x00"}, "mechanism")],
)
def test_the_nul_character_is_refused_by_name(client, headers, params, field):
    """PostgreSQL cannot store it; it is refused as input, never passed to the database."""
    response = client.get("/api/v1/recommendations", params, **headers)
    assert response.status_code == 422
    assert [error["loc"][-1] for error in response.json()["detail"]] == [field]


def test_a_narrative_with_a_nul_character_is_refused_and_nothing_is_written(
    client,
    headers,
    world,
):
    body = {
        "recommendation": world["recommendation"].pk,
        "narrative": "Adopted\x00",
        "status": "implemented",
    }
    count = ProgressUpdate.objects.count()
    response = client.post(
        "/api/v1/progress-updates", body, content_type="application/json", **headers
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "narrative"
    assert ProgressUpdate.objects.count() == count


def test_malformed_json_is_answered_400_or_422(client, headers):
    response = client.post(
        "/api/v1/progress-updates", "{not json", content_type="application/json", **headers
    )
    assert response.status_code in (400, 422)
