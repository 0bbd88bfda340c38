"""Importing files: counts against the source documents, idempotent re-import, nothing lost."""

import csv
import io

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from rectrack.conftest import shared_file
from rectrack.imports.models import ImportRun
from rectrack.imports.services import import_file
from rectrack.recommendations.models import Country, Document, Recommendation
from rectrack.recommendations.services import cluster_get_or_create, theme_get_or_create

pytestmark = pytest.mark.django_db
MAPPING = {
    "text": "Recommendation",
    "reference": "No.",
    "mechanism": "Body",
    "document": "Symbol",
    "position": "Response",
    "themes": "Themes",
    "sdgs": "SDGs",
    "recommending_states": "From",
}


def import_path(relative: str, **options):
    path = shared_file(relative)
    return import_file(data=path.read_bytes(), file_name=path.name, **options)


def table(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["No.", "Recommendation", "Body", "Symbol", "Response", "Themes", "SDGs", "From"]
    )
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


ROWS = [
    [
        "12",
        "Adopt a law on gender-based violence.",
        "CEDAW",
        "CEDAW/C/VLD/CO/8",
        "",
        "Women's rights",
        "5.2",
        "",
    ],
    [
        "14",
        "Abolish court fees for victims.",
        "CEDAW",
        "CEDAW/C/VLD/CO/8",
        "",
        "Access to justice; Women's rights",
        "16.3",
        "",
    ],
    [
        "134.1",
        "Ratify OPCAT.",
        "UPR",
        "A/HRC/55/9",
        "Supported",
        "Acceptance of international norms",
        "16",
        "Chile; Ghana",
    ],
]


def test_thematic_list_2019_imports_every_recommendation_once():
    report = import_path("ohchr-thematic-lists/slovenia-upr34-2019.docx")
    assert report.errors == []
    assert (report.format, report.rows, report.created) == ("thematic-list", 215, 215)
    assert report.by_position == {"supported": 182, "noted": 33}
    assert Recommendation.objects.count() == 215
    assert Recommendation.objects.filter(position="supported").count() == 182
    first = Recommendation.objects.get(reference="121.1")
    assert first.document.symbol == "A/HRC/43/15"
    assert first.document.mechanism.code == "UPR"
    assert sorted(c.name for c in first.recommending_countries.all()) == ["France", "Lithuania"]
    assert "Acceptance of international norms" in {t.name for t in first.themes.all()}
    assert first.linked_sdg_goals[0].number == 16
    assert first.import_run.file_name == "slovenia-upr34-2019.docx"
    assert first.source_location == "paragraph 121.1"
    assert "(France)" not in first.text and not first.text.startswith("121.1")


def test_reimporting_the_same_file_reports_every_row_unchanged_and_changes_nothing():
    import_path("ohchr-thematic-lists/slovenia-upr20-2014.docx")
    before = list(Recommendation.objects.order_by("pk").values_list("pk", "updated_at", "text"))
    report = import_path("ohchr-thematic-lists/slovenia-upr20-2014.docx")
    assert (report.created, report.updated, report.unchanged) == (0, 0, 163)
    assert report.by_position == {"supported": 142, "noted": 21}
    after = list(Recommendation.objects.order_by("pk").values_list("pk", "updated_at", "text"))
    assert after == before
    assert ImportRun.objects.filter(status=ImportRun.Status.SUCCEEDED).count() == 2


