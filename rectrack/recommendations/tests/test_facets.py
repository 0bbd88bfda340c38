"""Facet counts of the recommendations list (each against a direct count), the filters'
round trip through the URL, and saved views."""

import datetime
from dataclasses import replace

import pytest
from django.urls import reverse

from rectrack.accounts.models import User
from rectrack.accounts.services import user_create
from rectrack.conftest import PASSWORD
from rectrack.core.choices import ImplementationStatus
from rectrack.followup.models import Action, Assignment
from rectrack.institutions.models import Institution
from rectrack.recommendations.facets import recommendation_facets
from rectrack.recommendations.forms import RecommendationFilterForm
from rectrack.recommendations.models import (
    AffectedGroup,
    Cluster,
    Document,
    Mechanism,
    Recommendation,
    SavedView,
    SdgGoal,
    SdgTarget,
    Theme,
)
from rectrack.recommendations.selectors import RecommendationFilters, recommendation_list
from rectrack.recommendations.services import (
    affected_group_get_or_create,
    theme_get_or_create,
)
from rectrack.recommendations.tests.factories import make_document, make_recommendation

pytestmark = pytest.mark.django_db
LIST = reverse("recommendations:list")
PAST = datetime.date(2020, 1, 1)
FUTURE = datetime.date(2999, 1, 1)


@pytest.fixture
def data():
    """Three mechanisms, four documents over two cycles and three years, and every kind of
    link a facet counts, spread unevenly."""
    upr3 = make_document(mechanism_code="UPR", cycle=3, date=datetime.date(2019, 11, 1))
    upr4 = make_document(mechanism_code="UPR", cycle=4, date=datetime.date(2024, 5, 1))
    cedaw = make_document(mechanism_code="CEDAW", date=datetime.date(2021, 3, 1))
    crc = make_document(mechanism_code="CRC", date=datetime.date(2021, 9, 1))
    themes = [theme_get_or_create(name=f"Theme {n}", code=f"T{n}") for n in range(3)]
    groups = [affected_group_get_or_create(name=f"Group {n}") for n in range(2)]
    clusters = [Cluster.objects.create(name=f"Cluster {n}") for n in range(2)]
    justice = Institution.objects.create(name="Ministry of Justice", code="MOJ")
    health = Institution.objects.create(name="Ministry of Health", code="MOH")
    overdue = Action.objects.create(title="Late", lead_institution=justice, deadline=PAST)
    done = Action.objects.create(
        title="Done", lead_institution=justice, deadline=PAST, status=Action.Status.COMPLETED
    )
    ahead = Action.objects.create(title="Ahead", lead_institution=health, deadline=FUTURE)
    goal5 = SdgGoal.objects.get(number=5)
    t163, t51 = SdgTarget.objects.get(code="16.3"), SdgTarget.objects.get(code="5.1")
    positions = ["supported", "noted", "supported", ""]
    statuses = [ImplementationStatus.IN_PROGRESS, ImplementationStatus.IMPLEMENTED, "", ""]
    documents = [upr3, upr4, upr4, cedaw, crc, crc, crc]
    for n in range(21):
        word = "torture" if n % 3 == 0 else "education"
        recommendation = make_recommendation(
            document=documents[n % len(documents)],
            text=f"Prevent {word} in every place, measure {n}.",
            position=positions[n % 4],
            themes=themes[: n % 3],
            affected_groups=[groups[n % 2]] if n % 5 else [],
            sdg_goals=[goal5] if n % 4 == 0 else [],
            sdg_targets=[t163] if n % 3 == 1 else ([t51] if n % 6 == 2 else []),
            clusters=[clusters[n % 2]] if n % 4 else [],
        )
        if statuses[n % 4]:
            Recommendation.objects.filter(pk=recommendation.pk).update(
                implementation_status=statuses[n % 4]
            )
        if n % 3:
            Assignment.objects.create(
                recommendation=recommendation,
                institution=justice if n % 2 else health,
                role=Assignment.Role.LEAD,
            )
        if n % 15 == 0:  # a supporting institution is not a lead
            Assignment.objects.create(
                recommendation=recommendation, institution=health, role=Assignment.Role.SUPPORTING
            )
        for action, every in ((overdue, 4), (done, 5), (ahead, 7)):
            if n % every == 0:
                action.recommendations.add(recommendation)


