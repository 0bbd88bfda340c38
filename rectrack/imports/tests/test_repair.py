"""`rectrack repair`: what imports of earlier versions stored is mended by the rules imports
follow now (SDG links, decoded names and texts, dated reviews), audited, and only once."""

import datetime
import io

import pytest
from django.core.management import call_command

from rectrack.audit.models import AuditEntry
from rectrack.conftest import reference_data
from rectrack.imports.repair import stored_data_repair
from rectrack.recommendations.calendar import upr_sessions_sync
from rectrack.recommendations.models import (
    AffectedGroup,
    Cluster,
    Country,
    Document,
    Mechanism,
    Recommendation,
    SavedView,
    SdgGoal,
    Theme,
    ThemeAlias,
)

pytestmark = pytest.mark.django_db

SESSION_20_FIRST_DAY = datetime.date(2014, 10, 27)
PEACE = "SDG 16 - peace, justice and strong institutions"


@pytest.fixture(autouse=True)
def _calendar_and_sdgs():
    """Reference data: a transactional test run before may have emptied it."""
    reference_data()
    upr_sessions_sync()


def _recommendation(document, reference, text="Ratify the Convention.", **fields):
    return Recommendation.objects.create(
        document=document, reference=reference, text=text, **fields
    )


@pytest.fixture
def old_data():
    """What an import of an earlier version left: SDGs among themes, an entity-encoded
    State beside its properly spelled twin, encoded texts, an undated UPR report."""
    upr = Mechanism.objects.get(code="UPR")
    crc = Mechanism.objects.get(code="CRC")
    encoded = Country.objects.create(name="C&ocirc;te d&#39;Ivoire", iso_code="CIV")
    proper = Country.objects.create(name="Côte d'Ivoire")
    slovenia = Country.objects.create(name="Slovenia")
    unknown = Country.objects.create(name="&#40;Unknown&#41;")
    review = Document.objects.create(mechanism=upr, country=slovenia, symbol="A/HRC/28/15")
    by_session = Document.objects.create(mechanism=upr, country=encoded, session=21)
    treaty = Document.objects.create(mechanism=crc, country=proper, symbol="CRC/C/CIV/CO/2")
    dated = Document.objects.create(
        mechanism=upr, country=proper, symbol="A/HRC/WG.6/1/CIV/1", date=datetime.date(2009, 1, 1)
    )
    peace = Theme.objects.create(code="S16", name=PEACE)
    gender = Theme.objects.create(code="S05", name="SDG 5 - gender equality")
    Theme.objects.create(name="Violence against women", parent=gender)
    target = Theme.objects.create(name="Target 16.2")
    torture = Theme.objects.create(code="B31", name="Torture")
    unknown_code = Theme.objects.create(code="S18", name="SDG 18 - none such")
    first = _recommendation(review, "121.1", text="Protect children&#39;s rights&lt;br&gt;now")
    first.themes.set([peace, torture])
    first.recommending_countries.set([encoded, proper])
    second = _recommendation(review, "121.2", heading="Women&amp;girls")
    second.themes.set([gender, target, unknown_code])
    second.recommending_countries.set([encoded])
    third = _recommendation(treaty, "12", text="Combat torture & ill-treatment.")
    third.themes.set([torture])
    fourth = _recommendation(dated, "1.1")
    fourth.recommending_countries.set([unknown])
    cluster = Cluster.objects.create(name="Children")
    first.clusters.add(cluster)
    return {
        "encoded": encoded,
        "proper": proper,
        "review": review,
        "by_session": by_session,
        "treaty": treaty,
        "dated": dated,
        "peace": peace,
        "gender": gender,
        "target": target,
        "torture": torture,
        "unknown_code": unknown_code,
        "recommendations": (first, second, third, fourth),
        "cluster": cluster,
    }


def _names(objects) -> list[str]:
    return sorted(str(obj) for obj in objects)


