"""Full-text search: accents, stemming, ranking, references and symbols, and an index that
follows every write at once. Runs on whichever database the suite runs on."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rectrack.imports.services import import_file
from rectrack.recommendations.facets import recommendation_facets
from rectrack.recommendations.models import Recommendation
from rectrack.recommendations.search import deferred_indexing, parse, search_ids, search_ranked
from rectrack.recommendations.search import sqlite as sqlite_search
from rectrack.recommendations.selectors import RecommendationFilters, recommendation_list
from rectrack.recommendations.tests.factories import make_document, make_recommendation

pytestmark = pytest.mark.django_db


def found(query: str) -> set[int]:
    return set(Recommendation.objects.filter(pk__in=search_ids(query)).values_list("pk", flat=True))


def ranked(query: str) -> list[int]:
    qs = Recommendation.objects.filter(pk__in=search_ids(query))
    return list(search_ranked(qs, query).values_list("pk", flat=True))


def test_accented_names_are_found_without_accents_and_the_other_way_round():
    accented = make_recommendation(text="Bring Hissène Habré's accomplices to justice.")
    plain = make_recommendation(text="Cooperate with Senegal in the case of Hissene Habre.")
    make_recommendation(text="Ratify the Optional Protocol.")
    assert found("hissene habre") == {accented.pk, plain.pk}
    assert found("Hissène Habré") == {accented.pk, plain.pk}
    assert found("HABRÉ") == {accented.pk, plain.pk}


def test_words_are_found_by_their_stem():
    texts = [
        "Consider the ratification of the Convention.",
        "Implement the treaties it has ratified.",
        "Continue ratifying core instruments.",
        "Ratify the Rome Statute.",
    ]
    ids = {make_recommendation(text=text).pk for text in texts}
    make_recommendation(text="Combat torture in places of detention.")
    assert found("ratify") == ids
    assert found("ratification") == ids
    assert found("conventions") == found("convention") != set()


def test_a_text_with_the_word_three_times_ranks_above_one_with_it_once():
    once = make_recommendation(text="Strengthen education, health services and social housing.")
    thrice = make_recommendation(
        text="Improve education for girls, fund education in rural areas and inclusive education."
    )
    assert ranked("education") == [thrice.pk, once.pk]


def test_the_list_orders_results_by_relevance(viewer):
    document = make_document()
    once = make_recommendation(
        document=document, text="Guarantee access to water, education and health."
    )
    thrice = make_recommendation(
        document=document, text="Education, education and education for every child."
    )
    filters = RecommendationFilters(query="education")
    assert [r.pk for r in recommendation_list(user=viewer, filters=filters)] == [
        thrice.pk,
        once.pk,
    ]


def test_paragraph_references_and_document_symbols_are_searchable():
    document = make_document(symbol="A/HRC/43/15")
    wanted = make_recommendation(document=document, reference="121.1", text="Abolish it.")
    make_recommendation(reference="121.10", text="Ratify it.")
    make_recommendation(reference="12.1", text="Protect them.")
    assert found("121.1") == {wanted.pk}
    assert wanted.pk in found("A/HRC/43/15")
    assert found("A/HRC/43/15 abolish") == {wanted.pk}


def test_a_changed_document_symbol_is_searchable_at_once():
    document = make_document(symbol="CCPR/C/OLD/1")
    recommendation = make_recommendation(document=document, text="Abolish the death penalty.")
    document.symbol = "CCPR/C/NEW/2"
    document.save()
    assert found("CCPR/C/NEW/2") == {recommendation.pk}
    assert found("CCPR/C/OLD/1") == set()


def test_edits_show_up_immediately():
    recommendation = make_recommendation(text="Protect journalists from harassment.")
    assert found("journalist") == {recommendation.pk}

    recommendation.text = "Protect human rights defenders from reprisals."
    recommendation.save()
    assert found("journalist") == set()
    assert found("reprisal") == {recommendation.pk}

    recommendation.delete()
    assert found("reprisal") == set()


def test_bulk_writes_are_in_sync():
    document = make_document()
    created = Recommendation.objects.bulk_create(
        [
            Recommendation(document=document, reference=f"9.{n}", text=f"Combat trafficking {n}.")
            for n in range(3)
        ]
    )
    assert found("trafficking") == {r.pk for r in created}

    Recommendation.objects.filter(pk=created[0].pk).update(text="Eradicate child labour.")
    assert found("labour") == {created[0].pk}
    assert found("trafficking") == {created[1].pk, created[2].pk}

    created[1].text = "Protect migrant workers."
    Recommendation.objects.bulk_update([created[1]], ["text"])
    assert found("migrants") == {created[1].pk}

    Recommendation.objects.filter(pk__in=[created[1].pk, created[2].pk]).delete()
    assert found("trafficking") == set()
    assert found("migrant") == set()


def test_an_imported_file_is_searchable_at_once():
    csv = (
        "To,To-Rgrp,To-Org,Text,From,From-Rgrp,From-Org,Response,Action,Issue,Session\n"
        'Valdoria,Asia,,"Abolish corporal punishment of children",Sweden,WEOG,EU,Accepted,5,'
        '"Rights of the Child",5\n'
        'Valdoria,Asia,,"Ratify the Convention against Torture",France,WEOG,EU,Noted,5,'
        '"Torture",5\n'
    )
    report = import_file(data=csv.encode(), file_name="upr.csv", format="auto")
    assert report.written, report.errors[:3]
    assert len(found("punishment")) == 1
    assert len(found("ratification torture")) == 1


def test_query_syntax_is_read_as_words_and_never_raises():
    abolish = make_recommendation(text="Abolish the death penalty for all crimes.")
    moratorium = make_recommendation(text="Establish a moratorium on the death penalty.")
    assert found('"death penalty"') == {abolish.pk, moratorium.pk}
    assert found('"penalty death"') == set()
    assert found("death -moratorium") == {abolish.pk}
    assert found("abol*") == {abolish.pk}
    assert found("abolish OR moratorium") == {abolish.pk, moratorium.pk}
    for hostile in ['"', "(", "AND", "*", "-", "NOT", "death AND (", 'a" OR "', "x" * 5000]:
        found(hostile)
        ranked(hostile)
    assert found("?!") == set()
    assert parse("  ") == []


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=200))
def test_random_text_never_raises(query):
    assert isinstance(found(query), set)
    ranked(query)


def test_list_page_searches_and_counts_the_results(client, viewer):
    document = make_document()
    wanted = make_recommendation(document=document, text="Ensure no asylum seeker's detention.")
    also = make_recommendation(document=document, text="End the detention of migrant children.")
    make_recommendation(document=document, text="Increase the budget of the ombudsperson.")
    client.force_login(viewer)
    response = client.get(reverse("recommendations:list"), {"q": "detention"})
    assert response.status_code == 200
    shown = [r.pk for r in response.context["page"].object_list]
    assert set(shown) == {wanted.pk, also.pk}
    assert response.context["page"].paginator.count == 2
    assert "2 recommendations found" in response.content.decode()


def test_list_page_survives_hostile_queries(client, viewer):
    make_recommendation(text="Abolish the death penalty.")
    client.force_login(viewer)
    for query in ['"(', "NOT AND OR", "-*", "'; DROP TABLE x; --"]:
        response = client.get(reverse("recommendations:list"), {"q": query})
        assert response.status_code == 200


def test_search_combines_with_facets(viewer):
    document = make_document(mechanism_code="UPR", date=datetime.date(2021, 1, 1))
    supported = make_recommendation(document=document, text="Ratify ICRMW.", position="supported")
    make_recommendation(document=document, text="Ratify OP-CAT.", position="noted")
    filters = RecommendationFilters(query="ratify", position="supported")
    assert [r.pk for r in recommendation_list(user=viewer, filters=filters)] == [supported.pk]


@pytest.mark.parametrize("many_matches", [2000, 1], ids=["rare word", "common word"])
def test_a_common_word_is_filtered_and_ranked_as_a_rare_one(viewer, monkeypatch, many_matches):
    """On SQLite, a word matching more than MANY_MATCHES rows is searched the other way
    round (the other filters lead, and only the rows they pass are ranked). The results,
    their order, the count and the facets must be the same either way."""
    if connection.vendor == "sqlite":
        monkeypatch.setattr(sqlite_search, "MANY_MATCHES", many_matches)
    upr, cat = make_document(mechanism_code="UPR"), make_document(mechanism_code="CAT")
    once = make_recommendation(document=upr, text="Guarantee education.", position="supported")
    thrice = make_recommendation(
        document=upr, text="Education, education and education.", position="supported"
    )
    make_recommendation(document=upr, text="Education and education.", position="noted")
    make_recommendation(document=cat, text="Education education education.", position="supported")
    make_recommendation(document=upr, text="Health for all.", position="supported")
    filters = RecommendationFilters(
        query="education", mechanism=upr.mechanism, position="supported"
    )
    qs = recommendation_list(user=viewer, filters=filters)
    if connection.vendor == "sqlite":
        assert ("WITH within" in str(qs.query)) == (many_matches == 1)
    assert [r.pk for r in qs] == [thrice.pk, once.pk]
    assert qs.count() == 2
    facets = recommendation_facets(user=viewer, filters=filters)
    assert facets["position"] == {"supported": 2, "noted": 1}
    assert facets["mechanism"] == {"UPR": 2, "CAT": 1}


def test_the_index_is_maintained_by_the_database():
    """Guard: a migration that rebuilds the recommendations table on SQLite drops its
    triggers; this fails then, rather than search silently going stale."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")
            assert cursor.fetchone()[0] >= 4
        else:
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal")
            assert cursor.fetchone()[0] >= 2


