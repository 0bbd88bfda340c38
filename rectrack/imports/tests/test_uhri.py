"""The UHRI export parser on spreadsheets, CSV and JSON built as OHCHR's exports look."""

import contextlib
import datetime
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rectrack.conftest import shared_file
from rectrack.imports.parsers.base import FileError, ParsedTheme
from rectrack.imports.parsers.uhri import UhriParser, split_heading
from rectrack.imports.tests.test_tabular import CELL_TEXT, csv_bytes, xlsx_bytes

OHCHR_HEADERS = [
    "Text",
    "Countries Concerned",
    "Reccomending Body",
    "Document Symbol",
    "Themes",
    "Affected Persons",
    "Sdgs",
    "Document Publication Date",
    "UPR Reccomending States",
    "UPR Position",
    "Type",
    "OHCHR Annotation Id",
    "UPR Session",
    "Regions Concerned",
    "Recommending Regions",
    "Date of publication on UHRI",
]
CORRECT_HEADERS = [
    {
        "Reccomending Body": "Recommending Body",
        "UPR Reccomending States": "UPR Recommending States",
    }.get(header, header)
    for header in OHCHR_HEADERS
]


def serial(date: datetime.date) -> int:
    return (date - datetime.date(1899, 12, 30)).days


TREATY_BODY = [
    "Rural women 49.The Committee recommends that the State party adopt a comprehensive "
    "strategy to eliminate discrimination against rural women.",
    "- Slovenia",
    "- CEDAW",
    "CEDAW/C/SVN/CO/7",
    "- Women & girls: rural women\n- Equality & non-discrimination",
    "- Women\n- Rural women",
    "- 5.1 - End discrimination against women and girls\n"
    "- 1.4 - Equal rights to economic resources",
    serial(datetime.date(2023, 11, 1)),
    None,
    None,
    "- Concluding observations",
    "2061234",
    None,
    "- Eastern European States",
    None,
    serial(datetime.date(2024, 1, 15)),
]
UPR = [
    "Ratify the Optional Protocol to the Convention on the Rights of the Child on a "
    "communications procedure",
    "- Slovenia",
    "- UPR",
    "A/HRC/43/15",
    "- Acceptance of international norms",
    "- Children",
    "- 16.3 - Promote the rule of law and ensure equal access to justice",
    serial(datetime.date(2019, 12, 27)),
    "- Albania\n- Portugal\n- Ukraine",
    "- Supported",
    None,
    987654,
    "34",
    "- Eastern European States",
    "- Eastern European States\n- Western European and other States",
    serial(datetime.date(2020, 3, 2)),
]
SPECIAL_PROCEDURE = [
    "78. The Special Rapporteur recommends that the Government ensure access to safe "
    "drinking water in Roma settlements.",
    "- Slovenia",
    "- SR on the human rights to safe drinking water and sanitation",
    "A/HRC/18/33/Add.2",
    "- Right to water & sanitation",
    "- Roma\n- Persons living in rural areas",
    "- 6.1 - Safe and affordable drinking water",
    serial(datetime.date(2011, 7, 4)),
    None,
    None,
    "- Recommendation",
    "3050001",
    None,
    "- Eastern European States",
    None,
    None,
]
BLANK = [None] * len(OHCHR_HEADERS)
NO_TEXT = [None, "- Slovenia", "- CAT", "CAT/C/SVN/CO/3"] + [None] * 12
BAD_POSITION = ["Abolish the death penalty", "- Slovenia", "- UPR"] + [None] * 6
BAD_POSITION += ["- Perhaps"] + [None] * 6
ROWS = [OHCHR_HEADERS, TREATY_BODY, UPR, BLANK, SPECIAL_PROCEDURE, NO_TEXT, BAD_POSITION]


@pytest.fixture
def parsed():
    return UhriParser().parse(xlsx_bytes(ROWS), "uhri-export.xlsx")


def test_treaty_body_row_keeps_heading_and_paragraph_apart_from_text(parsed):
    row = parsed.rows[0]

    assert row.location == "row 2"
    assert row.heading == "Rural women"
    assert row.reference == "49"
    assert row.text.startswith("The Committee recommends that the State party adopt")
    assert row.mechanism == "CEDAW"
    assert row.type == "observation"
    assert row.country == "Slovenia"
    assert row.document_symbol == "CEDAW/C/SVN/CO/7"
    assert row.document_date == datetime.date(2023, 11, 1)
    assert row.position == "" and row.session is None and row.cycle is None
    assert row.uhri_annotation_id == "2061234"
    assert row.sdg_codes == ["5.1", "1.4"]
    assert row.affected_groups == ["Women", "Rural women"]
    assert row.extra == {"regions": "Eastern European States", "published_on_uhri": "2024-01-15"}