def test_sdg_coded_themes_become_sdg_links_and_unused_ones_go(old_data):
    report = stored_data_repair()
    first, second, third, _fourth = old_data["recommendations"]
    first.refresh_from_db()
    second.refresh_from_db()
    assert [goal.number for goal in first.sdg_goals.all()] == [16]
    assert [t.name for t in first.themes.all()] == ["Torture"]
    assert [goal.number for goal in second.sdg_goals.all()] == [5]
    assert [target.code for target in second.sdg_targets.all()] == ["16.2"]
    assert first.linked_goal_numbers == "16"
    assert second.linked_goal_numbers == "5,16"
    assert not Theme.objects.filter(name__in=[PEACE, "Target 16.2"]).exists()
    assert report.sdg_links == 3
    assert report.themes_deleted == 2
    # Other links of the recommendations are theirs still.
    assert [c.name for c in first.clusters.all()] == ["Children"]
    assert [t.name for t in third.themes.all()] == ["Torture"]


def test_an_sdg_theme_something_else_uses_stays_and_is_reported(old_data, viewer):
    SavedView.objects.create(
        user=viewer, name="Peace", query_string=f"theme={old_data['peace'].pk}"
    )
    report = stored_data_repair()
    assert Theme.objects.filter(pk=old_data["gender"].pk).exists()
    assert Theme.objects.filter(pk=old_data["peace"].pk).exists()
    assert not old_data["gender"].recommendations.exists()
    assert not old_data["peace"].recommendations.exists()
    assert sorted(report.kept) == [
        "S05 SDG 5 - gender equality stays: still used by 1 narrower theme.",
        f"S16 {PEACE} stays: still used by 1 saved view.",
    ]
    assert report.themes_deleted == 1  # Target 16.2


def test_a_theme_with_another_name_stays(old_data):
    ThemeAlias.objects.create(theme=old_data["target"], name="Cible 16.2")
    report = stored_data_repair()
    assert Theme.objects.filter(name="Target 16.2").exists()
    assert "Target 16.2 stays: still used by 1 other name of a theme." in report.kept


def test_a_code_that_names_no_sdg_is_reported_and_the_theme_kept(old_data):
    report = stored_data_repair()
    assert report.unknown_sdgs == ["S18 SDG 18 - none such: S18 is not an SDG goal or target."]
    second = old_data["recommendations"][1]
    assert "SDG 18 - none such" in [t.name for t in second.themes.all()]
    assert not SdgGoal.objects.filter(number=18).exists()


def test_encoded_state_is_merged_into_its_properly_spelled_twin(old_data):
    encoded, proper = old_data["encoded"], old_data["proper"]
    first, second, _third, _fourth = old_data["recommendations"]
    report = stored_data_repair()
    assert not Country.objects.filter(pk=encoded.pk).exists()
    assert Country.objects.filter(name__startswith="C").count() == 1
    proper.refresh_from_db()
    assert proper.iso_code == "CIV"  # taken from the State merged in
    assert [c.name for c in first.recommending_countries.all()] == ["Côte d'Ivoire"]
    assert [c.name for c in second.recommending_countries.all()] == ["Côte d'Ivoire"]
    old_data["by_session"].refresh_from_db()
    assert old_data["by_session"].country == proper
    assert _names(proper.documents.all()) == _names(
        [old_data["by_session"], old_data["treaty"], old_data["dated"]]
    )
    assert report.states_merged == 1
    assert report.samples["states_merged"] == ["C&ocirc;te d&#39;Ivoire → Côte d'Ivoire"]


def test_encoded_state_without_twin_is_renamed(old_data):
    report = stored_data_repair()
    fourth = old_data["recommendations"][3]
    assert [c.name for c in fourth.recommending_countries.all()] == ["(Unknown)"]
    assert report.states_renamed == 1
    assert report.samples["states_renamed"] == ["&#40;Unknown&#41; → (Unknown)"]


def test_texts_headings_and_names_are_decoded(old_data):
    AffectedGroup.objects.create(name="Women &amp; girls")
    Theme.objects.create(name="Children&#39;s rights")
    report = stored_data_repair()
    first, second, third, _fourth = old_data["recommendations"]
    first.refresh_from_db()
    second.refresh_from_db()
    third.refresh_from_db()
    assert first.text == "Protect children's rights\nnow"
    assert second.heading == "Women&girls"
    assert third.text == "Combat torture & ill-treatment."  # a bare "&" is no entity
    assert AffectedGroup.objects.get().name == "Women & girls"
    assert Theme.objects.filter(name="Children's rights").count() == 1
    assert report.texts_decoded == 2
    assert report.names_decoded == 2


