import datetime

import pytest

from rectrack.imports import normalise
from rectrack.imports.parsers.base import ParsedTheme


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Supported", "supported"),
        ("- Accepted", "supported"),
        ("  SUPPORTED. ", "supported"),
        ("Noted", "noted"),
        ("Rejected", "noted"),
        ("not supported", "noted"),
        ("Partially supported", "partially_supported"),
        ("Supported/Noted", "partially_supported"),
        ("Pending", "pending"),
        ("", ""),
        (None, ""),
        ("Maybe", None),
    ],
)
def test_positions_are_read_in_every_spelling_the_sources_use(raw, expected):
    assert normalise.position(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.4 - Equal rights to economic resources", "1.4"),
        ("- 16 - PEACE, JUSTICE AND STRONG INSTITUTIONS", "16"),
        ("SDG 5", "5"),
        ("Goal 5: Gender equality", "5"),
        ("16.10", "16.10"),
        ("4.A - Build and upgrade education facilities", "4.a"),
        ("Target 17.19", "17.19"),
        ("18", None),
        ("0.1", None),
        ("gender equality", None),
    ],
)
def test_sdg_codes(raw, expected):
    assert normalise.sdg_code(raw) == expected


def test_themes_keep_their_uhri_code_when_given():
    assert normalise.theme("A12 Acceptance of international norms") == ParsedTheme(
        name="Acceptance of international norms", code="A12"
    )
    assert normalise.theme("- Right to health") == ParsedTheme(name="Right to health")
    assert normalise.theme("B31 Equality & non-discrimination").code == "B31"


def test_mechanisms_are_named_by_code():
    assert normalise.mechanism_code("- CAT") == "CAT"
    assert normalise.mechanism_code("Committee against Torture") == "CAT"
    assert normalise.mechanism_code("Committee on the Rights of the Child") == "CRC"
    assert normalise.mechanism_code("- SR on torture") == "SR on torture"


def test_multi_valued_cells_give_one_value_per_line():
    assert normalise.listed("- Women\n- Girls\r\n-  Rural women ") == [
        "Women",
        "Girls",
        "Rural women",
    ]
    assert normalise.listed("") == []


def test_paragraph_numbers_are_split_off_the_text():
    assert normalise.paragraph("121.1 Ratify the Convention") == ("121.1", "Ratify the Convention")
    assert normalise.paragraph("49. The Committee") == ("49", "The Committee")
    assert normalise.paragraph("Ratify it") == ("", "Ratify it")


def test_dates_from_excel_serials_datetimes_and_iso_text():
    assert normalise.excel_date(43831) == datetime.date(2020, 1, 1)
    assert normalise.excel_date("43831") == datetime.date(2020, 1, 1)
    assert normalise.excel_date("2019-12-13T00:00:00") == datetime.date(2019, 12, 13)
    assert normalise.excel_date(
        datetime.datetime(2021, 3, 1, 12, tzinfo=datetime.UTC)
    ) == datetime.date(2021, 3, 1)
    assert normalise.excel_date("") is None
    assert normalise.excel_date("not a date") is None
    assert normalise.excel_date(-5) is None


def test_headers_match_whatever_their_case_and_spacing():
    assert normalise.header_key(" Reccomending  Body ") == normalise.header_key("reccomending body")
    assert normalise.header_key("UPR_Position") == normalise.header_key("upr position")