def test_ampersand_stays_inside_a_theme(parsed):
    assert parsed.rows[0].themes == [
        ParsedTheme(name="Women & girls: rural women"),
        ParsedTheme(name="Equality & non-discrimination"),
    ]


def test_upr_row_with_several_recommending_states(parsed):
    row = parsed.rows[1]

    assert row.location == "row 3"
    assert row.mechanism == "UPR"
    assert row.type == "recommendation"
    assert row.position == "supported"
    assert row.recommending_states == ["Albania", "Portugal", "Ukraine"]
    assert row.session == 34 and row.cycle == 3
    assert row.uhri_annotation_id == "987654"
    assert row.reference == "" and row.heading == ""
    assert row.themes == [ParsedTheme(name="Acceptance of international norms")]
    assert row.sdg_codes == ["16.3"]
    assert row.document_date == datetime.date(2019, 12, 27)


def test_special_procedure_row_keeps_its_mandate_name(parsed):
    row = parsed.rows[2]

    assert row.location == "row 5"  # row 4 is blank and ignored
    assert row.mechanism == "SR on the human rights to safe drinking water and sanitation"
    assert row.reference == "78" and row.heading == ""
    assert row.text.startswith("The Special Rapporteur recommends")
    assert row.type == "recommendation"
    assert row.affected_groups == ["Roma", "Persons living in rural areas"]


def test_bad_rows_become_issues_and_are_left_out(parsed):
    assert len(parsed.rows) == 3
    assert [(issue.location, issue.column) for issue in parsed.issues] == [
        ("row 6", "Text"),
        ("row 7", "UPR Position"),
    ]
    assert "'- Perhaps'" in parsed.issues[1].message
    assert "accepted values: Supported, Accepted, Noted" in parsed.issues[1].message


def test_csv_export_with_correctly_spelled_headers_and_iso_dates():
    upr = list(UPR)
    upr[7], upr[15], upr[12] = "2019-12-27", "2020-03-02", "34th session"
    data = csv_bytes([CORRECT_HEADERS, upr, TREATY_BODY], encoding="utf-8-sig")

    result = UhriParser().parse(data, "uhri.csv")

    assert result.issues == []
    assert result.encoding == "utf-8-sig"
    row = result.rows[0]
    assert row.recommending_states == ["Albania", "Portugal", "Ukraine"]
    assert row.mechanism == "UPR" and row.session == 34 and row.cycle == 3
    assert row.document_date == datetime.date(2019, 12, 27)
    assert row.extra["published_on_uhri"] == "2020-03-02"
    assert result.rows[1].document_date == datetime.date(2023, 11, 1)  # serial as text


def json_record(**changes):
    record = {
        "AnnotationId": "8a1e7c2e-0f4b-4d7e-9a55-3c1d2b6e9f10",
        "AnnotationType": "- Recommendation",
        "Body": "- UPR",
        "Countries": ["Slovenia"],
        "DocumentId": "2f0b",
        "PublicationDate": "2019-12-27T00:00:00",
        "PublicationDateOnUhri": "2020-03-02T10:15:00",
        "Regions": ["Eastern European States"],
        "Sdgs": ["5.2 - Eliminate all forms of violence against women and girls"],
        "Symbol": "A/HRC/43/15",
        "Text": "121.1 Ratify the Istanbul Convention",
        "Themes": ["Women & girls", "Violence against women"],
        "AffectedPersons": ["Women"],
        "UprCycle": "Third cycle",
        "UprPositions": ["Supported"],
        "UprRecommendingCountry": ["Austria", "Brazil"],
        "UprRecommendingRegions": ["WEOG", "GRULAC"],
        "UprSession": "34",
    }
    record.update(changes)
    return record


def test_json_download():
    records = [json_record(), {}, json_record(Text="", AnnotationId="x"), "not a record"]

    result = UhriParser().parse(json.dumps(records).encode(), "uhri.json")

    row = result.rows[0]
    assert row.location == "record 1"
    assert row.reference == "121.1" and row.text == "Ratify the Istanbul Convention"
    assert row.uhri_annotation_id == "8a1e7c2e-0f4b-4d7e-9a55-3c1d2b6e9f10"
    assert row.mechanism == "UPR" and row.type == "recommendation"
    assert row.position == "supported" and row.cycle == 3 and row.session == 34
    assert row.recommending_states == ["Austria", "Brazil"]
    assert row.sdg_codes == ["5.2"]
    assert [theme.name for theme in row.themes] == ["Women & girls", "Violence against women"]
    assert row.document_date == datetime.date(2019, 12, 27)
    assert row.extra["published_on_uhri"] == "2020-03-02"
    assert row.extra["recommending_regions"] == "WEOG; GRULAC"
    assert [(issue.location, issue.column) for issue in result.issues] == [
        ("record 3", "Text"),
        ("record 4", "Text"),
    ]


