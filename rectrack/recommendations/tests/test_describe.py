"""Saved views are described in words, from the filter form's own labels and options: ids
become the names people know (document id -> its symbol), codes become their labels."""

import pytest
from django.urls import reverse

from rectrack.recommendations.describe import filters_describe
from rectrack.recommendations.models import SavedView, Theme
from rectrack.recommendations.tests.factories import make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def review():
    return make_document(symbol="A/HRC/43/15")


def test_text_and_document_are_described_by_label_and_symbol(review):
    assert filters_describe(f"q=Roma&document={review.pk}") == (
        "Text or reference: Roma · Review or document: A/HRC/43/15"
    )


def test_choices_show_their_labels_and_a_ticked_box_its_label(review):
    theme = Theme.objects.create(name="Rights of minorities")
    described = filters_describe(
        f"position=noted&mechanism=UPR&theme={theme.pk}&has_action=no&superseded=on&page=3"
    )
    assert described == (
        "Mechanism: UPR · Position: Noted · Theme: Rights of minorities · Action: Has none"
        " · Include superseded reviews"
    )


def test_empty_values_and_unknown_parameters_are_not_filters():
    assert filters_describe("") == "No filter"
    assert filters_describe("q=&position=&page=2&utm=x") == "No filter"


def test_a_filter_whose_object_is_gone_says_so():
    assert filters_describe("document=999999&q=Roma") == (
        "Text or reference: Roma · Review or document: 999999 (no longer available)"
    )


def test_saved_views_page_describes_each_view_in_words(
    client, viewer, review, django_assert_max_num_queries
):
    SavedView.objects.create(user=viewer, name="Roma", query_string=f"q=Roma&document={review.pk}")
    for number in range(10):
        SavedView.objects.create(user=viewer, name=f"View {number}", query_string="position=noted")
    client.force_login(viewer)
    with django_assert_max_num_queries(16):
        html = client.get(reverse("recommendations:saved-view-list")).content.decode()
    assert "Text or reference: Roma · Review or document: A/HRC/43/15" in html
    assert "q=Roma" not in html.split("<tbody>")[1].split("href")[0]
    assert html.count('<td dir="auto">Position: Noted</td>') == 10


def test_saved_views_page_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("recommendations:saved-view-list"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