def test_upr_info_export_imports_6094_recommendations_to_80_states_with_accents_intact():
    report = import_path("upr-info/upr-info-sessions-01-05.csv")
    assert report.errors == []
    assert (report.format, report.encoding) == ("upr-info", "mac_roman")
    assert (report.rows, report.created) == (6094, 6094)
    assert report.by_position == {"supported": 4087, "noted": 2007}
    under_review = Country.objects.filter(documents__isnull=False).distinct()
    assert under_review.count() == 80
    assert Document.objects.count() == 80
    assert Recommendation.objects.filter(text__contains="Hissène Habré").exists()
    again = import_path("upr-info/upr-info-sessions-01-05.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6094)
    assert Recommendation.objects.count() == 6094


def test_a_changed_source_field_is_updated_and_reported_and_user_data_stays():
    import_file(data=table(ROWS), file_name="matrix.csv", format="table", mapping=MAPPING)
    recommendation = Recommendation.objects.get(reference="134.1")
    cluster = cluster_get_or_create(name="Torture prevention")
    recommendation.clusters.add(cluster)
    recommendation.themes.add(theme_get_or_create(name="Added by the coordinator"))
    changed = [row[:] for row in ROWS]
    changed[2][4] = "Noted"
    report = import_file(
        data=table(changed), file_name="matrix.csv", format="table", mapping=MAPPING
    )
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    assert report.changes == [
        {
            "row": "row 4",
            "reference": "134.1",
            "field": "position",
            "old": "supported",
            "new": "noted",
        }
    ]
    recommendation.refresh_from_db()
    assert recommendation.position == "noted"
    assert list(recommendation.clusters.all()) == [cluster]
    assert "Added by the coordinator" in {t.name for t in recommendation.themes.all()}


def test_row_errors_write_nothing_unless_valid_rows_are_chosen():
    rows = [
        *ROWS,
        ["15", "", "CEDAW", "CEDAW/C/VLD/CO/8", "", "", "", ""],
        ["134.2", "Ratify CED.", "UPR", "A/HRC/55/9", "Perhaps", "", "", "Peru"],
    ]
    report = import_file(data=table(rows), file_name="bad.csv", format="table", mapping=MAPPING)
    assert not report.written
    assert Recommendation.objects.count() == 0
    assert {(e.location, e.column) for e in report.errors} == {
        ("row 5", "Recommendation"),
        ("row 6", "Response"),
    }
    assert "Supported" in next(e.message for e in report.errors if e.column == "Response")
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED and run.created == 0
    report = import_file(
        data=table(rows), file_name="bad.csv", format="table", mapping=MAPPING, skip_invalid=True
    )
    assert report.written and (report.created, report.skipped) == (3, 2)
    assert Recommendation.objects.count() == 3


def test_dry_run_reports_what_would_happen_and_writes_nothing():
    report = import_file(
        data=table(ROWS), file_name="m.csv", format="table", mapping=MAPPING, dry_run=True
    )
    assert (report.created, report.written) == (3, False)
    assert report.new_entries["documents"] == ["CEDAW/C/VLD/CO/8", "A/HRC/55/9"]
    assert set(report.new_entries["themes"]) == {
        "Women's rights",
        "Access to justice",
        "Acceptance of international norms",
    }
    assert Recommendation.objects.count() == 0 and Document.objects.count() == 0
    assert ImportRun.objects.get().status == ImportRun.Status.PREVIEWED


def test_unknown_sdg_code_is_a_row_error():
    rows = [["1", "Text", "UPR", "A/1", "Supported", "", "5.9", ""]]
    report = import_file(data=table(rows), file_name="m.csv", format="table", mapping=MAPPING)
    assert [(e.location, e.column) for e in report.errors] == [("row 2", "SDGs")]
    assert "5.9" in report.errors[0].message


def test_empty_and_oversized_files_are_refused_with_their_name(settings):
    report = import_file(data=b"", file_name="empty.xlsx")
    assert report.errors[0].message == "empty.xlsx: the file is empty."
    settings.RECTRACK_IMPORT_MAX_BYTES = 1024
    report = import_file(data=b"x" * 2048, file_name="big.csv")
    assert "big.csv" in report.errors[0].message and "limit" in report.errors[0].message
    assert Recommendation.objects.count() == 0


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(max_size=2000),
    name=st.sampled_from(["f.csv", "f.xlsx", "f.docx", "f.json", "f.txt"]),
)
def test_random_bytes_never_crash_an_import_or_leave_partial_data(data, name):
    report = import_file(data=data, file_name=name)
    if not report.written:
        assert Recommendation.objects.count() == 0


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.lists(st.text(max_size=30), min_size=8, max_size=8), max_size=6))
def test_random_tables_never_crash_an_import_or_leave_partial_data(rows):
    before = Recommendation.objects.count()
    report = import_file(data=table(rows), file_name="t.csv", format="table", mapping=MAPPING)
    after = Recommendation.objects.count()
    assert after == before + report.created if report.written else after == before


def test_a_table_of_unknown_layout_names_found_and_expected_headers():
    report = import_file(data=b"Foo,Bar\n1,2\n", file_name="odd.csv")
    message = report.errors[0].message
    assert message.startswith("odd.csv: none of the expected headers were found. Found: Foo, Bar.")
    assert "Reccomending Body" in message and "From-Rgrp" in message
    assert "--map" in message


def test_a_file_that_is_not_what_its_extension_says_is_named_so():
    report = import_file(data=b"\x00\x01 plain bytes", file_name="matrix.xlsx")
    assert report.errors[0].message.startswith("matrix.xlsx: not an Excel .xlsx workbook")
    report = import_file(data=b"hello", file_name="list.docx")
    assert report.errors[0].message.startswith("list.docx:")
    assert "Word" in report.errors[0].message


def test_themes_are_matched_by_their_uhri_code_before_their_name():
    existing = theme_get_or_create(name="Acceptance of international norms (treaties)", code="A12")
    rows = [
        [
            "1",
            "Ratify the Convention.",
            "UPR",
            "A/1",
            "Supported",
            "A12 Acceptance of international norms",
            "",
            "",
        ]
    ]
    report = import_file(data=table(rows), file_name="m.csv", format="table", mapping=MAPPING)
    assert report.created == 1 and "themes" not in report.new_entries
    assert list(Recommendation.objects.get().themes.all()) == [existing]


def test_imports_enter_the_audit_trail(coordinator):
    from rectrack.audit.models import AuditEntry

    import_file(
        data=table(ROWS), file_name="m.csv", format="table", mapping=MAPPING, user=coordinator
    )
    created = AuditEntry.objects.filter(action="create", model="recommendations.recommendation")
    assert created.count() == 3 and {e.user for e in created} == {coordinator}
    changed = [row[:] for row in ROWS]
    changed[0][1] = "Adopt a comprehensive law on gender-based violence."
    import_file(data=table(changed), file_name="m.csv", format="table", mapping=MAPPING)
    entry = AuditEntry.objects.get(action="update")
    assert entry.changes == {
        "text": [
            "Adopt a law on gender-based violence.",
            "Adopt a comprehensive law on gender-based violence.",
        ]
    }
