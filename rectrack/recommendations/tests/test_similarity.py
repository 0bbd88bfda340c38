"""Similar recommendations: TF-IDF cosine computed locally, shown on a recommendation's page."""

import pytest
from django.urls import reverse

from rectrack.recommendations.models import Recommendation
from rectrack.recommendations.similarity import (
    build_index,
    current_index,
    similar_to,
    suggest_groups,
    tokens,
)
from rectrack.recommendations.tests.factories import make_document, make_recommendation

TEXTS = [
    "Ratify the Optional Protocol to the Convention against Torture.",
    "Strengthen the independence of the judiciary and fight corruption in the courts.",
    "Guarantee access to primary education for all children, including migrant children.",
    "Adopt a comprehensive law to combat domestic violence against women and girls.",
    "Improve conditions of detention and reduce overcrowding in prisons.",
]


def test_tokens_ignore_case_accents_stop_words_and_plural_endings():
    def stems(text):
        return [stem for stem, _ in tokens(text)]

    assert stems("Réformer LES Prisons de Montréal") == stems("reformer les prison de montreal")
    assert stems("The State should ratify the conventions") == ["ratify", "convention"]


def test_a_near_duplicate_ranks_first():
    rows = list(enumerate(TEXTS)) + [
        (10, "Ratify the Optional Protocol to the Convention against Torture without delay.")
    ]
    index = build_index(rows)
    ranked = similar_to(10, index=index)
    assert ranked[0][0] == 0
    assert ranked[0][1] > 0.8
    assert all(score < ranked[0][1] for _, score in ranked[1:])


def test_accents_and_case_do_not_matter():
    rows = list(enumerate(TEXTS)) + [
        (10, "RATIFY THE OPTIONAL PROTOCOL TO THE CONVENTION AGAINST TORTURE."),
        (11, "Ratifý thé Óptional Prótocol to the Cónvention against Tórture."),
    ]
    index = build_index(rows)
    assert similar_to(0, index=index, limit=2) == [(10, 1.0), (11, 1.0)]


def test_unrelated_texts_share_no_score():
    index = build_index([(1, "Ratify the convention"), (2, "Build more schools")])
    assert similar_to(1, index=index) == []


def test_suggestion_groups_near_duplicates_together():
    rows = list(enumerate(TEXTS)) + [
        (10, "Ratify without delay the Optional Protocol to the Convention against Torture."),
        (11, "Consider ratifying the Optional Protocol to the Convention against Torture."),
        (12, "Adopt a law to combat domestic violence against women and girls."),
    ]
    index = build_index(rows)
    proposals = suggest_groups([pk for pk, _ in rows], threshold=0.5, index=index)
    groups = sorted(proposal.members for proposal in proposals)
    assert groups == [[0, 10, 11], [3, 12]]
    torture = next(p for p in proposals if 0 in p.members)
    assert torture.name == "Ratify · Optional · Protocol"  # the words all three share


def test_near_duplicates_in_french_russian_and_chinese_are_similar_and_others_are_not():
    rows = [
        *enumerate(TEXTS),
        (20, "Ratifier la Convention contre la torture et autres peines ou traitements cruels."),
        (21, "Ratifie sans délai la Convention contre la torture et les autres peines cruelles."),
        (22, "Renforcer l'indépendance du pouvoir judiciaire et lutter contre la corruption."),
        (30, "Ратифицировать Конвенцию о правах инвалидов и обеспечить доступность зданий."),
        (31, "Ратифицировать Конвенцию о правах инвалидов и обеспечивать доступность здания."),
        (32, "Положить конец пыткам в местах лишения свободы."),
        (40, "批准《禁止酷刑和其他残忍、不人道或有辱人格的待遇或处罚公约》。"),
        (41, "尽快批准《禁止酷刑和其他残忍、不人道或有辱人格的待遇或处罚公约》。"),
        (42, "采取措施保护儿童免受一切形式的暴力。"),
    ]
    index = build_index(rows)
    for pk, twin, unrelated in [(20, 21, 22), (30, 31, 32), (40, 41, 42)]:
        ranked = dict(similar_to(pk, index=index))
        assert max(ranked, key=ranked.get) == twin
        assert ranked[twin] > 0.5
        assert ranked.get(unrelated, 0.0) < 0.1
    groups = suggest_groups([pk for pk, _ in rows], threshold=0.5, index=index)
    assert sorted(group.members for group in groups) == [[20, 21], [30, 31], [40, 41]]


def test_tokens_stem_each_language_in_its_own_way():
    def stems(text):
        return {stem for stem, _ in tokens(text)}

    assert stems("Ratifier la Convention et le Protocole") == stems(
        "ratifié la convention et le protocole"
    )
    assert stems("Положить конец пыткам") >= {"пытк"} <= stems("Запретить пытки")
    assert stems("禁止酷刑") == {"禁止", "止酷", "酷刑"}


@pytest.mark.django_db
def test_index_follows_edits_and_new_recommendations():
    first = make_recommendation(text="Ratify the Convention on the Rights of Persons.")
    make_recommendation(text="Build schools in rural areas.")
    assert similar_to(first.pk) == []
    twin = make_recommendation(
        document=make_document(mechanism_code="CRPD"),
        text="Ratify the Convention on the Rights of Persons with Disabilities.",
    )
    assert similar_to(first.pk)[0][0] == twin.pk
    index = current_index()
    Recommendation.objects.filter(pk=twin.pk).update(text="Unrelated words entirely")
    assert current_index() is index  # update() bypasses updated_at: the fingerprint is kept
    twin.text = "Something else again"
    twin.save()
    assert current_index() is not index
    assert similar_to(first.pk) == []


@pytest.mark.django_db
def test_recommendation_page_loads_similar_ones_across_mechanisms_and_cycles(
    client, viewer, django_assert_max_num_queries
):
    old = make_document(mechanism_code="UPR", cycle=2, country="Valdoria")
    new = make_document(mechanism_code="UPR", cycle=3, country="Valdoria")  # supersedes old
    original = make_recommendation(document=old, text=TEXTS[0])
    repeat = make_recommendation(document=new, text=TEXTS[0].upper())
    treaty = make_recommendation(
        document=make_document(mechanism_code="CAT"),
        text="Ratify the Optional Protocol to the Convention against Torture promptly.",
    )
    for text in TEXTS[1:]:
        make_recommendation(text=text)
    client.force_login(viewer)
    page = client.get(repeat.get_absolute_url()).content.decode()
    url = reverse("recommendations:similar", args=[repeat.pk])
    assert f'hx-get="{url}"' in page
    assert f'<a href="{url}">' in page  # without JavaScript, a link
    with django_assert_max_num_queries(8):
        html = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in html
    assert html.index(original.get_absolute_url()) < html.index(treaty.get_absolute_url())
    assert "1.00" in html
    assert "superseded" in html
    full = client.get(url).content.decode()
    assert "<html" in full and treaty.get_absolute_url() in full


@pytest.mark.django_db
def test_anonymous_visitors_cannot_see_similar_recommendations(client):
    recommendation = make_recommendation()
    response = client.get(reverse("recommendations:similar", args=[recommendation.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
