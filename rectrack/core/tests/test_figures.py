"""The figures cache: dashboards and facet counts are computed once per data version and
filter state, and any recorded change (a service's write, an import) shows at once."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from rectrack.conftest import shared_file
from rectrack.core.figures import cached_figures, data_version
from rectrack.followup.services.updates import recommendation_status_set
from rectrack.imports.services import import_file
from rectrack.recommendations.facets import recommendation_facets
from rectrack.recommendations.models import Mechanism
from rectrack.recommendations.selectors import RecommendationFilters
from rectrack.recommendations.tests.factories import make_document, make_recommendation
from rectrack.reports.selectors import dashboard_figures

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def figures_cache_on(settings):
    settings.RECTRACK_FIGURES_CACHE_SECONDS = 300
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
