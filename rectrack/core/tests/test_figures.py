"""The figures cache: dashboards and facet counts are computed once per data version and
filter state, and any recorded change (a service's write, an import) shows at once."""

import re
import threading
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from rectrack.accounts.models import User
from rectrack.conftest import reference_data, shared_file
from rectrack.core.config import cache_config
from rectrack.core.figures import (
    Refresh,
    cached_figures,
    data_version,
    figures_recipe,
    figures_refresh,
)
from rectrack.followup.services.updates import recommendation_status_set
from rectrack.imports.services import import_file
from rectrack.recommendations.facets import recommendation_facets
from rectrack.recommendations.models import Mechanism, Recommendation, SdgGoal
from rectrack.recommendations.selectors import RecommendationFilters, recommendation_page
from rectrack.recommendations.tests.factories import make_document, make_recommendation
from rectrack.reports.selectors import dashboard_figures, sdg_overview

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["disk", "redis"])
def figures_cache_on(request, settings, tmp_path):
    """Every test runs with the cache on disk (one machine) and in Redis (several machines:
    RECTRACK_CACHE_URL=redis://...), as rectrack.settings configures them."""
    settings.RECTRACK_FIGURES_CACHE_SECONDS = 300
    url = request.getfixturevalue("redis_url") if request.param == "redis" else ""
    settings.CACHES = cache_config(url, folder=tmp_path / "cache", key_prefix="tests")
    cache.clear()
    yield
    cache.clear()


def queries(function) -> int:
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured.captured_queries)


def test_unchanged_data_is_counted_once(viewer):
    review = make_document(mechanism_code="UPR")
    for _ in range(3):
        make_recommendation(document=review, position="supported")
    first = queries(lambda: recommendation_facets(user=viewer))
    assert queries(lambda: recommendation_facets(user=viewer)) == 1  # the data version only
    assert first > 10
    assert recommendation_facets(user=viewer)["position"] == {"supported": 3}


def test_a_service_write_shows_at_once(viewer, coordinator):
    review = make_document(mechanism_code="UPR")
    recommendation = make_recommendation(document=review)
    before = dashboard_figures(user=viewer)
    assert before["total"] == 1
    assert before["status_overall"].counts == {"no_information": 1}
    recommendation_status_set(recommendation=recommendation, status="implemented", user=coordinator)
    assert dashboard_figures(user=viewer)["status_overall"].counts == {"implemented": 1}
    make_recommendation(document=review)
    assert dashboard_figures(user=viewer)["total"] == 2


def test_an_import_shows_at_once(viewer):
    assert recommendation_facets(user=viewer)["mechanism"] == {}
    version = data_version()
    path = shared_file("upr-info/upr-info-sessions-01-05.csv")
    report = import_file(data=path.read_bytes(), file_name=path.name)
    assert data_version() > version
    assert sum(recommendation_facets(user=viewer)["mechanism"].values()) == report.created


def test_filters_readers_and_languages_have_their_own_figures(viewer, client):
    upr = make_document(mechanism_code="UPR")
    cedaw = make_document(mechanism_code="CEDAW")
    make_recommendation(document=upr)
    make_recommendation(document=cedaw)
    make_recommendation(document=cedaw)
    only_cedaw = RecommendationFilters(mechanism=Mechanism.objects.get(code="CEDAW"))
    assert dashboard_figures(user=viewer)["total"] == 3
    assert dashboard_figures(user=viewer, filters=only_cedaw)["total"] == 2
    from django.contrib.auth.models import AnonymousUser

    assert dashboard_figures(user=AnonymousUser())["total"] == 0  # sees nothing, gets nothing


def test_labels_are_cached_per_language():
    computed = []

    def compute():
        computed.append(translation.get_language())
        return len(computed)

    assert cached_figures("probe", (), compute) == 1
    assert cached_figures("probe", (), compute) == 1
    with translation.override("ar"):
        assert cached_figures("probe", (), compute) == 2
    assert computed == ["en", "ar"]


def test_what_only_some_readers_may_see_is_never_cached(viewer, coordinator):
    """Overdue request titles go to coordinators only, even when a viewer asked first."""
    import datetime

    from rectrack.followup.models import Assignment
    from rectrack.followup.services.planning import assignment_set
    from rectrack.followup.services.requests import update_request_create
    from rectrack.institutions.models import Institution

    review = make_document(mechanism_code="UPR")
    recommendation = make_recommendation(document=review)
    justice = Institution.objects.create(name="Ministry of Justice", code="MOJ")
    assignment_set(
        recommendation=recommendation,
        institution=justice,
        role=Assignment.Role.LEAD,
        user=coordinator,
    )
    update_request_create(
        recommendations=[recommendation],
        due_date=datetime.date(2020, 1, 1),
        user=coordinator,
        title="Overdue request",
    )
    assert dashboard_figures(user=viewer)["overdue_request_list"] == []
    listed = dashboard_figures(user=coordinator)["overdue_request_list"]
    assert [request.title for request in listed] == ["Overdue request"]


