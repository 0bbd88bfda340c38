"""The list's row selection: one selector resolves ticked rows or all matching ones and
names what cannot be selected; "Plan an action for these" and "Request updates" open their
forms with the selection chosen."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rectrack.followup.models import Assignment
from rectrack.institutions.models import Institution
from rectrack.recommendations.models import Mechanism
from rectrack.recommendations.selectors import RecommendationFilters, recommendation_selection
from rectrack.recommendations.services import cluster_get_or_create
from rectrack.recommendations.tests.factories import make_document, make_recommendation

pytestmark = pytest.mark.django_db
LIST = reverse("recommendations:list")
SELECTION = reverse("recommendations:selection")


@pytest.fixture
def reviews():
    """An older UPR review of Valdoria (superseded), the current one, and a CRC review."""
    old = make_document(symbol="A/HRC/19/3", date=datetime.date(2012, 3, 1))
    current = make_document(symbol="A/HRC/43/15", date=datetime.date(2019, 12, 13))
    crc = make_document(mechanism_code="CRC", symbol="CRC/C/VLD/CO/5")
    return {
        "old": make_recommendation(document=old, reference="88.1"),
        "upr": [
            make_recommendation(document=current, reference=ref) for ref in ("121.10", "121.2")
        ],
        "crc": make_recommendation(document=crc, reference="12"),
    }


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_ticked_rows_are_selected_in_natural_order_of_references(reviews, viewer):
    upr = reviews["upr"]
    selection = recommendation_selection(user=viewer, ids=[f"{upr[0].pk},{upr[1].pk}"])
    assert selection.problems == ()
    assert selection.count == 2
    assert [r.reference for r in selection.sample()] == ["121.2", "121.10"]


def test_without_ids_every_recommendation_matching_the_filters_is_selected(reviews, viewer):
    crc = Mechanism.objects.get(code="CRC")
    selection = recommendation_selection(user=viewer, filters=RecommendationFilters(mechanism=crc))
    assert selection.ids() == [reviews["crc"].pk] and selection.problems == ()
    assert recommendation_selection(user=viewer, filters=None).count == 3  # current only


def test_unknown_invisible_and_superseded_recommendations_are_named(reviews, viewer):
    old, kept = reviews["old"], reviews["crc"]
    selection = recommendation_selection(user=viewer, ids=[str(kept.pk), str(old.pk), "777", "a"])
    assert selection.problems == (
        "“a” is not a recommendation number.",
        "These recommendations do not exist or you may not see them: 777.",
        "These recommendations are in superseded reviews: A/HRC/19/3 88.1.",
    )
    nobody = recommendation_selection(user=AnonymousUser(), ids=[str(kept.pk)])
    assert nobody.problems == (
        f"These recommendations do not exist or you may not see them: {kept.pk}.",
    )


def test_plan_an_action_for_ticked_rows_opens_the_action_form_with_them(
    client, coordinator, reviews
):
    upr = reviews["upr"]
    client.force_login(coordinator)
    response = client.post(
        SELECTION, {"step": "plan", "scope": "ticked", "selected": [upr[0].pk, upr[1].pk]}
    )
    assert response.status_code == 302
    ids = f"{upr[1].pk}%2C{upr[0].pk}"  # natural order: 121.2, then 121.10
    assert response.url == f"{reverse('followup:action-create')}?recommendations={ids}"


def test_request_updates_for_all_matching_opens_the_request_form_with_them(
    client, coordinator, reviews
):
    client.force_login(coordinator)
    response = client.post(SELECTION, {"step": "request", "scope": "all", "mechanism": "CRC"})
    assert response.url == (
        f"{reverse('followup:request-create')}?recommendations={reviews['crc'].pk}"
    )


def test_a_selection_naming_a_superseded_recommendation_goes_nowhere(client, coordinator, reviews):
    client.force_login(coordinator)
    data = {"step": "plan", "selected": [reviews["old"].pk], "mechanism": "UPR"}
    response = client.post(SELECTION, data)
    assert response.url == f"{LIST}?mechanism=UPR#results"
    assert messages_of(client.get(response.url)) == [
        "These recommendations are in superseded reviews: A/HRC/19/3 88.1."
    ]


def test_a_selection_too_large_for_a_form_asks_to_narrow_it(
    client, coordinator, reviews, monkeypatch
):
    monkeypatch.setattr("rectrack.recommendations.views.SELECTION_LINK_LIMIT", 2)
    client.force_login(coordinator)
    response = client.post(SELECTION, {"step": "plan", "scope": "all"}, follow=True)
    assert messages_of(response) == [
        "3 recommendations are selected: choose at most 2 at once (narrow the filters or tick "
        "rows)."
    ]


def test_an_unknown_step_changes_nothing(client, coordinator, reviews):
    client.force_login(coordinator)
    response = client.post(SELECTION, {"step": "delete", "scope": "all"}, follow=True)
    assert messages_of(response) == ["Choose what to do with the selected recommendations."]


@pytest.mark.parametrize("persona", ["viewer", "focal_point"])
def test_only_coordinators_use_the_selection(client, request, persona, reviews):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(SELECTION, {"step": "plan", "selected": [reviews["crc"].pk]})
    assert response.status_code == 403
    html = client.get(LIST).content.decode()
    assert 'name="selected"' not in html and "Plan an action for these" not in html


def test_list_offers_row_selection_and_the_steps_to_coordinators(client, coordinator, reviews):
    client.force_login(coordinator)
    html = client.get(LIST).content.decode()
    assert f'<form id="selection" method="post" action="{SELECTION}">' in html
    crc = reviews["crc"]
    assert (
        f'<input type="checkbox" form="selection" name="selected" value="{crc.pk}"'
        f' id="select-{crc.pk}">'
    ) in html
    assert "All 3 matching recommendations, on every page" in html
    assert 'name="step" value="plan">Plan an action for these</button>' in html
    assert 'name="step" value="request">Request updates</button>' in html
    # The assign and cluster fields belong to the same form: none may block the other steps.
    assert 'form="selection" required' not in html
    assert '<select name="institution" form="selection" id="bulk-institution">' in html


def test_coordinators_list_costs_the_same_queries_for_5_rows_or_25(client, coordinator):
    cluster_get_or_create(name="Detention")
    justice = Institution.objects.create(name="Ministry of Justice", code="MOJ")
    document = make_document()
    counts = []
    client.force_login(coordinator)
    for rows in (5, 25):
        while document.recommendations.count() < rows:
            recommendation = make_recommendation(document=document)
            Assignment.objects.create(
                recommendation=recommendation, institution=justice, role="lead"
            )
        with CaptureQueriesContext(connection) as queries:
            html = client.get(LIST).content.decode()
        assert html.count('name="selected"') == rows
        assert html.count("<dt>Lead institution</dt><dd>Ministry of Justice</dd>") == rows
        counts.append(len(queries))
    assert counts[0] == counts[1] and counts[1] <= 45