def test_json_download_in_a_user_chosen_encoding():
    data = json.dumps([json_record(Text="Coopérer avec la Cour")], ensure_ascii=False)

    result = UhriParser().parse(data.encode("cp1252"), "uhri.json", encoding="cp1252")

    assert result.encoding == "cp1252"
    assert result.rows[0].text == "Coopérer avec la Cour"


def test_json_download_wrapped_in_an_object():
    data = json.dumps({"count": 1, "value": [json_record()]}).encode()

    assert len(UhriParser().parse(data, "download.json").rows) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b'[{"Text": "a"', "not valid JSON at record 1 \\(parse error: premature EOF; 0"),
        (b'"just a string"', "no list of UHRI records"),
        (b'[{"Text": "Habr\xe9"}]', "not UTF-8 text"),
    ],
)
def test_unreadable_json_is_a_file_error(data, message):
    with pytest.raises(FileError, match=rf"^bad\.json: .*({message})"):
        UhriParser().parse(data, "bad.json")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rural women 49.The Committee urges", ("Rural women", "49", "The Committee urges")),
        ("Rural women\n49. The Committee", ("Rural women", "49", "The Committee")),
        ("49. The Committee", ("", "49", "The Committee")),
        ("12. (a) Ratify", ("", "12(a)", "Ratify")),
        ("COVID-19 pandemic 8.The Committee", ("COVID-19 pandemic", "8", "The Committee")),
        ("Ratify the Convention of 2002. Then", ("", "", "Ratify the Convention of 2002. Then")),
        ("Allocate 0.7 ODA", ("", "", "Allocate 0.7 ODA")),
        ("Consider 3.5 per cent", ("", "", "Consider 3.5 per cent")),
    ],
)
def test_split_heading(text, expected):
    assert split_heading(text) == expected


def test_missing_text_column():
    data = xlsx_bytes([OHCHR_HEADERS[1:], UPR[1:]])

    with pytest.raises(FileError, match=r"no-text\.xlsx: no Text column.*Found: Countries"):
        UhriParser().parse(data, "no-text.xlsx")


def test_table_without_uhri_headers_lists_found_and_expected():
    with pytest.raises(FileError, match=r"Found: Name, Age\. Expected: Text, Countries Concerned"):
        UhriParser().parse(csv_bytes([["Name", "Age"], ["Ada", "36"]]), "people.csv")


def test_detect():
    parser = UhriParser()

    assert parser.detect(xlsx_bytes(ROWS), "export.xlsx") == 0.9
    assert parser.detect(csv_bytes([CORRECT_HEADERS, UPR]), "export.csv") == 0.9
    assert parser.detect(json.dumps([json_record()]).encode(), "export.json") == 0.95
    assert parser.detect(csv_bytes([["Text", "Session"], ["a", "1"]]), "other.csv") == 0.0
    assert parser.detect(b"\x00\x01garbage", "export.xlsx") == 0.0
    assert parser.detect(b"[1, 2", "broken.json") == 0.0


def test_detect_rejects_the_upr_info_export():
    data = shared_file("upr-info/upr-info-sessions-01-05.csv").read_bytes()

    assert UhriParser().detect(data, "upr-info.csv") == 0.0


# Any input: rows and issues or a FileError, never another exception

FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
UHRI_CELLS = CELL_TEXT | st.sampled_from(
    ["- UPR", "- Supported", "- Perhaps", "- 5.1 - x", "- 99", "34th", "45231", "1e400", ""]
)


@FUZZ
@given(data=st.binary(max_size=2000), filename=st.sampled_from(["u.xlsx", "u.csv", "u.json"]))
def test_random_bytes_never_raise_but_file_error(data, filename):
    parser = UhriParser()
    assert 0 <= parser.detect(data, filename) <= 1
    with contextlib.suppress(FileError):
        parser.parse(data, filename)


@FUZZ
@given(
    rows=st.lists(st.lists(UHRI_CELLS, max_size=16), max_size=5),
    headers=st.sampled_from([OHCHR_HEADERS, CORRECT_HEADERS, ["Text", "Other"]]),
)
def test_random_tables_never_raise_but_file_error(rows, headers):
    parser = UhriParser()
    for data, filename in (
        (csv_bytes([headers, *rows]), "u.csv"),
        (xlsx_bytes([headers, *rows]), "u.xlsx"),
    ):
        assert 0 <= parser.detect(data, filename) <= 1
        try:
            result = parser.parse(data, filename)
        except FileError:
            continue
        assert all(row.text for row in result.rows)


@FUZZ
@given(records=st.lists(st.dictionaries(st.sampled_from(list(json_record())), UHRI_CELLS)))
def test_random_json_records_never_raise_but_file_error(records):
    with contextlib.suppress(FileError):
        UhriParser().parse(json.dumps(records).encode(), "u.json")
