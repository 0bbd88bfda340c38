"""The mapped-table parser: any spreadsheet or CSV read through a column mapping."""

import contextlib
import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rectrack.imports.parsers.base import FileError, ParsedTheme
from rectrack.imports.parsers.table import FIELDS, TableParser
from rectrack.imports.tests.test_tabular import CELL_TEXT, csv_bytes, xlsx_bytes

HEADERS = [
    "Recommendation",
    "Para",
    "Section",
    "Body",
    "Report",
    "Report title",
    "Adopted",
    "State",
    "Session",
    "Cycle",
    "Response",
    "Kind",
    "Recommended by",
    "Themes",
    "Groups",
    "SDG targets",
    "UHRI id",
    "Position given in",
    "Responsible ministry",
    "Supporting",
]
MAPPING = dict(zip(FIELDS, HEADERS, strict=True))
FIRST = [
    "Adopt a national action plan on business and human rights",
    "121.4",
    "Business &amp; human rights",  # entities are decoded by the import, not the parser
    "Universal Periodic Review",
    "A/HRC/43/15",
    "Report of the Working Group on the Universal Periodic Review: Valdoria",
    datetime.datetime.fromisoformat("2019-12-27T00:00:00"),  # Excel's naive datetime
    "Valdoria",
    34,
    3,
    "Supported",
    "Recommendation",
    "France; Germany\nSpain",
    "Business & human rights; Labour",
    "Workers",
    "8.7; 16.3 - Rule of law",
    "A-1",
    "Addendum A/HRC/43/15/Add.1",
    "Ministry of Justice",
    "MOH; Ministry of Education\nOmbudsman",
]


def test_every_mapped_field_is_read_from_a_workbook():
    data = xlsx_bytes([HEADERS, FIRST, [None] * len(HEADERS)])

    result = TableParser().parse(data, "national.xlsx", mapping=MAPPING)

    assert result.issues == [] and len(result.rows) == 1
    row = result.rows[0]
    assert row.location == "row 2"
    assert row.text == "Adopt a national action plan on business and human rights"
    assert row.reference == "121.4"
    assert row.heading == "Business &amp; human rights"
    assert row.mechanism == "UPR"
    assert row.document_symbol == "A/HRC/43/15"
    assert row.document_title.startswith("Report of the Working Group on the Universal")
    assert row.document_date == datetime.date(2019, 12, 27)
    assert row.country == "Valdoria"
    assert (row.session, row.cycle) == (34, 3)
    assert row.position == "supported" and row.type == "recommendation"
    assert row.recommending_states == ["France", "Germany", "Spain"]
    assert row.themes == [ParsedTheme(name="Business & human rights"), ParsedTheme(name="Labour")]
    assert row.affected_groups == ["Workers"]
    assert row.sdg_codes == ["8.7", "16.3"]
    assert row.uhri_annotation_id == "A-1"
    assert row.source_of_position == "Addendum A/HRC/43/15/Add.1"
    assert row.lead_institution == "Ministry of Justice"
    assert row.supporting_institutions == ["MOH", "Ministry of Education", "Ombudsman"]


def test_mapping_headers_match_case_and_spacing_insensitively_in_csv():
    data = csv_bytes([["TEXT ", "response"], ["Ratify CAT", "Noted"]], delimiter=";")

    result = TableParser().parse(data, "list.csv", mapping={"text": "Text", "position": "Response"})

    assert [(row.text, row.position) for row in result.rows] == [("Ratify CAT", "noted")]
    assert result.encoding == "utf-8"


def test_bad_values_become_issues_naming_the_files_own_column():
    rows = [
        ["Text", "Response", "Date", "Goals"],
        ["A", "Perhaps", "someday", "SDG 42"],
        ["", "", "", ""],
        ["", "Noted", "", ""],
    ]

    result = TableParser().parse(
        csv_bytes(rows),
        "bad.csv",
        mapping={"text": "Text", "position": "Response", "date": "Date", "sdgs": "Goals"},
    )

    assert result.rows == []
    assert [(issue.location, issue.column) for issue in result.issues] == [
        ("row 2", "Date"),
        ("row 2", "Response"),
        ("row 2", "Goals"),
        ("row 4", "Text"),
    ]


def test_without_a_mapping_asks_for_one_and_lists_the_headers():
    with pytest.raises(FileError) as error:
        TableParser().parse(csv_bytes([["Recommendation", "Ministry"]]), "plan.csv")

    message = str(error.value)
    assert message.startswith("plan.csv: choose which column holds which field")
    assert "Headers found: Recommendation, Ministry." in message


def test_mapping_naming_a_missing_header():
    data = csv_bytes([["Recommendation", "Ministry"], ["a", "b"]])

    with pytest.raises(FileError, match=r"column 'Status' for position, which is not in the file\. "
                       r"Headers found: Recommendation, Ministry\."):  # fmt: skip
        TableParser().parse(
            data, "plan.csv", mapping={"text": "Recommendation", "position": "Status"}
        )


def test_mapping_without_text_or_with_unknown_fields():
    data = csv_bytes([["Recommendation", "Ministry"], ["a", "b"]])

    with pytest.raises(FileError, match="must name the column that holds the text"):
        TableParser().parse(data, "plan.csv", mapping={"country": "Ministry"})
    with pytest.raises(FileError, match="unknown fields ministry"):
        TableParser().parse(data, "plan.csv", mapping={"text": "Recommendation", "ministry": "M"})


def test_detect_is_the_low_fallback_for_any_readable_table():
    parser = TableParser()

    assert parser.detect(csv_bytes([["Anything", "At all"], ["a", "b"]]), "x.csv") == 0.1
    assert parser.detect(xlsx_bytes([["Anything"]]), "x.xlsx") == 0.1
    assert parser.detect(b"", "x.csv") == 0.0
    assert parser.detect(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "x.xls") == 0.0
    assert parser.detect(b'[{"Text": "a"}]', "x.json") == 0.0


FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(data=st.binary(max_size=2000), filename=st.sampled_from(["t.csv", "t.xlsx", "t"]))
def test_random_bytes_never_raise_but_file_error(data, filename):
    parser = TableParser()
    assert 0 <= parser.detect(data, filename) <= 1
    with contextlib.suppress(FileError):
        parser.parse(data, filename, mapping={"text": "Text"})


@FUZZ
@given(rows=st.lists(st.lists(CELL_TEXT, max_size=15), max_size=5))
def test_random_tables_never_raise_but_file_error(rows):
    parser = TableParser()
    table = [HEADERS, *rows]
    for data, filename in ((csv_bytes(table), "t.csv"), (xlsx_bytes(table), "t.xlsx")):
        assert parser.detect(data, filename) == 0.1
        try:
            result = parser.parse(data, filename, mapping=MAPPING)
        except FileError:
            continue
        assert all(row.text for row in result.rows)
