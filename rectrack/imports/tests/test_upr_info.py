"""The UPR Info export parser, on the real export of sessions 1 to 5 and on small files."""

import contextlib
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rectrack.conftest import shared_file
from rectrack.imports.normalise import upr_cycle
from rectrack.imports.parsers.base import FileError, ParsedTheme
from rectrack.imports.parsers.upr_info import UprInfoParser
from rectrack.imports.tests.test_tabular import CELL_TEXT, csv_bytes, xlsx_bytes

HEADERS = ["To", "To-Rgrp", "To-Org", "Text", "From", "From-Rgrp", "From-Org", "Response"]
HEADERS += ["Action", "Issue", "Session"]


@pytest.fixture(scope="module")
def real():
    data = shared_file("upr-info/upr-info-sessions-01-05.csv").read_bytes()
    return UprInfoParser().parse(data, "upr-info-sessions-01-05.csv")


def test_real_export_counts(real):
    assert real.issues == []
    assert real.encoding == "mac_roman"
    assert len(real.rows) == 6094
    assert len({row.country for row in real.rows}) == 80
    assert Counter(row.position for row in real.rows) == {"supported": 4087, "noted": 2007}
    assert {row.session for row in real.rows} == {1, 2, 3, 4, 5}
    assert {row.cycle for row in real.rows} == {1}
    assert {row.mechanism for row in real.rows} == {"UPR"}


def test_real_exports_unknown_recommending_state_is_no_state(real):
    # UPR Info writes "&#40;Unknown&#41;" in From (and its groups) of 9 rows.
    unknown = [row for row in real.rows if not row.recommending_states]
    assert len(unknown) == 9
    assert all(row.extra["recommending_region"] == "&#40;Unknown&#41;" for row in unknown)
    names = {state for row in real.rows for state in row.recommending_states}
    assert not [name for name in names if "Unknown" in name or "&#" in name]


def test_real_export_decodes_mac_roman_names(real):
    habre = [row for row in real.rows if "Hissène Habré" in row.text]

    assert habre
    assert {row.country for row in habre} == {"Senegal"}


def test_real_export_first_row(real):
    row = real.rows[0]

    assert row.location == "row 2"
    assert row.country == "Afghanistan"
    assert row.text.startswith("Enact legislation and take effective measures to protect")
    assert row.recommending_states == ["Austria"]
    assert row.position == "supported"
    assert row.session == 5 and row.cycle == 1
    assert row.type == "recommendation"
    assert row.themes == [
        ParsedTheme(name="Rights of the Child"),
        ParsedTheme(name="Women's rights"),
    ]
    assert row.extra == {
        "upr_info_action": "5",
        "country_region": "Asia",
        "country_organisations": "OIC",
        "recommending_region": "WEOG",
        "recommending_organisations": "EU",
    }
    assert row.reference == "" and row.document_symbol == ""


def test_real_export_spot_checks(real):
    by_location = {row.location: row for row in real.rows}
    shia = by_location["row 101"]
    macedonia = by_location["row 3001"]

    assert shia.text.startswith("Continue the revision of the Shia Personal Status Law")
    assert (shia.recommending_states, shia.session, shia.extra["upr_info_action"]) == (
        ["Hungary"],
        5,
        "2",
    )
    assert [theme.name for theme in shia.themes] == ["Women's rights"]
    assert macedonia.country == "Macedonia FYR"
    assert macedonia.recommending_states == ["Netherlands"]
    assert [theme.name for theme in macedonia.themes] == ["Rights of the Child", "Women's rights"]


@pytest.mark.parametrize(
    ("session", "cycle"), [(1, 1), (12, 1), (13, 2), (26, 2), (27, 3), (40, 3), (41, 4), (47, 4)]
)
def test_upr_cycle(session, cycle):
    assert upr_cycle(session) == cycle


def row(**changes):
    values = dict(zip(HEADERS, ["Chad", "Africa", "OIF", "Ratify the OP-CAT", "France", "WEOG",
                                "EU", "Accepted", "4", "Torture and other CID treatment,Detention",
                                "17"], strict=True))  # fmt: skip
    values.update(changes)
    return [values[header] for header in HEADERS]


def test_windows_1252_export_with_accents_and_crlf():
    data = csv_bytes(
        [HEADERS, row(Text="Coopérer pleinement avec la Cour pénale", From="Côte d'Ivoire")],
        encoding="cp1252",
    )

    result = UprInfoParser().parse(data, "upr-info.csv")

    assert result.encoding == "cp1252"
    assert result.rows[0].text == "Coopérer pleinement avec la Cour pénale"
    assert result.rows[0].recommending_states == ["Côte d'Ivoire"]
    assert result.rows[0].cycle == 2


def test_bad_rows_become_issues_and_are_left_out():
    rows = [HEADERS, row(), row(Text=""), row(Response="Maybe"), row(Session="?", Action="9")]

    result = UprInfoParser().parse(csv_bytes(rows), "upr-info.csv")

    assert [r.location for r in result.rows] == ["row 2"]
    assert [(issue.location, issue.column) for issue in result.issues] == [
        ("row 3", "Text"),
        ("row 4", "Response"),
        ("row 5", "Session"),
        ("row 5", "Action"),
    ]
    assert "accepted values: Supported, Accepted, Noted" in result.issues[1].message


def test_empty_response_is_no_position():
    result = UprInfoParser().parse(csv_bytes([HEADERS, row(Response="")]), "upr-info.csv")

    assert result.rows[0].position == ""


def test_missing_required_columns_are_named():
    headers = [header for header in HEADERS if header not in ("Response", "Session")]

    with pytest.raises(FileError, match=r"no Response, Session column\. Found: To, To-Rgrp"):
        UprInfoParser().parse(csv_bytes([headers, headers]), "partial.csv")


def test_user_chosen_encoding_that_cannot_decode():
    data = shared_file("upr-info/upr-info-sessions-01-05.csv").read_bytes()

    with pytest.raises(FileError, match=r"upr\.csv: cannot be read as cp1252: byte 0x8f"):
        UprInfoParser().parse(data, "upr.csv", encoding="cp1252")


def test_detect():
    parser = UprInfoParser()

    assert parser.detect(csv_bytes([HEADERS, row()]), "export.csv") == 0.9
    assert parser.detect(xlsx_bytes([HEADERS, row()]), "export.xlsx") == 0.9
    assert parser.detect(csv_bytes([["Text", "Themes"]]), "other.csv") == 0.0
    assert parser.detect(b"", "empty.csv") == 0.0


FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(data=st.binary(max_size=2000), filename=st.sampled_from(["u.csv", "u.xlsx", "u"]))
def test_random_bytes_never_raise_but_file_error(data, filename):
    parser = UprInfoParser()
    assert 0 <= parser.detect(data, filename) <= 1
    with contextlib.suppress(FileError):
        parser.parse(data, filename)


@FUZZ
@given(rows=st.lists(st.lists(CELL_TEXT, max_size=11), max_size=5), with_headers=st.booleans())
def test_random_tables_never_raise_but_file_error(rows, with_headers):
    parser = UprInfoParser()
    table = [HEADERS, *rows] if with_headers else rows
    for data, filename in ((csv_bytes(table), "u.csv"), (xlsx_bytes(table), "u.xlsx")):
        assert 0 <= parser.detect(data, filename) <= 1
        try:
            result = parser.parse(data, filename)
        except FileError:
            continue
        assert all(r.text and r.mechanism == "UPR" for r in result.rows)
