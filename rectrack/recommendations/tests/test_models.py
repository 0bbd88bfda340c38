import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from hypothesis import given
from hypothesis import strategies as st

from rectrack.core.text import _unicode_key, label_key
from rectrack.recommendations.models import Document, Mechanism, Recommendation, Theme
from rectrack.recommendations.services import (
    affected_group_get_or_create,
    country_get_or_create,
    document_create,
    theme_get_or_create,
)
from rectrack.recommendations.tests.factories import make_document, make_recommendation

pytestmark = pytest.mark.django_db


def test_label_key_ignores_case_ampersand_punctuation_and_spacing():
    assert label_key("Equality & non-discrimination") == label_key(
        "equality  and Non discrimination"
    )
    assert label_key("Women's rights") == label_key("WOMENS RIGHTS")
    assert label_key("Rights of the child") != label_key("Rights of the children")


def test_taxonomy_entries_are_matched_by_normalised_name():
    first = theme_get_or_create(name="Equality & non-discrimination", code="B31")
    again = theme_get_or_create(name="equality and non-discrimination")
    assert again.pk == first.pk
    assert Theme.objects.count() == 1
    assert again.code == "B31"
    assert country_get_or_create(name="Viet Nam").pk == country_get_or_create(name=" viet  nam").pk
    group = affected_group_get_or_create(name="Persons with disabilities")
    assert affected_group_get_or_create(name="persons with Disabilities").pk == group.pk


def test_two_themes_with_the_same_normalised_name_are_refused():
    Theme.objects.create(name="Right to health")
    with pytest.raises(IntegrityError), transaction.atomic():
        Theme.objects.create(name="RIGHT TO HEALTH")


def test_document_symbol_is_unique_within_a_mechanism_but_blank_symbols_may_repeat():
    upr = Mechanism.objects.get(code="UPR")
    make_document(symbol="A/HRC/43/15")
    with pytest.raises(ValidationError):
        document_create(mechanism=upr, country=None, symbol="A/HRC/43/15")
    document_create(mechanism=upr, country=None, session=1)
    document_create(mechanism=upr, country=None, session=2)
    assert Document.objects.filter(symbol="").count() == 2


def test_uhri_annotation_id_identifies_one_recommendation():
    make_recommendation(uhri_annotation_id="f3a2c1")
    with pytest.raises(ValidationError):
        make_recommendation(uhri_annotation_id="f3a2c1")
    # Recommendations without an id do not collide.
    make_recommendation()
    make_recommendation()
    assert Recommendation.objects.filter(uhri_annotation_id=None).count() == 2


def test_recommendation_needs_text_and_a_known_position():
    with pytest.raises(ValidationError) as error:
        make_recommendation(text="   ")
    assert "text" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        make_recommendation(position="accepted")
    assert "position" in error.value.message_dict


def test_recommendation_takes_its_documents_date_and_mechanism():
    document = make_document(
        mechanism_code="CEDAW", symbol="CEDAW/C/VLD/CO/8", date=datetime.date(2021, 3, 1)
    )
    recommendation = make_recommendation(document=document, reference="12(a)")
    assert recommendation.date == datetime.date(2021, 3, 1)
    assert recommendation.mechanism.code == "CEDAW"
    assert str(recommendation) == "CEDAW/C/VLD/CO/8 12(a)"


def test_document_without_symbol_is_named_by_mechanism_session_and_state():
    document = make_document(symbol="", session=4, country="Ruritania")
    assert str(document) == "UPR session 4 Ruritania"


def test_references_sort_in_natural_order():
    from rectrack.recommendations.models import reference_sort_key

    references = ["121.10", "7(b)", "121.2", "10", "121.1", "7(a)", "", "A/HRC/9"]
    assert sorted(references, key=reference_sort_key) == [
        "",
        "7(a)",
        "7(b)",
        "10",
        "121.1",
        "121.2",
        "121.10",
        "A/HRC/9",
    ]
    assert reference_sort_key(" 121.2 ") == "00000121.00000002"
    assert len(reference_sort_key("1." * 25)) <= 255


def test_every_way_of_writing_a_recommendation_keeps_its_sort_key():
    from rectrack.core.bulk import insert_objects

    document = make_document()
    made = make_recommendation(document=document, reference="121.2")
    made.reference = "121.10"
    made.save()
    insert_objects([Recommendation(document=document, reference="9.1", text="Inserted in bulk.")])
    bulked = Recommendation.objects.get(text="Inserted in bulk.")
    bulked.reference = "9.3"
    Recommendation.objects.bulk_update([bulked], ["reference", "reference_key"])
    assert dict(Recommendation.objects.values_list("reference", "reference_key")) == {
        "121.10": "00000121.00000010",
        "9.3": "00000009.00000003",
    }


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80))
def test_an_ascii_label_has_the_key_the_full_unicode_rule_gives(label):
    """label_key's short road for ASCII text (most labels, most texts) gives what the rule
    for any text gives."""
    assert label_key(label) == _unicode_key(label)
