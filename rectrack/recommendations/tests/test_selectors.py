import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from rectrack.recommendations import selectors
from rectrack.recommendations.models import AffectedGroup, Mechanism, SdgGoal, SdgTarget
from rectrack.recommendations.selectors import RecommendationFilters, recommendation_list
from rectrack.recommendations.services import (
    affected_group_get_or_create,
    theme_get_or_create,
)
from rectrack.recommendations.tests.factories import make_document, make_recommendation

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    """Four recommendations spread over two mechanisms, two UPR cycles and the taxonomies."""
    old_upr = make_document(cycle=3, date=datetime.date(2018, 1, 1))
    upr = make_document(cycle=4, date=datetime.date(2023, 1, 1))
    cedaw = make_document(mechanism_code="CEDAW", date=datetime.date(2021, 1, 1))
    justice = theme_get_or_create(name="Administration of justice")
    juvenile = theme_get_or_create(name="Juvenile justice", parent=justice)
    women = affected_group_get_or_create(name="Women")
    goal5 = SdgGoal.objects.get(number=5)
    return {
        "old": make_recommendation(document=old_upr, position="noted", text="Old cycle text"),
        "juvenile": make_recommendation(
            document=upr,
            position="supported",
            themes=[juvenile],
            text="Raise the age of criminal responsibility",
            sdg_targets=[SdgTarget.objects.get(code="16.3")],
        ),
        "justice": make_recommendation(
            document=upr,
            position="noted",
            themes=[justice],
            reference="134.7",
            sdg_goals=[SdgGoal.objects.get(number=16)],
        ),
        "cedaw": make_recommendation(
            document=cedaw,
            affected_groups=[women],
            sdg_goals=[goal5],
            sdg_targets=[SdgTarget.objects.get(code="5.2")],
            type="observation",
        ),
    }


def _pks(user, **filters):
    return {r.pk for r in recommendation_list(user=user, filters=RecommendationFilters(**filters))}


def _expect(corpus, *names):
    return {corpus[name].pk for name in names}


def test_anonymous_and_inactive_users_see_nothing(corpus, viewer):
    assert _pks(AnonymousUser()) == set()
    viewer.is_active = False
    assert _pks(viewer) == set()


def test_lists_show_current_reviews_unless_superseded_ones_are_asked_for(corpus, viewer):
    assert _pks(viewer) == _expect(corpus, "juvenile", "justice", "cedaw")
    assert _pks(viewer, include_superseded=True) == _expect(
        corpus, "old", "juvenile", "justice", "cedaw"
    )


def test_filter_by_mechanism_document_and_position(corpus, viewer):
    cedaw = Mechanism.objects.get(code="CEDAW")
    assert _pks(viewer, mechanism=cedaw) == _expect(corpus, "cedaw")
    assert _pks(viewer, document=corpus["justice"].document) == _expect(
        corpus, "juvenile", "justice"
    )
    assert _pks(viewer, position="noted") == _expect(corpus, "justice")
    assert _pks(viewer, position="noted", include_superseded=True) == _expect(
        corpus, "old", "justice"
    )


@pytest.mark.parametrize("listed", [1000, 0], ids=["ids listed", "documents as a subquery"])
def test_document_filters_give_the_same_rows_listed_or_as_a_subquery(
    corpus, viewer, monkeypatch, listed
):
    """The matching documents are listed by id, or (beyond DOCUMENT_IDS_LISTED of them)
    read in a subquery; either way the same rows come back."""
    monkeypatch.setattr(selectors, "DOCUMENT_IDS_LISTED", listed)
    upr = Mechanism.objects.get(code="UPR")
    assert _pks(viewer, mechanism=upr) == _expect(corpus, "juvenile", "justice")
    assert _pks(viewer, mechanism=upr, include_superseded=True) == _expect(
        corpus, "old", "juvenile", "justice"
    )
    assert _pks(viewer, cycle=3) == set()
    assert _pks(viewer, cycle=3, include_superseded=True) == _expect(corpus, "old")
    assert _pks(viewer, year=2021, kind=Mechanism.Kind.TREATY_BODY) == _expect(corpus, "cedaw")
    assert _pks(viewer, year=2021, kind=Mechanism.Kind.UPR) == set()


def test_a_theme_filter_includes_its_narrower_themes(corpus, viewer):
    justice = corpus["justice"].themes.get()
    juvenile = corpus["juvenile"].themes.get()
    assert _pks(viewer, theme=justice) == _expect(corpus, "juvenile", "justice")
    assert _pks(viewer, theme=juvenile) == _expect(corpus, "juvenile")


def test_filter_by_group_and_by_sdg_goal_directly_or_through_a_target(corpus, viewer):
    assert _pks(viewer, group=AffectedGroup.objects.get(name="Women")) == _expect(corpus, "cedaw")
    assert _pks(viewer, sdg_goal=SdgGoal.objects.get(number=16)) == _expect(
        corpus, "juvenile", "justice"
    )
    # Linked to goal 5 both directly and through target 5.2: listed once.
    assert list(
        recommendation_list(
            user=viewer, filters=RecommendationFilters(sdg_goal=SdgGoal.objects.get(number=5))
        )
    ) == [corpus["cedaw"]]


def test_text_filter_matches_words_in_the_text_or_the_exact_reference(corpus, viewer):
    assert _pks(viewer, query="criminal RESPONSIBILITY") == _expect(corpus, "juvenile")
    assert _pks(viewer, query="134.7") == _expect(corpus, "justice")


def test_filters_combine(corpus, viewer):
    upr = Mechanism.objects.get(code="UPR")
    assert _pks(
        viewer, mechanism=upr, position="supported", sdg_goal=SdgGoal.objects.get(number=16)
    ) == _expect(corpus, "juvenile")
