"""Reading through the API gives what the web pages give: the same recommendations for the
same filters and text query, the same facet counts, every record once over the pages, and
only what the caller's role may read."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rectrack.accounts.services import api_token_create
from rectrack.api.api import api
from rectrack.followup.models import ProgressUpdate
from rectrack.recommendations.facets import recommendation_facets
from rectrack.recommendations.models import Recommendation, Theme
from rectrack.recommendations.selectors import RecommendationFilters, recommendation_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_user(client):
    """Calls the API with a fresh token of the given user: as_user(user).get(path)."""

    class Caller:
        def __init__(self, user):
            self.headers = {
                "HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='t')[1]}"
            }

        def get(self, path: str, **params):
            response = client.get("/api/v1" + path, params, **self.headers)
            assert response["Content-Type"].startswith("application/json")
            return response

    return Caller


def all_pages(caller, path: str, **params) -> list[dict]:
    results, url = [], None
    response = caller.get(path, **params)
    while True:
        body = response.json()
        results += body["results"]
        url = body["next"]
        if url is None:
            return results
        response = caller.get(url.split("/api/v1", 1)[1].split("?")[0], **_query(url))


def _query(url: str) -> dict:
    from urllib.parse import parse_qsl, urlsplit

    return dict(parse_qsl(urlsplit(url).query))


def test_paging_through_the_recommendations_gives_each_current_one_once(demo_once, viewer, as_user):
    caller = as_user(viewer)
    results = all_pages(caller, "/recommendations", page_size=40)
    current = Recommendation.objects.filter(document__status="current")
    assert len(results) == current.count() == 251
    assert sorted(row["id"] for row in results) == sorted(current.values_list("pk", flat=True))
    first = caller.get("/recommendations", page_size=40).json()
    assert (first["count"], first["pages"], first["previous"]) == (251, 7, None)
    past_the_end = caller.get("/recommendations", page=8, page_size=40).json()
    assert past_the_end["results"] == [] and past_the_end["count"] == 251


@pytest.mark.parametrize(
    "params",
    [
        {"mechanism": "CEDAW"},
        {"kind": "upr", "position": "supported"},
        {"q": "women"},
        {"q": "detention", "mechanism": "UPR"},
        {"sdg": "5"},
        {"superseded": "true", "mechanism": "UPR"},
        {"has_action": "yes"},
        {"mechanism": "UPR", "sort": "reference"},
        {"sort": "status"},
        {"state": "all", "sort": "-date"},
    ],
)
def test_filters_and_text_query_give_what_the_web_list_gives(
    demo_once, viewer, as_user, client, params
):
    client.force_login(viewer)
    web = client.get(
        "/recommendations/", {**params, "superseded": "on"} if "superseded" in params else params
    )
    web_count = web.context["page"].paginator.count
    body = as_user(viewer).get("/recommendations", page_size=500, **params).json()
    assert body["count"] == web_count == len(body["results"]) > 0
    web_ids = [row.pk for row in web.context["page"].object_list]
    assert [row["id"] for row in body["results"]][: len(web_ids)] == web_ids


def test_a_theme_filter_matches_narrower_themes_too(demo_once, viewer, as_user):
    broad = Theme.objects.filter(children__isnull=False).first()
    expected = recommendation_list(user=viewer, filters=RecommendationFilters(theme=broad))
    body = as_user(viewer).get("/recommendations", theme=broad.pk, page_size=500).json()
    assert body["count"] == expected.count() > 0


def test_facets_are_the_web_lists_counts(demo_once, viewer, as_user):
    cedaw = recommendation_list(user=viewer).filter(document__mechanism__code="CEDAW")
    body = as_user(viewer).get("/recommendations/facets", mechanism="CEDAW").json()
    expected = recommendation_facets(
        user=viewer,
        filters=RecommendationFilters(mechanism=cedaw.first().document.mechanism),
    )
    assert body == {
        name: {str(k): v for k, v in counts.items()} for name, counts in expected.items()
    }
    assert body["mechanism"]["CEDAW"] == 35 and body["status"] == {"no_information": 35}


def test_a_recommendation_reads_with_its_links_and_follow_up(demo_once, viewer, as_user):
    recommendation = (
        Recommendation.objects.filter(assignments__isnull=False, actions__isnull=False)
        .distinct()
        .first()
    )
    body = as_user(viewer).get(f"/recommendations/{recommendation.pk}").json()
    assert body["text"] == recommendation.text
    assert body["document"]["mechanism"] == recommendation.document.mechanism.code
    assert body["themes"] == [
        {"id": t.pk, "code": t.code, "name": t.name, "original_name": t.name}
        for t in recommendation.themes.all()
    ]
    assert sorted(body["sdg_targets"]) == sorted(
        recommendation.sdg_targets.values_list("code", flat=True)
    )
    assert body["action_ids"] == sorted(recommendation.actions.values_list("pk", flat=True))
    assert {a["institution"]["id"] for a in body["assignments"]} == set(
        recommendation.assignments.values_list("institution_id", flat=True)
    )
    assert body["web_url"].endswith(f"/recommendations/{recommendation.pk}/")


def test_upr_infos_action_category_is_read_with_the_recommendation(demo_once, viewer, as_user):
    first, second = Recommendation.objects.order_by("pk")[:2]
    Recommendation.objects.filter(pk=first.pk).update(action_category=4)

    client = as_user(viewer)

    assert client.get(f"/recommendations/{first.pk}").json()["action_category"] == 4
    assert client.get(f"/recommendations/{second.pk}").json()["action_category"] is None


def test_names_are_given_in_the_requests_language_beside_the_imported_one(
    client, demo_once, viewer
):
    theme = Theme.objects.get(code="F13")
    theme.translated_name_fr = "Violence à l’égard des femmes"
    theme.save()
    recommendation = theme.recommendations.first()
    token = api_token_create(user=viewer, name="t")[1]

    def get(path: str, language: str, **params) -> dict:
        return client.get(
            "/api/v1" + path,
            params,
            HTTP_AUTHORIZATION=f"Bearer {token}",
            HTTP_ACCEPT_LANGUAGE=language,
        ).json()

    french = {"id": theme.pk, "code": "F13", "name": "Violence à l’égard des femmes"}
    french["original_name"] = "Violence against women"
    listed = next(t for t in get("/themes", "fr", page_size=100)["results"] if t["id"] == theme.pk)
    assert listed == {**french, "parent_id": theme.parent_id}
    assert french in get(f"/recommendations/{recommendation.pk}", "fr")["themes"]
    english = get(f"/recommendations/{recommendation.pk}", "en")["themes"]
    assert {**french, "name": "Violence against women"} in english
    assert get("/mechanisms/UPR", "ru")["name"] == "Универсальный периодический обзор"
    assert get("/mechanisms/UPR", "ru")["original_name"] == "Universal Periodic Review"
    goal = get("/sdg-goals", "es", page_size=17)["results"][4]
    assert (goal["number"], goal["short_title"]) == (5, "Igualdad de Género")
    target = get("/sdg-targets", "zh-hans", goal=16)["results"][2]
    assert target["code"] == "16.3" and target["title"].startswith("在国家和国际层面促进法治")


def test_viewers_read_only_approved_progress_updates(demo_once, viewer, coordinator, as_user):
    seen_by_viewer = all_pages(as_user(viewer), "/progress-updates")
    seen_by_coordinator = all_pages(as_user(coordinator), "/progress-updates")
    approved = ProgressUpdate.objects.filter(state="approved")
    assert {row["id"] for row in seen_by_viewer} == set(approved.values_list("pk", flat=True))
    assert len(seen_by_coordinator) == ProgressUpdate.objects.count() > approved.count()
    hidden = ProgressUpdate.objects.exclude(state="approved").first()
    assert as_user(viewer).get(f"/progress-updates/{hidden.pk}").status_code == 404


def test_only_the_secretariat_reads_imports(demo_once, viewer, coordinator, as_user):
    assert as_user(viewer).get("/imports").status_code == 403
    assert as_user(coordinator).get("/imports").json()["count"] == 1


def test_invalid_filters_are_named(demo_once, viewer, as_user):
    response = as_user(viewer).get("/recommendations", mechanism="NOPE", position="maybe")
    assert response.status_code == 422
    fields = {tuple(error["loc"]) for error in response.json()["detail"]}
    assert ("query", "position") in fields


def test_nothing_is_read_anonymously(client, demo_once):
    """Every read of the OpenAPI description, with any record id, answers 401 without a
    token; the description itself and the documentation are public (they hold no data)."""
    paths = [
        path.replace("{", "").replace("}", "")
        for path, operations in api.get_openapi_schema()["paths"].items()
        if "get" in operations
    ]
    assert len(paths) >= 20
    for path in paths:
        url = "/" + "/".join(
            "1" if part.endswith("_id") or part == "code" else part
            for part in path.strip("/").split("/")
        )
        response = client.get(url)
        assert response.status_code == 401, url
    assert client.get("/api/v1/openapi.json").status_code == 200
    assert client.get("/api/v1/docs").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/recommendations",
        "/actions",
        "/indicators",
        "/progress-updates",
        "/documents",
        "/clusters",
        "/sdg-targets",
        "/institutions",
    ],
)
def test_a_page_of_any_list_costs_the_same_queries_for_5_rows_or_100(
    demo_once, coordinator, as_user, path
):
    """Each list reads its rows' relations in a few queries, never one per row."""
    caller = as_user(coordinator)
    caller.get(path)  # the token's first use is recorded once; not counted below
    counts = []
    for size in (5, 100):
        with CaptureQueriesContext(connection) as queries:
            body = caller.get(path, page_size=size).json()
        assert len(body["results"]) == min(body["count"], size) > 0
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 25, counts