def test_a_theme_whose_decoded_name_exists_is_merged_into_it(old_data):
    encoded = Theme.objects.create(name="Children&#39;s rights", code="A41")
    proper = Theme.objects.create(name="Children's rights")
    first = old_data["recommendations"][0]
    first.themes.add(encoded)
    report = stored_data_repair()
    assert not Theme.objects.filter(pk=encoded.pk).exists()
    proper.refresh_from_db()
    assert proper.code == "A41"
    assert [t.name for t in first.themes.all()] == ["Children's rights", "Torture"]
    assert report.entries_merged == 1


def test_undated_upr_documents_are_dated_from_the_calendar(old_data):
    report = stored_data_repair()
    for name in ("review", "by_session", "treaty", "dated"):
        old_data[name].refresh_from_db()
    assert old_data["review"].date == SESSION_20_FIRST_DAY  # A/HRC/28/15: UPR session 20
    assert old_data["by_session"].date == datetime.date(2015, 1, 19)  # session 21
    assert old_data["treaty"].date is None  # a treaty body's: not the UPR calendar's
    assert old_data["dated"].date == datetime.date(2009, 1, 1)
    first, second, third, fourth = (
        Recommendation.objects.get(pk=r.pk) for r in old_data["recommendations"]
    )
    assert first.date == second.date == SESSION_20_FIRST_DAY
    assert third.date is None
    assert fourth.date == datetime.date(2009, 1, 1)
    assert (report.documents_dated, report.recommendations_dated) == (2, 3)


def test_every_change_is_in_the_audit_trail(old_data):
    before = AuditEntry.objects.count()
    stored_data_repair()
    first = old_data["recommendations"][0]
    entries = AuditEntry.objects.filter(
        model="recommendations.recommendation", object_id=str(first.pk)
    ).order_by("id")
    changes = [entry.changes for entry in entries]
    assert {
        "text": ["Protect children&#39;s rights&lt;br&gt;now", "Protect children's rights\nnow"]
    } in changes
    assert {
        "recommending_countries": [
            ["C&ocirc;te d&#39;Ivoire", "Côte d'Ivoire"],
            ["Côte d'Ivoire"],
        ]
    } in changes
    assert {
        "themes": [["B31 Torture", f"S16 {PEACE}"], ["B31 Torture"]],
        "sdg_goals": [[], [str(SdgGoal.objects.get(number=16))]],
    } in changes
    assert {"date": [None, "2014-10-27"]} in changes
    merged = AuditEntry.objects.get(model="recommendations.country", action="delete")
    assert merged.changes["merged_into"] == ["Côte d'Ivoire", None]
    kept = AuditEntry.objects.get(
        model="recommendations.country", action="update", object_id=str(old_data["proper"].pk)
    )
    assert kept.changes["merged_from"] == [None, "C&ocirc;te d&#39;Ivoire"]
    assert kept.changes["iso_code"] == ["", "CIV"]
    deleted = AuditEntry.objects.get(
        model="recommendations.theme", action="delete", object_id=str(old_data["target"].pk)
    )
    assert deleted.changes["replaced_by"] == ["SDG 16.2", None]
    document = AuditEntry.objects.get(
        model="recommendations.document", object_id=str(old_data["review"].pk)
    )
    assert document.changes == {"date": [None, "2014-10-27"]}
    assert AuditEntry.objects.count() > before


def test_a_second_run_changes_nothing(old_data):
    first = stored_data_repair()
    assert first.changes == 3 + 2 + 2 + 0 + 0 + 1 + 1 + 2 + 3
    entries = AuditEntry.objects.count()
    again = stored_data_repair()
    assert again.changes == 0
    assert again.samples == {}
    assert AuditEntry.objects.count() == entries
    # What it leaves as it was it reports again: no change, but still worth knowing.
    assert again.kept == first.kept
    assert again.undated == first.undated == []


