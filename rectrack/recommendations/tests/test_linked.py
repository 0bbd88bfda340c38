"""The themes and SDG goals the database keeps on each recommendation (linked_theme_ids,
linked_goal_numbers) always equal what its link tables say, however the links change."""

import pytest
from django.db import connection

from rectrack.imports.services import import_file
from rectrack.imports.tests.test_services import MAPPING, ROWS, import_path, table
from rectrack.recommendations import linked
from rectrack.recommendations.models import Recommendation, SdgGoal, SdgTarget
from rectrack.recommendations.services import theme_get_or_create
from rectrack.recommendations.tests.factories import make_recommendation

pytestmark = pytest.mark.django_db


def kept(recommendation: Recommendation) -> tuple[str, str]:
    row = Recommendation.objects.values_list("linked_theme_ids", "linked_goal_numbers")
    return row.get(pk=recommendation.pk)


def from_links(recommendation: Recommendation) -> tuple[str, str]:
    """What the link tables say, through the ORM."""
    themes = sorted(recommendation.themes.values_list("pk", flat=True))
    goals = [goal.number for goal in recommendation.linked_sdg_goals]
    return ",".join(map(str, themes)), ",".join(map(str, goals))


def assert_all_kept() -> int:
    checked = 0
    for recommendation in Recommendation.objects.prefetch_related(
        "themes", "sdg_goals", "sdg_targets__goal"
    ):
        assert kept(recommendation) == from_links(recommendation), recommendation.reference
        checked += bool(recommendation.linked_theme_ids or recommendation.linked_goal_numbers)
    return checked


@pytest.fixture
def taxonomy():
    return {
        "rights": theme_get_or_create(name="Rights of the child"),
        "justice": theme_get_or_create(name="Juvenile justice"),
        "women": theme_get_or_create(name="Women's rights"),
        "goal5": SdgGoal.objects.get(number=5),
        "goal16": SdgGoal.objects.get(number=16),
        "t163": SdgTarget.objects.get(code="16.3"),
        "t51": SdgTarget.objects.get(code="5.1"),
        "t42": SdgTarget.objects.get(code="4.2"),
    }


def test_new_recommendations_keep_their_themes_and_goals_sorted(taxonomy):
    t = taxonomy
    recommendation = make_recommendation(
        themes=[t["women"], t["rights"]],
        sdg_goals=[t["goal16"]],
        sdg_targets=[t["t163"], t["t42"], t["t51"]],
    )
    themes = ",".join(str(pk) for pk in sorted([t["women"].pk, t["rights"].pk]))
    assert kept(recommendation) == (themes, "4,5,16")  # 16 directly and through 16.3: once
    assert kept(make_recommendation()) == ("", "")


def test_every_way_of_changing_links_is_kept(taxonomy):
    t = taxonomy
    recommendation = make_recommendation(themes=[t["rights"]], sdg_targets=[t["t163"]])
    other = make_recommendation(themes=[t["rights"], t["justice"]])
    steps = [
        lambda: recommendation.themes.add(t["women"], t["justice"]),
        lambda: recommendation.themes.remove(t["rights"]),
        lambda: t["women"].recommendations.remove(recommendation),  # from the other side
        lambda: recommendation.sdg_goals.add(t["goal5"], t["goal16"]),
        lambda: recommendation.sdg_targets.set([t["t51"], t["t42"]]),
        lambda: recommendation.sdg_goals.remove(t["goal16"]),
        lambda: Recommendation.themes.through.objects.filter(  # a link row rewritten
            recommendation=other, theme=t["justice"]
        ).update(theme=t["women"]),
        lambda: t["justice"].delete(),  # a theme deleted with its links
        lambda: recommendation.sdg_targets.clear(),
        lambda: recommendation.themes.clear(),
    ]
    seen = set()
    for step in steps:
        step()
        assert kept(recommendation) == from_links(recommendation)
        assert kept(other) == from_links(other)
        seen.add(kept(recommendation))
    assert len(seen) >= 6  # the steps really changed what is kept
    assert kept(other) == (",".join(sorted([str(t["rights"].pk), str(t["women"].pk)])), "")


def test_saving_a_recommendation_read_before_its_links_changed_keeps_the_new_links(taxonomy):
    recommendation = make_recommendation()
    stale = Recommendation.objects.get(pk=recommendation.pk)
    recommendation.themes.add(taxonomy["women"])
    recommendation.sdg_targets.add(taxonomy["t51"])
    stale.text = "Edited while someone else tagged it."
    stale.save()
    assert kept(recommendation) == (str(taxonomy["women"].pk), "5")
    assert Recommendation.objects.get(pk=recommendation.pk).text == stale.text


def test_links_inserted_under_deferred_are_kept_once_on_the_way_out(taxonomy):
    recommendation = make_recommendation()
    through = Recommendation.themes.through.objects
    with linked.deferred([recommendation.pk]):
        through.create(recommendation=recommendation, theme=taxonomy["rights"])
        assert kept(recommendation) == ("", "")  # the triggers stood aside
    assert kept(recommendation) == (str(taxonomy["rights"].pk), "")
    recommendation.themes.add(taxonomy["women"])  # and are back afterwards
    assert kept(recommendation) == from_links(recommendation)


def test_a_failure_under_deferred_leaves_nothing_and_the_triggers_on(taxonomy):
    recommendation = make_recommendation()
    with pytest.raises(RuntimeError), linked.deferred([recommendation.pk]):
        recommendation.themes.add(taxonomy["rights"])
        raise RuntimeError("the import failed")
    assert from_links(recommendation) == ("", "")
    recommendation.sdg_targets.add(taxonomy["t163"])
    assert kept(recommendation) == ("", "16")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM recommendations_linked_deferred")
            assert cursor.fetchone() == (0,)


def test_imports_keep_the_links_of_new_and_of_updated_recommendations():
    import_file(data=table(ROWS), file_name="matrix.csv", format="table", mapping=MAPPING)
    assert assert_all_kept() == 3
    ratify = Recommendation.objects.get(reference="134.1")
    assert ratify.linked_goal_numbers == "16"
    changed = [row[:] for row in ROWS]
    changed[2][5] = "Acceptance of international norms; Access to justice"
    changed[2][6] = "16; 5.1; 10.3"
    report = import_file(
        data=table(changed), file_name="matrix.csv", format="table", mapping=MAPPING
    )
    assert (report.created, report.updated) == (0, 1)
    assert assert_all_kept() == 3
    assert kept(ratify)[1] == "5,10,16"
    assert len(kept(ratify)[0].split(",")) == 2


def test_a_real_thematic_list_import_keeps_every_recommendations_links():
    import_path("ohchr-thematic-lists/slovenia-upr34-2019.docx")
    assert Recommendation.objects.count() == 215
    assert assert_all_kept() == 215