def candidates() -> dict[str, tuple[str, list[tuple[str, object]]]]:
    """Every facet: the filter it sets, and every value it can take as (URL key, value)."""
    return {
        "mechanism": ("mechanism", [(m.code, m) for m in Mechanism.objects.all()]),
        "kind": ("kind", [(k, k) for k in Mechanism.Kind.values]),
        "document": ("document", [(str(d.pk), d) for d in Document.objects.all()]),
        "cycle": ("cycle", [(str(c), c) for c in (1, 2, 3, 4)]),
        "year": ("year", [(str(y), y) for y in (2019, 2020, 2021, 2024)]),
        "position": ("position", [(p, p) for p in Recommendation.Position.values]),
        "theme": ("theme", [(str(t.pk), t) for t in Theme.objects.all()]),
        "group": ("group", [(str(g.pk), g) for g in AffectedGroup.objects.all()]),
        "sdg": ("sdg_goal", [(str(g.number), g) for g in SdgGoal.objects.all()]),
        "target": ("sdg_target", [(t.code, t) for t in SdgTarget.objects.all()]),
        "cluster": ("cluster", [(str(c.pk), c) for c in Cluster.objects.all()]),
        "lead": ("lead", [(str(i.pk), i) for i in Institution.objects.all()]),
        "status": ("status", [(s, s) for s in ImplementationStatus.values]),
        "has_action": ("has_action", [("yes", True), ("no", False)]),
        "overdue": ("overdue", [("yes", True)]),
    }


def assert_counts_match_direct_counts(user, filters: RecommendationFilters) -> int:
    facets = recommendation_facets(user=user, filters=filters)
    checked = 0
    for facet, (field, values) in candidates().items():
        for key, value in values:
            direct = recommendation_list(
                user=user, filters=replace(filters, **{field: value})
            ).count()
            assert facets[facet].get(key, 0) == direct, (facet, key)
            checked += direct
    return checked


def test_every_facet_counts_what_choosing_each_option_would_show(data, viewer):
    assert assert_counts_match_direct_counts(viewer, RecommendationFilters()) > 0


def test_facets_leave_their_own_filter_out_and_combine_with_the_others(data, viewer):
    mechanism = Mechanism.objects.get(code="CRC")
    filters = RecommendationFilters(mechanism=mechanism, position="supported")
    assert assert_counts_match_direct_counts(viewer, filters) > 0
    facets = recommendation_facets(user=viewer, filters=filters)
    # The chosen facet still offers its other options, counted with the other filters.
    assert set(facets["mechanism"]) == {"UPR", "CEDAW", "CRC"}


def test_several_document_and_column_filters_are_each_left_out_of_their_own_facet(data, viewer):
    """Single-valued facets are counted from one grouping per set of filters: with three of
    them set, each is counted over the other two, and the rest over all three."""
    for filters in (
        RecommendationFilters(kind="upr", year=2024, position="supported"),
        RecommendationFilters(cycle=4, status="no_information", include_superseded=True),
    ):
        assert assert_counts_match_direct_counts(viewer, filters) > 0


def test_facets_combine_with_the_text_query(data, viewer):
    filters = RecommendationFilters(query="torture")
    assert assert_counts_match_direct_counts(viewer, filters) > 0
    assert (
        sum(recommendation_facets(user=viewer, filters=filters)["kind"].values()) == 6
    )  # one is superseded


def test_a_recommendation_linked_to_a_goal_both_ways_counts_once(viewer):
    goal = SdgGoal.objects.get(number=16)
    make_recommendation(sdg_goals=[goal], sdg_targets=list(goal.targets.all()[:3]))
    assert recommendation_facets(user=viewer)["sdg"] == {"16": 1}


