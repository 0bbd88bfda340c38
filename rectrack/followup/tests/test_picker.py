"""The recommendation picker of the action, indicator and update request forms: choosing by
reference, text or document, never by internal numbers; with htmx suggestions and without
JavaScript (search, tick, add); typed references; bad choices named, nothing saved."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from rectrack.followup.models import Action, Indicator, UpdateRequest
from rectrack.recommendations.models import Document
from rectrack.recommendations.tests.factories import make_document, make_recommendation

pytestmark = pytest.mark.django_db
PICKER = reverse("followup:recommendation-picker")


@pytest.fixture
def review():
    document = make_document(symbol="A/HRC/43/15")
    made = {
        ref: make_recommendation(document=document, reference=ref, text=text)
        for ref, text in [
            ("121.1", "Ratify the Optional Protocol to the Convention against Torture."),
            ("121.10", "Establish a national preventive mechanism."),
            ("121.2", "Abolish the death penalty."),
            ("140.218", "Guarantee legal aid to every detainee."),
            ("140.220", "Train judges on alternatives to detention."),
        ]
    }
    return document, made


@pytest.fixture
def older_review():
    """A superseded review that also has a paragraph 121.1."""
    document = make_document(symbol="A/HRC/28/9", date=datetime.date(2015, 1, 1))
    Document.objects.filter(pk=document.pk).update(status=Document.Status.SUPERSEDED)
    return make_recommendation(document=document, reference="121.1", text="Old wording.")


def action_post(institution, **overrides) -> dict:
    data = {
        "title": "Torture prevention",
        "lead_institution": institution.pk,
        "status": "planned",
        "recommendations": [],
        "recommendation_references": "",
        "reference_document": "",
    }
    data.update(overrides)
    return data


def test_suggestions_by_reference_prefix_current_reviews_only(
    client, coordinator, review, older_review
):
    client.force_login(coordinator)
    response = client.get(PICKER, {"picker_query": "121.1"})
    text = response.content.decode()
    _document, made = review
    assert "A/HRC/43/15 121.1" in text and "A/HRC/43/15 121.10" in text
    assert "121.2" not in text  # another paragraph
    assert "A/HRC/28/9" not in text  # superseded review
    assert text.index("A/HRC/43/15 121.1<") < text.index("A/HRC/43/15 121.10<")  # exact first
    assert f'value="{made["121.1"].pk}"' in text and "checked" not in text


def test_suggestions_by_words_of_the_text_and_by_document_symbol(client, coordinator, review):
    client.force_login(coordinator)
    words = client.get(PICKER, {"picker_query": "death penalty"}).content.decode()
    assert "121.2" in words and "Abolish the death penalty." in words and "121.1<" not in words
    symbol = client.get(PICKER, {"picker_query": "A/HRC/43/15"}).content.decode()
    assert symbol.count('type="checkbox"') == 5


def test_suggestions_keep_the_boxes_already_ticked_and_say_when_nothing_matches(
    client, coordinator, review
):
    _document, made = review
    client.force_login(coordinator)
    ticked = made["140.218"].pk
    response = client.get(PICKER, {"picker_query": "zebra", "recommendations": [ticked]})
    text = response.content.decode()
    assert f'value="{ticked}" checked' in text
    assert "No current recommendation matches “zebra”." in text


def test_suggestions_are_limited_to_twenty_in_a_few_queries(
    client, coordinator, django_assert_max_num_queries
):
    document = make_document(symbol="A/HRC/50/1")
    made = [make_recommendation(document=document, reference=f"7.{n}") for n in range(25)]
    client.force_login(coordinator)
    ticked = [rec.pk for rec in made[:3]]
    with django_assert_max_num_queries(8):
        response = client.get(PICKER, {"picker_query": "7", "recommendations": ticked})
    text = response.content.decode()
    assert text.count('type="checkbox"') == 23 and text.count("checked") == 3


def test_anonymous_gets_no_suggestions(client, review):
    response = client.get(PICKER, {"picker_query": "121.1"})
    assert response.status_code == 302 and "121.1" not in response.content.decode()


def test_without_javascript_search_tick_add_then_save(client, coordinator, justice, review):
    _document, made = review
    client.force_login(coordinator)
    address = reverse("followup:action-create")
    searched = client.post(address, action_post(justice, picker_query="121.1", picker_search="1"))
    assert searched.status_code == 200
    text = searched.content.decode()
    assert 'value="Torture prevention"' in text  # the other fields keep their values
    assert f'value="{made["121.10"].pk}">' in text  # a suggestion to tick
    assert "This field is required" not in text and not Action.objects.exists()
    added = client.post(
        address,
        action_post(
            justice,
            recommendations=[made["121.10"].pk],
            recommendation_references="140.218, 140.220",
            picker_query="121.1",
            picker_add="1",
        ),
    )
    text = added.content.decode()
    for ref in ("121.10", "140.218", "140.220"):
        assert f'value="{made[ref].pk}" checked' in text
    assert not Action.objects.exists()
    chosen = [made[ref].pk for ref in ("121.10", "140.218", "140.220")]
    saved = client.post(address, action_post(justice, recommendations=chosen))
    assert saved.status_code == 302
    action = Action.objects.get()
    assert {rec.reference for rec in action.recommendations.all()} == {
        "121.10",
        "140.218",
        "140.220",
    }


def test_typed_references_are_saved_without_any_internal_number(
    client, coordinator, justice, review
):
    client.force_login(coordinator)
    response = client.post(
        reverse("followup:action-create"),
        action_post(justice, recommendation_references="140.218, 140.220"),
    )
    assert response.status_code == 302
    assert sorted(r.reference for r in Action.objects.get().recommendations.all()) == [
        "140.218",
        "140.220",
    ]


def test_a_reference_in_two_current_reviews_is_listed_to_pick_not_guessed(
    client, coordinator, justice, review
):
    document, made = review
    other_country = make_document(symbol="A/HRC/43/16", country="Norland")
    other = make_recommendation(document=other_country, reference="140.218")
    client.force_login(coordinator)
    address = reverse("followup:action-create")
    response = client.post(address, action_post(justice, recommendation_references="140.218"))
    assert response.status_code == 400
    text = response.content.decode()
    assert "These references are in several reviews" in text and "140.218" in text
    assert f'value="{made["140.218"].pk}">' in text and f'value="{other.pk}">' in text
    assert not Action.objects.exists()
    # Within a chosen document it is not ambiguous.
    response = client.post(
        address,
        action_post(justice, recommendation_references="140.218", reference_document=document.pk),
    )
    assert response.status_code == 302
    assert list(Action.objects.get().recommendations.all()) == [made["140.218"]]


def test_unknown_references_superseded_and_missing_recommendations_are_named(
    client, coordinator, justice, review, older_review
):
    client.force_login(coordinator)
    response = client.post(
        reverse("followup:action-create"),
        action_post(
            justice,
            recommendations=[older_review.pk, 999999],
            recommendation_references="140.218, 999.9",
        ),
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "These recommendations do not exist (any more): 999999." in text
    assert "These recommendations belong to a superseded review: A/HRC/28/9 121.1." in text
    assert "No current recommendation has the reference 999.9." in text
    assert not Action.objects.exists()


def test_editing_keeps_a_recommendation_whose_review_was_superseded_since(
    client, coordinator, justice, older_review
):
    from rectrack.followup.services.planning import action_create

    action = action_create(
        user=coordinator,
        title="Old plan",
        lead_institution=justice,
        links={"recommendations": [older_review]},
    )
    client.force_login(coordinator)
    response = client.post(
        reverse("followup:action-edit", args=[action.pk]),
        action_post(justice, title="Old plan, renamed", recommendations=[older_review.pk])
        | {"version": action.version},
    )
    assert response.status_code == 302
    assert list(Action.objects.get().recommendations.all()) == [older_review]


def test_prefilled_recommendations_are_shown_chosen_by_reference(client, coordinator, review):
    _document, made = review
    client.force_login(coordinator)
    ids = f"{made['121.1'].pk},{made['121.2'].pk}"
    for name in ("action-create", "indicator-create", "request-create"):
        text = client.get(reverse(f"followup:{name}") + f"?recommendations={ids}").content.decode()
        assert f'value="{made["121.1"].pk}" checked' in text
        assert "A/HRC/43/15 121.2" in text
        assert "/recommendations/123/" not in text and "numbers of the" not in text


def test_indicator_chooses_recommendations_with_the_picker(client, coordinator, review):
    client.force_login(coordinator)
    response = client.post(
        reverse("followup:indicator-create"),
        {"title": "Detainees with a lawyer", "recommendation_references": "140.218"},
    )
    assert response.status_code == 302
    assert [r.reference for r in Indicator.objects.get().recommendations.all()] == ["140.218"]


def test_update_request_asks_about_the_picked_recommendations(client, coordinator, justice, review):
    from rectrack.followup.models import Assignment
    from rectrack.followup.services.planning import assignment_set

    _document, made = review
    assignment_set(
        recommendation=made["121.1"],
        institution=justice,
        role=Assignment.Role.LEAD,
        user=coordinator,
    )
    client.force_login(coordinator)
    due = timezone.localdate() + datetime.timedelta(days=10)
    response = client.post(
        reverse("followup:request-create") + f"?recommendations={made['121.1'].pk}",
        {"title": "Mid-term", "due_date": due.isoformat(), "recommendations": [made["121.1"].pk]},
    )
    assert response.status_code == 302
    update_request = UpdateRequest.objects.get()
    assert list(update_request.recommendations.all()) == [made["121.1"]]
    assert list(update_request.institutions.all()) == [justice]


def test_viewer_and_focal_point_cannot_plan_even_by_reference(
    client, viewer, focal_point, justice, review
):
    for user in (viewer, focal_point):
        client.force_login(user)
        response = client.post(
            reverse("followup:action-create"),
            action_post(justice, recommendation_references="140.218"),
        )
        assert response.status_code in (302, 403)
    assert not Action.objects.exists()


def test_a_selection_naming_missing_or_superseded_recommendations_says_so_on_opening(
    client, coordinator, review, older_review
):
    _document, made = review
    client.force_login(coordinator)
    ids = f"{made['121.1'].pk},{older_review.pk},999999"
    for name in ("action-create", "indicator-create", "request-create"):
        response = client.get(reverse(f"followup:{name}") + f"?recommendations={ids}")
        shown = [str(message) for message in response.context["messages"]]
        assert shown == [
            "These recommendations of your selection do not exist (any more): 999999.",
            "These recommendations belong to a superseded review; untick them or saving will "
            "be refused: A/HRC/28/9 121.1.",
        ]