def test_rows_inserted_with_deferred_indexing_are_found_when_it_ends():
    document = make_document(symbol="A/HRC/99/7")
    before = make_recommendation(document=document, text="Abolish corporal punishment.")
    with deferred_indexing():
        inside = [
            Recommendation.objects.create(document=document, reference=f"9.{n}", text=text)
            for n, text in enumerate(["Ratify the Istanbul Convention.", "Abolish whipping."])
        ]
        inside[1].text = "Abolish flogging and whipping."  # an update inside is indexed too
        inside[1].save()
    assert found("abolish") == {before.pk, inside[1].pk}
    assert found("istanbul") == {inside[0].pk}
    assert found("flogging") == {inside[1].pk}
    assert found('"A/HRC/99/7"') == {before.pk, *(r.pk for r in inside)}
    after = make_recommendation(document=document, text="Abolish caning.")
    assert after.pk in found("caning")  # the row trigger indexes again


def test_a_failed_bulk_insert_leaves_no_rows_and_indexing_on():
    document = make_document()
    with pytest.raises(RuntimeError), deferred_indexing():
        Recommendation.objects.create(document=document, text="Ratify the Maputo Protocol.")
        raise RuntimeError("the import failed")
    assert not Recommendation.objects.filter(document=document).exists()
    assert found("maputo") == set()
    later = make_recommendation(document=document, text="Ratify the Maputo Protocol.")
    assert found("maputo") == {later.pk}