def test_a_recommendation_with_several_goals_is_listed_once_under_each(viewer):
    """Linked to goal 16 directly and through 16.3, and to goal 5: one row, not two, when
    filtering by either goal, and the counts agree."""
    goal16, goal5 = SdgGoal.objects.get(number=16), SdgGoal.objects.get(number=5)
    recommendation = make_recommendation(
        sdg_goals=[goal16, goal5], sdg_targets=[SdgTarget.objects.get(code="16.3")]
    )
    for goal in (goal16, goal5):
        listed = recommendation_list(user=viewer, filters=RecommendationFilters(sdg_goal=goal))
        assert list(listed) == [recommendation]
        assert listed.count() == 1
    assert recommendation_facets(user=viewer)["sdg"] == {"16": 1, "5": 1}
    assert assert_counts_match_direct_counts(viewer, RecommendationFilters(sdg_goal=goal16)) > 0


def test_a_broader_theme_counts_its_narrower_themes_recommendations_once(viewer):
    """As filtering by it does: tagged with the broad theme, a narrower one, or both."""
    rights = theme_get_or_create(name="Rights of the child")
    justice = theme_get_or_create(name="Juvenile justice", parent=rights)
    detention = theme_get_or_create(name="Children in detention", parent=justice)
    review = make_document()
    for themes in ([rights], [justice], [rights, justice, detention], [detention]):
        make_recommendation(document=review, themes=themes)
    counts = recommendation_facets(user=viewer)["theme"]
    assert counts == {str(rights.pk): 4, str(justice.pk): 3, str(detention.pk): 2}
    assert assert_counts_match_direct_counts(viewer, RecommendationFilters()) > 0
    narrowed = RecommendationFilters(theme=justice)
    assert assert_counts_match_direct_counts(viewer, narrowed) > 0


def test_anonymous_users_get_no_counts(data):
    from django.contrib.auth.models import AnonymousUser

    facets = recommendation_facets(user=AnonymousUser())
    assert all(not counts for counts in facets.values())


def test_list_shows_counts_in_the_filter_options(client, data, viewer):
    client.force_login(viewer)
    html = client.get(LIST).content.decode()
    assert ">CEDAW (3)</option>" in html
    assert ">Treaty body (12)</option>" in html
    assert ">2024 (6)</option>" in html
    assert ">An action is overdue (5)</option>" in html  # one more is superseded
    assert "CCPR (" not in html  # an option nothing matches is left out