def test_a_list_page_is_located_once_and_its_rows_read_fresh(viewer, coordinator):
    """Which recommendations a list page holds (and how many match) is cached like the
    figures; a change of the data shows at once, and the rows are always read fresh."""
    review = make_document(mechanism_code="UPR")
    first = make_recommendation(document=review, text="Ratify the Convention.")
    make_recommendation(document=review, text="Abolish the death penalty.")
    ratify = RecommendationFilters(query="ratify")
    page = recommendation_page(user=viewer, filters=ratify)
    assert (page.paginator.count, [r.pk for r in page]) == (1, [first.pk])
    with CaptureQueriesContext(connection) as captured:
        again = recommendation_page(user=viewer, filters=ratify)
        assert [r.text for r in again] == ["Ratify the Convention."]
    assert not any("COUNT(" in query["sql"] for query in captured.captured_queries)

    second = make_recommendation(document=review, text="Ratify the Optional Protocol.")
    page = recommendation_page(user=viewer, filters=ratify)
    assert page.paginator.count == 2
    assert {r.pk for r in page} == {first.pk, second.pk}
    recommendation_status_set(recommendation=first, status="implemented", user=coordinator)
    statuses = {r.pk: r.implementation_status for r in recommendation_page(user=viewer)}
    assert statuses[first.pk] == "implemented"


def test_a_page_number_out_of_range_shows_the_last_page(viewer, settings):
    settings.RECTRACK_PAGE_SIZE = 2
    review = make_document(mechanism_code="UPR")
    made = [make_recommendation(document=review) for _ in range(3)]
    for number in ("9", "x", "2"):
        page = recommendation_page(user=viewer, number=number)
        assert page.number == (1 if number == "x" else 2)
        assert page.paginator.count == 3
    assert [r.pk for r in recommendation_page(user=viewer, number="2")] == [made[-1].pk]


def _counting(sleep: float = 0.0):
    calls = []

    def compute():
        calls.append(1)
        time.sleep(sleep)
        return Recommendation.objects.count()

    return compute, calls


counted_calls: list[int] = []


@figures_recipe
def counted_recommendations() -> int:
    """A recipe for the tests below, which a figures task calls by its dotted path."""
    counted_calls.append(1)
    return Recommendation.objects.count()


COUNTED = Refresh("rectrack.core.tests.test_figures.counted_recommendations")


@pytest.mark.django_db(transaction=True)
def test_slow_figures_are_refreshed_by_a_task_after_a_change(settings, task_queue):
    """Figures that took long (here: any) are served as they were while a task of the queue
    computes the new ones; results lists (no refresh recipe) are never served late."""
    settings.RECTRACK_FIGURES_SLOW_MS = 0
    reference_data()
    review = make_document(mechanism_code="UPR")
    make_recommendation(document=review)
    counted_calls.clear()
    assert cached_figures("slow", (), counted_recommendations, refresh=COUNTED) == 1
    make_recommendation(document=review)
    assert cached_figures("slow", (), counted_recommendations, refresh=COUNTED) == 1  # at once
    assert task_queue.waiting() == ["rectrack.core.figures.figures_refresh_task"]
    assert cached_figures("slow", (), counted_recommendations, refresh=COUNTED) == 1
    assert task_queue.waiting() == ["rectrack.core.figures.figures_refresh_task"]  # once
    task_queue.run()
    assert cached_figures("slow", (), counted_recommendations, refresh=COUNTED) == 2
    assert len(counted_calls) == 2
    assert task_queue.waiting() == []
    compute, _calls = _counting()
    assert cached_figures("list", (), compute) == 2
    make_recommendation(document=review)
    assert cached_figures("list", (), compute) == 3  # never late


