"""One national list of themes and groups: a coordinator merges one entry into another; every
link moves, the merged names become aliases, the trail records it; suggestions only propose."""

import pytest
from django.urls import reverse

from rectrack.audit.models import AuditEntry
from rectrack.core.errors import ApplicationError
from rectrack.recommendations.models import AffectedGroup, Theme, ThemeAlias
from rectrack.recommendations.services import (
    affected_group_get_or_create,
    theme_get_or_create,
)
from rectrack.recommendations.taxonomy import alias_entry, merge_suggestions, taxonomy_merge
from rectrack.recommendations.tests.factories import make_recommendation

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_themes():
    """The 2014 list's coded label stored as a name, and the 2019 list's name, each used."""
    coded = theme_get_or_create(name="A12 Acceptance of international norms")
    coded.translated_name_fr = "Acceptation des normes internationales"
    coded.save()
    named = theme_get_or_create(name="Acceptance of international norms", code="A12")
    only_coded = make_recommendation(text="Ratify OPCAT.", reference="115.1")
    both = make_recommendation(text="Ratify the CRPD.", reference="115.2")
    only_named = make_recommendation(text="Ratify the ICRMW.", reference="121.1")
    extra = theme_get_or_create(name="Racial discrimination")
    only_coded.themes.set([coded])
    both.themes.set([coded, named, extra])
    only_named.themes.set([named])
    return coded, named, (only_coded, both, only_named)


def test_merge_keeps_every_link_once_and_deletes_the_merged_theme(coordinator, two_themes):
    coded, named, (only_coded, both, only_named) = two_themes
    taxonomy_merge(user=coordinator, source=coded, target=named)
    assert not Theme.objects.filter(pk=coded.pk).exists()
    for recommendation in (only_coded, both, only_named):
        assert named in recommendation.themes.all()
    assert sorted(t.name for t in both.themes.all()) == [
        "Acceptance of international norms",
        "Racial discrimination",
    ]
    assert named.recommendations.count() == 3


def test_merged_names_become_aliases_and_fill_missing_languages(coordinator, two_themes):
    coded, named, _recommendations = two_themes
    taxonomy_merge(user=coordinator, source=coded, target=named)
    named.refresh_from_db()
    assert named.translated_name_fr == "Acceptation des normes internationales"
    assert list(ThemeAlias.objects.values_list("name", flat=True)) == [
        "A12 Acceptance of international norms"
    ]
    assert alias_entry(Theme, "a12 acceptance of international norms") == named


def test_merge_is_in_the_trail_of_each_recommendation_and_both_themes(coordinator, two_themes):
    coded, named, (only_coded, both, only_named) = two_themes
    taxonomy_merge(user=coordinator, source=coded, target=named)
    changed = AuditEntry.objects.filter(model="recommendations.recommendation", action="update")
    assert {entry.object_id for entry in changed} == {str(only_coded.pk), str(both.pk)}
    entry = changed.get(object_id=str(only_coded.pk))
    assert entry.changes["themes"] == [
        ["A12 Acceptance of international norms"],
        ["A12 Acceptance of international norms"],
    ]
    assert entry.user == coordinator
    deleted = AuditEntry.objects.get(action="delete", model="recommendations.theme")
    assert deleted.changes["merged_into"][0] == "A12 Acceptance of international norms"
    kept = AuditEntry.objects.get(action="update", model="recommendations.theme")
    assert kept.changes["merged_from"] == [None, "A12 Acceptance of international norms"]


def test_merging_a_broader_theme_into_a_narrower_one_keeps_the_tree(coordinator):
    top = theme_get_or_create(name="Civil and political rights")
    broader = theme_get_or_create(name="Liberty", parent=top)
    narrower = theme_get_or_create(name="Liberty and security", parent=broader)
    sibling = theme_get_or_create(name="Arbitrary detention", parent=broader)
    taxonomy_merge(user=coordinator, source=broader, target=narrower)
    narrower.refresh_from_db()
    sibling.refresh_from_db()
    assert narrower.parent == top
    assert sibling.parent == narrower


def test_groups_merge_the_same_way(coordinator):
    one = affected_group_get_or_create(name="children")
    other = affected_group_get_or_create(name="Children (0-18)")
    recommendation = make_recommendation(text="Protect children.")
    recommendation.affected_groups.set([other])
    taxonomy_merge(user=coordinator, source=other, target=one)
    assert [g.name for g in recommendation.affected_groups.all()] == ["children"]
    assert alias_entry(AffectedGroup, "Children (0-18)") == one


def test_only_coordinators_merge_and_nothing_moves_otherwise(focal_point, two_themes):
    coded, named, _recommendations = two_themes
    with pytest.raises(ApplicationError):
        taxonomy_merge(user=focal_point, source=coded, target=named)
    assert Theme.objects.filter(pk=coded.pk).exists()
    assert coded.recommendations.count() == 2


def test_a_theme_cannot_be_merged_into_itself_or_a_group(coordinator, two_themes):
    coded, _named, _recommendations = two_themes
    group = affected_group_get_or_create(name="women")
    with pytest.raises(ApplicationError):
        taxonomy_merge(user=coordinator, source=coded, target=coded)
    with pytest.raises(ApplicationError):
        taxonomy_merge(user=coordinator, source=coded, target=group)


def test_suggestions_pair_codes_and_names_but_merge_nothing(two_themes):
    coded, named, _recommendations = two_themes
    theme_get_or_create(name="Right to work and to just & favourable conditions of work")
    theme_get_or_create(name="Right to work and to just and favourable conditions of work.")
    unrelated = theme_get_or_create(name="Right to health")
    suggestions = merge_suggestions()
    pairs = {(s.source.name, s.target.name, s.reason) for s in suggestions}
    assert ("A12 Acceptance of international norms", named.name, "same name") in pairs
    assert all(unrelated not in (s.source, s.target) for s in suggestions)
    assert Theme.objects.filter(pk=coded.pk).exists()
    assert named.recommendations.count() == 2


def test_suggested_merges_page_merges_on_confirmation(client, coordinator, two_themes):
    coded, named, _recommendations = two_themes
    client.force_login(coordinator)
    page = client.get(reverse("recommendations:merges"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "A12 Acceptance of international norms" in text
    assert "same name" in text
    assert Theme.objects.filter(pk=coded.pk).exists()
    response = client.post(
        reverse("recommendations:merges"),
        {"kind": "theme", "source": coded.pk, "target": named.pk},
        follow=True,
    )
    assert not Theme.objects.filter(pk=coded.pk).exists()
    assert (
        "“A12 Acceptance of international norms” merged into “A12 Acceptance of international "
        "norms”: 2 recommendations moved" in response.content.decode()
    )


def test_people_other_than_coordinators_cannot_see_or_merge(client, focal_point, two_themes):
    coded, named, _recommendations = two_themes
    client.force_login(focal_point)
    assert client.get(reverse("recommendations:merges")).status_code == 403
    response = client.post(
        reverse("recommendations:merges"), {"kind": "theme", "source": coded.pk, "target": named.pk}
    )
    assert response.status_code == 403
    assert Theme.objects.filter(pk=coded.pk).exists()