def test_a_dry_run_reports_the_same_and_writes_nothing(old_data):
    entries = AuditEntry.objects.count()
    dry = stored_data_repair(dry_run=True)
    assert dry.dry_run and dry.states_merged == 1 and dry.documents_dated == 2
    assert AuditEntry.objects.count() == entries
    assert Country.objects.filter(name="C&ocirc;te d&#39;Ivoire").exists()
    assert Theme.objects.filter(name=PEACE).exists()
    old_data["review"].refresh_from_db()
    assert old_data["review"].date is None
    real = stored_data_repair()
    assert real.changes == dry.changes
    assert real.samples == dry.samples


def test_the_user_who_ran_it_is_recorded(old_data, admin):
    before = set(AuditEntry.objects.values_list("pk", flat=True))
    stored_data_repair(user=admin)
    entries = AuditEntry.objects.exclude(pk__in=before)
    assert entries.count() == 18
    assert entries.filter(user=admin).count() == 18


def test_an_upr_document_the_calendar_cannot_date_is_reported():
    upr = Mechanism.objects.get(code="UPR")
    Document.objects.create(mechanism=upr, symbol="A/HRC/8/1")  # the Council adopted two
    report = stored_data_repair()
    assert report.undated == ["A/HRC/8/1"]
    assert report.changes == 0


def test_command_prints_what_it_changed(old_data):
    out = io.StringIO()
    call_command("repair", stdout=out)
    text = out.getvalue()
    assert text.startswith("Repaired the stored data:\n")
    assert "Recommendations given SDG links in place of SDG-coded themes: 3\n" in text
    assert "States merged into their twin: 1\n  - C&ocirc;te d&#39;Ivoire → Côte d'Ivoire\n" in text
    assert "UPR documents dated from the session calendar: 2\n" in text
    assert "  - A/HRC/28/15: 2014-10-27\n" in text
    assert (
        "Left as they are: 1\n"
        "  - S05 SDG 5 - gender equality stays: still used by 1 narrower theme.\n" in text
    )
    assert "SDG codes that name no SDG (not linked): 1\n" in text
    again = io.StringIO()
    call_command("repair", stdout=again)
    assert again.getvalue().startswith(
        "Nothing to repair: the stored data already follows the import rules.\n"
    )


def test_command_dry_run_says_nothing_was_written(old_data):
    out = io.StringIO()
    call_command("repair", "--dry-run", stdout=out)
    assert out.getvalue().startswith(
        "Dry run: nothing was written. A repair would make these changes:\n"
    )
    assert "States merged into their twin: 1\n" in out.getvalue()
    assert Country.objects.filter(name="C&ocirc;te d&#39;Ivoire").exists()


def test_text_encoded_twice_is_decoded_once_and_for_all(old_data):
    first = old_data["recommendations"][0]
    first.text = "End &amp;quot;honour&amp;quot; crimes"
    first.save()
    stored_data_repair()
    first.refresh_from_db()
    assert first.text == 'End "honour" crimes'
    assert stored_data_repair().changes == 0


def test_decoded_texts_are_found_by_search(old_data):
    from rectrack.recommendations.search import recommendation_search

    stored_data_repair()
    found = recommendation_search(Recommendation.objects.all(), "children's")
    assert [r.reference for r in found] == ["121.1"]


def test_a_group_merged_into_its_twin_keeps_saved_views_and_links(old_data, viewer):
    encoded = AffectedGroup.objects.create(name="Women &amp; girls")
    proper = AffectedGroup.objects.create(name="Women and girls")
    second = old_data["recommendations"][1]
    second.affected_groups.add(encoded)
    view = SavedView.objects.create(user=viewer, name="W", query_string=f"group={encoded.pk}")
    report = stored_data_repair()
    assert list(AffectedGroup.objects.values_list("name", flat=True)) == ["Women and girls"]
    assert [g.name for g in second.affected_groups.all()] == ["Women and girls"]
    view.refresh_from_db()
    assert view.query_string == f"group={proper.pk}"
    assert report.samples["entries_merged"] == ["Women &amp; girls → Women and girls"]