def test_htmx_filtering_refreshes_the_counts_out_of_band(client, data, viewer):
    client.force_login(viewer)
    response = client.get(LIST, {"mechanism": "CEDAW"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="filter-fields" hx-swap-oob="true"' in html
    assert 'class="saved-views" hx-swap-oob="true"' in html
    assert '<option value="CEDAW" selected>CEDAW (3)</option>' in html
    assert ">Treaty body (3)</option>" in html


def test_every_filter_travels_in_the_url_and_back(client, data, coordinator):
    cluster, lead = Cluster.objects.first(), Institution.objects.get(code="MOJ")
    params = {
        "q": "torture",
        "mechanism": "UPR",
        "kind": "upr",
        "cycle": "4",
        "year": "2024",
        "position": "noted",
        "target": "16.3",
        "cluster": str(cluster.pk),
        "lead": str(lead.pk),
        "status": "implemented",
        "has_action": "yes",
        "overdue": "yes",
    }
    form = RecommendationFilterForm(params)
    assert form.is_valid(), form.errors
    filters = form.to_filters()
    assert (filters.cycle, filters.year, filters.sdg_target.code) == (4, 2024, "16.3")
    assert (filters.cluster, filters.lead, filters.has_action, filters.overdue) == (
        cluster,
        lead,
        True,
        True,
    )
    client.force_login(coordinator)
    html = client.get(LIST, params).content.decode()
    for name, value in params.items():
        assert f'<input type="hidden" name="{name}" value="{value}">' in html, name
    assert '<option value="yes" selected>' in html
    # Saving the view and the bulk steps (through the selection form) carry every filter.
    html = client.get(LIST, {"mechanism": "CRC", "overdue": "yes", "position": "supported"}).content
    for name, value in (("mechanism", "CRC"), ("overdue", "yes"), ("position", "supported")):
        assert html.decode().count(f'<input type="hidden" name="{name}" value="{value}">') == 1
        selection = f'<input type="hidden" form="selection" name="{name}" value="{value}">'
        assert html.decode().count(selection) == 1


def test_invalid_filters_say_so_and_count_nothing(client, data, viewer):
    client.force_login(viewer)
    html = client.get(LIST, {"cycle": "99", "has_action": "maybe"}).content.decode()
    assert "Some filters are not valid" in html


def test_list_with_facets_does_not_grow_with_the_data(
    client, viewer, django_assert_max_num_queries
):
    client.force_login(viewer)
    make_recommendation()
    with django_assert_max_num_queries(40) as small:
        client.get(LIST)
    for n in range(30):
        make_recommendation(
            document=make_document(mechanism_code="CEDAW", country=f"State {n}"),
            themes=[theme_get_or_create(name=f"Theme {n % 4}")],
            affected_groups=[affected_group_get_or_create(name=f"Group {n % 3}")],
            clusters=[Cluster.objects.get_or_create(name=f"Cluster {n % 2}")[0]],
        )
    with django_assert_max_num_queries(40) as large:
        response = client.get(LIST)
    assert response.content.decode().count('class="recommendation-item"') == 25
    assert len(large.captured_queries) <= len(small.captured_queries) + 1


# Saved views


@pytest.fixture
def other_viewer(db) -> User:
    return user_create(username="olga-viewer", password=PASSWORD, role=User.Role.VIEWER)


def test_user_saves_the_current_filters_and_opens_them_again(client, data, viewer):
    client.force_login(viewer)
    response = client.post(
        reverse("recommendations:saved-view-create"),
        {"name": "CEDAW supported", "mechanism": "CEDAW", "position": "supported", "page": "2"},
    )
    view = SavedView.objects.get(user=viewer)
    assert (view.name, view.query_string) == (
        "CEDAW supported",
        "mechanism=CEDAW&position=supported",
    )
    assert response.url == f"{LIST}?mechanism=CEDAW&position=supported"
    html = client.get(LIST).content.decode()
    assert reverse("recommendations:saved-view-open", args=[view.pk]) in html
    response = client.get(reverse("recommendations:saved-view-open", args=[view.pk]))
    assert response.url == f"{LIST}?mechanism=CEDAW&position=supported"
    # Saving under the same name replaces the filters.
    client.post(reverse("recommendations:saved-view-create"), {"name": "CEDAW supported"})
    assert SavedView.objects.get(user=viewer).query_string == ""


def test_another_user_can_neither_see_open_nor_delete_a_saved_view(client, viewer, other_viewer):
    view = SavedView.objects.create(user=viewer, name="Mine", query_string="mechanism=CRC")
    client.force_login(other_viewer)
    assert "Mine" not in client.get(reverse("recommendations:saved-view-list")).content.decode()
    assert "Mine" not in client.get(LIST).content.decode()
    response = client.get(reverse("recommendations:saved-view-open", args=[view.pk]))
    assert response.status_code == 404
    response = client.post(reverse("recommendations:saved-view-delete", args=[view.pk]))
    assert response.status_code == 404
    assert SavedView.objects.filter(pk=view.pk).exists()


def test_user_deletes_their_own_saved_view(client, viewer):
    view = SavedView.objects.create(user=viewer, name="Mine", query_string="mechanism=CRC")
    client.force_login(viewer)
    assert (
        client.get(reverse("recommendations:saved-view-delete", args=[view.pk])).status_code == 405
    )
    response = client.post(reverse("recommendations:saved-view-delete", args=[view.pk]))
    assert response.url == reverse("recommendations:saved-view-list")
    assert not SavedView.objects.exists()


def test_anonymous_visitors_cannot_save_views(client):
    response = client.post(reverse("recommendations:saved-view-create"), {"name": "x"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not SavedView.objects.exists()
