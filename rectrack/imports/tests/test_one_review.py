"""One review, one document, whatever the source.

Slovenia's 2014 review (UPR session 20) comes in OHCHR's thematic list (A/HRC/28/15, 163
recommendations, ../shared/data) and in UPR Info's export ("UPR session 20 Slovenia": one
row per recommending State, 180 rows; built here from the list, as UPR Info writes it). Held
from both, it is one document of 163 recommendations: a second source's rows are matched to
the recommendations held ("already held from ..."), enrich them and are never copies.
"""

import datetime
import json

import pytest
from django.urls import reverse

from rectrack.audit.models import AuditEntry
from rectrack.conftest import shared_file
from rectrack.followup.models import Assignment
from rectrack.imports.parsers.thematic_list import ThematicListParser
from rectrack.imports.services import import_file
from rectrack.imports.services import importing as services
from rectrack.imports.tests.test_tabular import csv_bytes
from rectrack.imports.tests.test_upr_info import HEADERS
from rectrack.institutions.models import Institution
from rectrack.recommendations.models import Document, Recommendation

pytestmark = pytest.mark.django_db

LIST_NAME = "slovenia-upr20-2014.docx"
UPR_INFO_NAME = "upr-info-session-20-slovenia.csv"
SESSION_20_OPENS = datetime.date(2014, 10, 27)  # the calendar's first day of UPR session 20
JOINT = {"115.3": ["Portugal", "Slovakia"], "115.4": ["Spain", "Tunisia", "Portugal"]}
RESPONSES = {"supported": "Accepted", "noted": "Noted"}


@pytest.fixture(scope="module")
def official_list() -> bytes:
    return shared_file(f"ohchr-thematic-lists/{LIST_NAME}").read_bytes()


@pytest.fixture(scope="module")
def upr_info(official_list) -> bytes:
    """UPR Info's export of the same review: a row per recommending State of each
    recommendation, its own spacing and case, its issues and action category."""
    parsed = ThematicListParser().parse(official_list, LIST_NAME)
    rows = [HEADERS]
    for recommendation in parsed.rows:
        text = recommendation.text.rstrip(".") + "."
        if recommendation.reference == "115.1":
            text = "  " + text.upper()  # normalised text still matches
        issue = (
            "Women's rights" if recommendation.reference == "115.3" else "International instruments"
        )
        for state in recommendation.recommending_states:
            rows.append(
                [
                    "Slovenia",
                    "EEG",
                    "EU",
                    text,
                    state,
                    "WEOG",
                    "",
                    RESPONSES[recommendation.position],
                    "5" if recommendation.reference == "115.3" else "4",
                    issue,
                    "20",
                ]
            )
    return csv_bytes(rows)


def by_reference(reference: str) -> Recommendation:
    return Recommendation.objects.get(reference=reference)


def states_of(recommendation: Recommendation) -> list[str]:
    return sorted(recommendation.recommending_countries.values_list("name", flat=True))


def test_the_upr_info_file_is_180_rows_for_163_recommendations(upr_info):
    assert len(upr_info.decode().splitlines()) == 1 + 180


def test_a_thematic_list_is_dated_by_the_session_calendar(official_list):
    report = import_file(data=official_list, file_name=LIST_NAME)
    assert report.created == 163
    (document,) = Document.objects.all()
    assert (document.symbol, document.session, document.date) == (
        "A/HRC/28/15",
        20,
        SESSION_20_OPENS,
    )
    assert set(Recommendation.objects.values_list("date", flat=True)) == {SESSION_20_OPENS}


def test_upr_info_after_the_official_list_is_held_already_and_enriches_it(official_list, upr_info):
    import_file(data=official_list, file_name=LIST_NAME)
    texts = dict(Recommendation.objects.values_list("reference", "text"))

    report = import_file(data=upr_info, file_name=UPR_INFO_NAME)

    assert report.written and report.errors == []
    assert (report.rows, report.created, report.held) == (180, 0, 180)
    assert report.held_from == {LIST_NAME: 180}
    assert Document.objects.count() == 1
    assert Recommendation.objects.count() == 163
    assert Recommendation.objects.filter(reference="115.3").count() == 1
    joint = by_reference("115.3")
    assert states_of(joint) == JOINT["115.3"]
    assert states_of(by_reference("115.4")) == sorted(JOINT["115.4"])
    # enriched with what UPR Info adds: its issues and its action category
    assert "Women's rights" in set(joint.themes.values_list("name", flat=True))
    assert joint.action_category == Recommendation.ActionCategory.SPECIFIC
    assert by_reference("115.1").action_category == Recommendation.ActionCategory.GENERAL
    # ... never rewritten: the official text and references stay
    assert dict(Recommendation.objects.values_list("reference", "text")) == texts


def test_a_joint_recommendations_rows_in_two_batches_are_held_as_in_one(
    official_list, upr_info, monkeypatch
):
    """Batches of 2 rows split UPR Info's rows of a joint recommendation: the row of the
    next batch still finds it held from the official list, although the first enriched it."""
    import_file(data=official_list, file_name=LIST_NAME)
    monkeypatch.setattr(services, "BATCH_SIZE", 2)

    report = import_file(data=upr_info, file_name=UPR_INFO_NAME)

    assert report.written and report.errors == []
    assert (report.rows, report.created, report.held) == (180, 0, 180)
    assert Recommendation.objects.count() == 163
    assert states_of(by_reference("115.3")) == JOINT["115.3"]


