"""The dashboard figures against numbers counted by hand on the fixture (see conftest)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rectrack.followup.services.updates import recommendation_status_set
from rectrack.recommendations.models import Mechanism
from rectrack.recommendations.selectors import RecommendationFilters
from rectrack.recommendations.tests.factories import make_document, make_recommendation
from rectrack.reports.selectors import dashboard_figures, scoped_recommendations, sdg_goal_status

pytestmark = pytest.mark.django_db
IMPL, PART, PROG, NOT_STARTED, NOT_IMPL, NO_INFO = range(6)


def by_label(rows):
    return {row.label: row.ordered_counts for row in rows}


def test_counts_by_mechanism_and_position_leave_out_superseded_reviews(viewer, data):
    figures = dashboard_figures(user=viewer)
    assert figures["total"] == 4
    assert figures["by_mechanism"] == [("CEDAW", 2), ("UPR", 2)]
    assert [(label, n) for label, n, _key in figures["by_position"]] == [
        ("Supported", 2),
        ("Noted", 1),
        ("Not stated", 1),
    ]


def test_status_overall_counts_only_approved_progress(viewer, data):
    overall = dashboard_figures(user=viewer)["status_overall"]
    assert overall.counts == {"implemented": 1, "in_progress": 1, "no_information": 2}
    assert overall.total == 4


def test_status_by_top_level_theme_counts_each_recommendation_once_per_theme(viewer, data):
    rows = by_label(dashboard_figures(user=viewer)["status_by_theme"])
    assert rows == {
        "A Women's rights": [1, 0, 1, 0, 0, 1],
        "B Administration of justice": [0, 0, 1, 0, 0, 0],
    }


def test_status_by_sdg_goal_counts_direct_and_target_links_once(viewer, data):
    rows = by_label(dashboard_figures(user=viewer)["status_by_sdg"])
    assert rows == {
        str(data.goal5): [1, 0, 0, 0, 0, 2],
        str(data.goal16): [0, 0, 1, 0, 0, 1],
    }


def test_sdg_goal_status_lists_all_seventeen_goals(viewer, data):
    goals = sdg_goal_status(qs=scoped_recommendations(user=viewer))
    assert len(goals) == 17
    assert {row.key: row.total for row in goals if row.total} == {5: 3, 16: 2}


def test_status_by_lead_institution_and_by_mechanism(viewer, data):
    figures = dashboard_figures(user=viewer)
    assert by_label(figures["status_by_lead"]) == {
        "Ministry of Justice": [1, 0, 0, 0, 0, 1],
        "Ministry of Health": [0, 0, 1, 0, 0, 0],
    }
    assert by_label(figures["status_by_mechanism"]) == {
        "UPR": [1, 0, 1, 0, 0, 0],
        "CEDAW": [0, 0, 0, 0, 0, 2],
    }


def test_overdue_requests_count_only_recommendations_still_awaiting_an_update(viewer, data):
    figures = dashboard_figures(user=viewer)
    assert figures["overdue_requests"] == 1
    assert figures["overdue_request_items"] == 1
    assert figures["overdue_request_list"] == []  # request titles are for the secretariat


def test_coordinator_sees_which_requests_are_overdue(coordinator, data):
    figures = dashboard_figures(user=coordinator)
    assert [r.title for r in figures["overdue_request_list"]] == ["Mid-term"]


def test_overdue_actions_are_open_actions_past_their_deadline(viewer, data):
    figures = dashboard_figures(user=viewer)
    assert figures["overdue_actions"] == 2
    titles = [a.title for a in figures["overdue_action_list"]]
    assert sorted(titles) == ["Amend penal code", "Train judges"]


def test_recent_progress_is_approved_updates_newest_first(viewer, data):
    r1, r2 = data.recs[:2]
    recent = dashboard_figures(user=viewer)["recent_progress"]
    assert [(u.recommendation, u.status) for u in recent] == [
        (r2, "in_progress"),
        (r1, "implemented"),
        (r2, "not_started"),
    ]


def test_status_over_time_counts_approved_updates_per_month_of_the_last_year(viewer, data):
    over_time = dashboard_figures(user=viewer)["status_over_time"]
    assert len(over_time["months"]) == 12
    assert over_time["series"]["in_progress"] == [0] * 11 + [1]
    assert over_time["series"]["implemented"] == [0] * 8 + [1, 0, 0, 0]
    assert sum(over_time["series"]["not_started"]) == 0  # fourteen months ago


def test_a_mechanism_filter_narrows_every_figure(viewer, data):
    cedaw = Mechanism.objects.get(code="CEDAW")
    figures = dashboard_figures(user=viewer, filters=RecommendationFilters(mechanism=cedaw))
    assert figures["total"] == 2
    assert figures["by_mechanism"] == [("CEDAW", 2)]
    assert figures["status_overall"].counts == {"no_information": 2}
    assert by_label(figures["status_by_lead"]) == {"Ministry of Justice": [0, 0, 0, 0, 0, 1]}
    assert figures["overdue_actions"] == 1
    assert figures["overdue_action_list"] == [data.overdue_cedaw]
    assert figures["overdue_requests"] == 0
    assert figures["recent_progress"] == []


def test_lead_institution_and_cluster_narrow_the_figures(viewer, data):
    def figures(**filters):
        return dashboard_figures(user=viewer, filters=RecommendationFilters(**filters))

    assert figures(lead=data.moj)["total"] == 2
    assert figures(lead=data.moh)["total"] == 1  # r5 is superseded
    cluster = figures(cluster=data.cluster)
    assert cluster["total"] == 2
    assert cluster["status_overall"].counts == {"implemented": 1, "no_information": 1}


def test_a_theme_filter_includes_narrower_themes(viewer, data):
    figures = dashboard_figures(user=viewer, filters=RecommendationFilters(theme=data.women))
    assert figures["total"] == 3


def test_anonymous_users_get_empty_figures(data):
    from django.contrib.auth.models import AnonymousUser

    figures = dashboard_figures(user=AnonymousUser())
    assert figures["total"] == 0
    assert figures["recent_progress"] == []


def _count_queries(user) -> int:
    with CaptureQueriesContext(connection) as context:
        dashboard_figures(user=user)
    return len(context.captured_queries)


def test_dashboard_figures_cost_the_same_queries_for_more_data(
    coordinator, data, django_assert_max_num_queries
):
    before = _count_queries(coordinator)
    document = make_document(mechanism_code="CRC")
    for _ in range(15):
        rec = make_recommendation(
            document=document,
            position="noted",
            themes=[data.justice],
            sdg_goals=[data.goal16],
            clusters=[data.cluster],
        )
        recommendation_status_set(recommendation=rec, status="implemented", user=coordinator)
    with django_assert_max_num_queries(before):
        figures = dashboard_figures(user=coordinator)
    assert figures["total"] == 19
    assert before <= 16


def test_figures_count_the_nmirfs_own_state_by_default_when_several_are_held(
    viewer, data, settings
):
    from rectrack.recommendations.models import Country

    Country.objects.filter(name="Valdoria").update(iso_code="VLD")
    make_recommendation(document=make_document(mechanism_code="CEDAW", country="Freedonia"))
    assert dashboard_figures(user=viewer)["total"] == 5  # no setting: every State
    settings.RECTRACK_STATE = "VLD"
    figures = dashboard_figures(user=viewer)
    assert figures["total"] == 4
    assert figures["by_mechanism"] == [("CEDAW", 2), ("UPR", 2)]
    assert dashboard_figures(user=viewer, all_states=True)["total"] == 5
    cedaw = RecommendationFilters(mechanism=Mechanism.objects.get(code="CEDAW"))
    assert dashboard_figures(user=viewer, filters=cedaw)["total"] == 2
    assert dashboard_figures(user=viewer, filters=cedaw, all_states=True)["total"] == 3