@pytest.mark.django_db(transaction=True)
def test_the_dashboard_facets_and_goals_refreshed_by_a_task_are_a_readers_own(settings, task_queue):
    """The recipes a task is given compute, for the same reader and filters (a mechanism
    here), what the reader's own request computes: the same counts once the task has run."""
    settings.RECTRACK_FIGURES_SLOW_MS = 0
    reference_data()
    viewer = User.objects.create_user("vera", password="x", role=User.Role.VIEWER)
    cedaw = make_document(mechanism_code="CEDAW")
    make_recommendation(document=make_document(mechanism_code="UPR"))
    make_recommendation(document=cedaw, position="supported")
    only_cedaw = RecommendationFilters(mechanism=Mechanism.objects.get(code="CEDAW"))

    def figures():
        return (
            dashboard_figures(user=viewer, filters=only_cedaw)["total"],
            recommendation_facets(user=viewer, filters=only_cedaw)["position"],
            sum(row.total for row in sdg_overview(user=viewer)),
        )

    assert figures() == (1, {"supported": 1}, 0)
    make_recommendation(document=cedaw, position="noted", sdg_goals=[SdgGoal.objects.get(number=5)])
    assert figures() == (1, {"supported": 1}, 0)  # as they were, while the tasks wait
    assert len(task_queue.waiting()) == 3
    task_queue.run()
    assert figures() == (2, {"supported": 1, "noted": 1}, 1)


@pytest.mark.django_db(transaction=True)
def test_a_refresh_for_a_reader_deactivated_since_stores_nothing(settings, task_queue):
    """Figures keyed for readers who see everything are never computed again as someone who
    now sees nothing (their zeros would be served to everyone)."""
    settings.RECTRACK_FIGURES_SLOW_MS = 0
    reference_data()
    vera = User.objects.create_user("vera", password="x", role=User.Role.VIEWER)
    victor = User.objects.create_user("victor", password="x", role=User.Role.VIEWER)
    review = make_document(mechanism_code="UPR")
    make_recommendation(document=review, position="supported")
    assert recommendation_facets(user=vera)["position"] == {"supported": 1}
    make_recommendation(document=review, position="supported")
    assert recommendation_facets(user=vera)["position"] == {"supported": 1}  # a task waits
    User.objects.filter(pk=vera.pk).update(is_active=False)
    task_queue.run()  # it fails: vera no longer sees what the figures are keyed by
    assert recommendation_facets(user=victor)["position"] == {"supported": 1}  # not zeros
    task_queue.run()  # victor's own refresh
    assert recommendation_facets(user=victor)["position"] == {"supported": 2}


def test_a_figures_task_calls_nothing_but_a_recipe():
    """The task names its function by path: only one marked @figures_recipe is called."""
    with pytest.raises(ValueError, match="is not a figures recipe"):
        figures_refresh(
            function="os.getcwd", kwargs={}, key="k", latest_key="l", version=1, lock="x"
        )


@pytest.mark.django_db(transaction=True)
def test_figures_asked_for_while_computed_are_computed_once():
    reference_data()
    make_recommendation(document=make_document(mechanism_code="UPR"))
    compute, calls = _counting(sleep=0.5)
    results = []

    def reader():
        try:
            results.append(cached_figures("shared", (), compute, refresh=COUNTED))
        finally:
            connection.close()

    readers = [threading.Thread(target=reader) for _ in range(3)]
    for thread in readers:
        thread.start()
    for thread in readers:
        thread.join(10)
    assert results == [1, 1, 1]
    assert len(calls) == 1


def test_the_list_filters_show_fresh_counts_and_their_own_choices(client, viewer):
    """The filter fields are rendered once per data version, filters and counts."""
    client.force_login(viewer)
    review = make_document(mechanism_code="UPR")
    make_recommendation(document=review, position="supported")
    list_url = reverse("recommendations:list")
    assert (
        '<option value="supported">Supported (1)</option>' in client.get(list_url).content.decode()
    )
    make_recommendation(document=review, position="supported")
    make_recommendation(document=review, position="noted")
    html = client.get(list_url).content.decode()
    assert '<option value="supported">Supported (2)</option>' in html
    assert '<option value="noted">Noted (1)</option>' in html
    html = client.get(list_url, {"position": "noted"}).content.decode()
    assert '<option value="noted" selected>Noted (1)</option>' in html
    assert "1 recommendation found" in html


def test_the_dashboards_charts_and_tables_follow_the_figures(client, viewer):
    """The charts and their tables are rendered once per figures, never left behind them."""
    client.force_login(viewer)
    review = make_document(mechanism_code="UPR")
    make_recommendation(document=review)
    by_mechanism = re.compile(r'>UPR</a></th><td class="number">(\d+)</td>')
    assert by_mechanism.findall(client.get(reverse("reports:dashboard")).content.decode())[0] == "1"
    make_recommendation(document=review)
    assert by_mechanism.findall(client.get(reverse("reports:dashboard")).content.decode())[0] == "2"