def test_the_preview_lists_the_rows_held_already_before_anything_is_written(
    client, coordinator, official_list, upr_info
):
    import_file(data=official_list, file_name=LIST_NAME)
    report = import_file(data=upr_info, file_name=UPR_INFO_NAME, dry_run=True, user=coordinator)
    assert not report.written
    assert (report.created, report.held) == (0, 180)
    first = report.held_rows[0]
    assert (first["row"], first["reference"], first["source"]) == ("row 2", "115.1", LIST_NAME)
    assert not Recommendation.objects.exclude(action_category=None).exists()

    client.force_login(coordinator)
    page = client.get(reverse("imports:detail", args=[report.run_id])).content.decode()
    assert "Held already from another source" in page
    assert f"180 rows already held from <bdi>{LIST_NAME}</bdi>" in page
    assert f"row 4 is 115.3, already held from <bdi>{LIST_NAME}</bdi>" in page


def test_the_official_list_after_upr_info_completes_the_review_and_merges_the_copies(
    official_list, upr_info
):
    first = import_file(data=upr_info, file_name=UPR_INFO_NAME)
    assert first.created == 180  # UPR Info alone cannot know which rows are one
    (document,) = Document.objects.all()
    assert (document.symbol, document.session, document.date) == ("", 20, SESSION_20_OPENS)

    report = import_file(data=official_list, file_name=LIST_NAME)

    assert report.written and report.errors == []
    assert (report.created, report.held) == (0, 163)
    assert report.held_from == {UPR_INFO_NAME: 163}
    assert len(report.held_twice) == 180 - 163
    assert all(twice["merged"] for twice in report.held_twice)
    (document,) = Document.objects.all()
    assert (document.symbol, document.date) == ("A/HRC/28/15", SESSION_20_OPENS)
    assert Recommendation.objects.count() == 163
    assert Recommendation.objects.filter(reference="").count() == 0
    assert states_of(by_reference("115.3")) == JOINT["115.3"]
    assert "Women's rights" in set(by_reference("115.3").themes.values_list("name", flat=True))
    merged = AuditEntry.objects.filter(action=AuditEntry.Action.DELETE)
    assert merged.count() == 17
    assert "merged into" in merged.first().changes


def test_a_copy_with_follow_up_work_is_kept_and_named(official_list, upr_info, coordinator):
    import_file(data=upr_info, file_name=UPR_INFO_NAME)
    copies = Recommendation.objects.filter(text__startswith=by_text_start("115.3", official_list))
    slovak = copies.get(recommending_countries__name="Slovakia")
    ministry = Institution.objects.create(name="Ministry of Justice")
    Assignment.objects.create(recommendation=slovak, institution=ministry, role="lead")

    report = import_file(data=official_list, file_name=LIST_NAME)

    kept = [twice for twice in report.held_twice if not twice["merged"]]
    assert [twice["recommendation"] for twice in kept] == [slovak.pk]
    assert Recommendation.objects.count() == 164
    assert Assignment.objects.get().recommendation_id == slovak.pk


def by_text_start(reference: str, official_list: bytes) -> str:
    parsed = ThematicListParser().parse(official_list, LIST_NAME)
    return next(row.text for row in parsed.rows if row.reference == reference)[:40]


def test_a_uhri_record_of_the_review_is_the_recommendation_held(official_list):
    import_file(data=official_list, file_name=LIST_NAME)
    held = by_reference("115.3")
    record = {
        "AnnotationId": "uhri-115-3",
        "Text": f"115.3 {held.text.upper()}",
        "Body": ["UPR"],
        "Symbol": "A/HRC/28/15",
        "Countries": ["Slovenia"],
        "UprRecommendingCountry": ["Portugal", "Slovakia"],
        "UprSession": 20,
        "Themes": ["Rights of the child"],
    }
    report = import_file(data=json.dumps([record]).encode(), file_name="uhri.json")
    assert (report.created, report.updated, report.held) == (0, 1, 1)
    held.refresh_from_db()
    assert held.uhri_annotation_id == "uhri-115-3"
    assert held.text != record["Text"]  # the official text stays
    assert Document.objects.count() == 1


def test_the_recommendation_page_shows_upr_infos_action_category(
    client, viewer, official_list, upr_info
):
    import_file(data=official_list, file_name=LIST_NAME)
    import_file(data=upr_info, file_name=UPR_INFO_NAME)
    client.force_login(viewer)
    page = client.get(reverse("recommendations:detail", args=[by_reference("115.3").pk]))
    assert "Action category (UPR Info)" in page.content.decode()
    assert "5 – Specific action" in page.content.decode()


def test_a_review_named_by_session_then_by_symbol_in_one_file_is_one_document():
    rows = [
        ["Text", "Body", "Symbol", "State", "Session"],
        ["Protect lighthouse keepers.", "UPR", "", "Zembla", "20"],
        ["Ratify the Convention.", "UPR", "A/HRC/28/99", "Zembla", "20"],
    ]
    mapping = {"text": "Text", "mechanism": "Body", "document": "Symbol"}
    mapping.update(country="State", session="Session")
    report = import_file(data=csv_bytes(rows), file_name="z.csv", format="table", mapping=mapping)
    assert report.created == 2
    (document,) = Document.objects.all()
    assert (document.symbol, document.session, document.date) == (
        "A/HRC/28/99",
        20,
        SESSION_20_OPENS,
    )
