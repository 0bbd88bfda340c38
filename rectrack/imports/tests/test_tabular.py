"""Reading tables: encodings, CSV dialects, workbooks, and every way a file can be unreadable."""

import contextlib
import csv
import datetime
import io
import zipfile

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rectrack.conftest import shared_file
from rectrack.imports.parsers.base import FileError
from rectrack.imports.parsers.tabular import (
    RowReader,
    cell_date,
    cell_int,
    decode_text,
    match_headers,
    read_table,
    table_headers,
)

# Excel cells hold naive datetimes: a workbook has no time zone.
NAIVE_MARCH_12 = datetime.datetime.fromisoformat("2019-03-12T10:00:00")
ACCENTED = "Hissène Habré, São Tomé, Côte d’Ivoire, Müller, naïve, “façade” – Ñandú"


def xlsx_bytes(rows: list[list[object]], *, title: str = "Sheet1") -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(
    rows: list[list[object]], *, encoding="utf-8", newline="\r\n", delimiter=","
) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator=newline, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


# Encodings


def test_real_upr_info_export_is_read_as_mac_roman_with_old_mac_line_ends():
    data = shared_file("upr-info/upr-info-sessions-01-05.csv").read_bytes()
    assert b"\r" in data and b"\n" not in data

    table = read_table(data, "upr-info.csv")

    assert table.encoding == "mac_roman"
    assert table.headers[:4] == ["To", "To-Rgrp", "To-Org", "Text"]
    assert len(table.rows) == 6094
    assert table.rows[0].number == 2 and table.rows[-1].number == 6095
    texts = [row.cells[3] for row in table.rows]
    assert any("Hissène Habré" in text for text in texts)
    assert not any("Habr\u017d" in text or "Habr\u00c3" in text for text in texts)


def test_windows_1252_file_with_accents_and_crlf_round_trips():
    rows = [["Text", "From"], [ACCENTED, "Côte d'Ivoire"], ["Second, quoted", "Perú"]]
    table = read_table(csv_bytes(rows, encoding="cp1252"), "cp1252.csv")

    assert table.encoding == "cp1252"
    assert [row.cells for row in table.rows] == rows[1:]


def test_small_mac_roman_file_is_told_from_windows_1252():
    data = csv_bytes([["Text"], [ACCENTED], ["Voilà, l’école"]], encoding="mac_roman")

    text, encoding = decode_text(data, "mac.csv")

    assert encoding == "mac_roman"
    assert ACCENTED in text and "Voilà, l’école" in text


@pytest.mark.parametrize(
    ("prefix", "encoding", "expected"),
    [
        (b"", "utf-8", "utf-8"),
        (b"\xef\xbb\xbf", "utf-8", "utf-8-sig"),
        (b"", "utf-16", "utf-16"),
    ],
)
def test_unicode_files_are_read_strictly_first(prefix, encoding, expected):
    data = prefix + csv_bytes([["Text"], [ACCENTED]], encoding=encoding)

    table = read_table(data, "unicode.csv")

    assert table.encoding == expected
    assert table.headers == ["Text"]
    assert table.rows[0].cells == [ACCENTED]


def test_user_chosen_encoding_overrides_detection():
    data = csv_bytes([["Text"], ["Habré"]], encoding="utf-8")

    table = read_table(data, "forced.csv", encoding="latin-1")

    assert table.encoding == "latin-1"
    assert table.rows[0].cells == ["HabrÃ©"]


def test_user_chosen_encoding_that_cannot_decode_names_file_encoding_offset_and_line():
    data = b"Text\r\nfine\r\nbad \x81 byte\r\n"

    with pytest.raises(FileError) as error:
        read_table(data, "legacy.csv", encoding="cp1252")

    message = str(error.value)
    assert "legacy.csv" in message and "cp1252" in message
    assert "offset 16" in message and "line 3" in message and "0x81" in message


def test_user_chosen_utf8_that_cannot_decode_a_legacy_file():
    data = "Text\rHabré\r".encode("mac_roman")

    with pytest.raises(FileError, match=r"mac\.csv: cannot be read as utf-8.*line 2"):
        read_table(data, "mac.csv", encoding="utf-8")


def test_unknown_encoding_name_is_a_file_error():
    with pytest.raises(FileError, match="unknown text encoding 'klingon'"):
        decode_text(b"Text\n", "a.csv", encoding="klingon")
    with pytest.raises(FileError, match="rot13"):
        decode_text(b"Text\n", "a.csv", encoding="rot13")


# CSV dialects


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_csv_delimiter_is_sniffed(delimiter):
    rows = [["Text", "Response", "Session"], ["Ratify, then report", "Noted", "5"]]

    table = read_table(csv_bytes(rows, delimiter=delimiter), "sniffed.csv")

    assert table.headers == rows[0]
    assert table.rows[0].cells == rows[1]


def test_csv_rows_are_numbered_as_records_with_multiline_cells_and_blank_lines():
    data = b'Text,Session\n"Two\nlines",1\n\n,\nThird,3\n'

    table = read_table(data, "numbered.csv")

    assert [(row.number, row.cells) for row in table.rows] == [
        (2, ["Two\nlines", "1"]),
        (5, ["Third", "3"]),
    ]


def test_one_column_csv():
    assert read_table(b"Text\nOne\nTwo\n", "one.csv").headers == ["Text"]


# Workbooks


def test_xlsx_rows_keep_spreadsheet_row_numbers_and_cell_types():
    data = xlsx_bytes(
        [
            ["Text", "Date", "Session", None],
            ["First", 43536, 34, None],
            [None, None, None],
            ["Third", NAIVE_MARCH_12, "34th session"],
        ]
    )

    table = read_table(data, "book.xlsx")

    assert table.headers == ["Text", "Date", "Session"]
    assert table.encoding == ""
    assert [row.number for row in table.rows] == [2, 4]
    assert table.rows[0].cells[:3] == ["First", 43536, 34]
    assert table.rows[1].cells[1] == NAIVE_MARCH_12


def test_xlsx_reads_the_first_sheet_that_holds_a_table():
    workbook = openpyxl.Workbook()
    workbook.active.title = "Empty"
    workbook.create_sheet("Data").append(["Text"])
    workbook["Data"].append(["Only row"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    table = read_table(buffer.getvalue(), "two-sheets.xlsx")

    assert table.headers == ["Text"]
    assert table.rows[0].cells == ["Only row"]


def test_table_headers_for_the_mapping_step():
    assert table_headers(xlsx_bytes([["Text", "Position"], ["a", "b"]]), "h.xlsx") == [
        "Text",
        "Position",
    ]
    assert table_headers(b"Text;Themes\r\na;b\r\n", "h.csv") == ["Text", "Themes"]


# Unreadable files


@pytest.mark.parametrize(
    ("data", "filename"),
    [(b"", "empty.csv"), (b" \r\n\r\n", "blank.csv"), (b"", "empty.xlsx"), (b",,\n,,\n", "c.csv")],
)
def test_empty_file_is_a_file_error_naming_it(data, filename):
    with pytest.raises(FileError, match=rf"^{filename}: .*empty"):
        read_table(data, filename)


def test_workbook_without_cells_is_empty():
    with pytest.raises(FileError, match="empty"):
        read_table(xlsx_bytes([]), "nothing.xlsx")


def test_truncated_workbook():
    data = xlsx_bytes([["Text"], ["Row"]])

    with pytest.raises(FileError, match=r"cut\.xlsx: .*truncated or damaged"):
        read_table(data[: len(data) // 2], "cut.xlsx")


def test_corrupt_workbook_contents():
    data = zip_bytes({"[Content_Types].xml": b"<nonsense", "xl/workbook.xml": b"\x00garbage"})

    with pytest.raises(FileError, match=r"corrupt\.xlsx: the workbook is damaged"):
        read_table(data, "corrupt.xlsx")


def test_encrypted_workbook_or_old_xls():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512

    for filename in ("protected.xlsx", "old.xls", "renamed.csv"):
        with pytest.raises(FileError, match=rf"{filename}: .*encrypted.*old \.xls"):
            read_table(data, filename)


def test_xlsx_that_is_really_text():
    with pytest.raises(FileError, match=r"fake\.xlsx: not an Excel .*it holds text"):
        read_table(b"Text,Session\nRatify,5\n", "fake.xlsx")


def test_csv_that_is_binary():
    with pytest.raises(FileError, match=r"binary\.csv: holds binary data \(NUL bytes\)"):
        read_table(b"Text\x00\x01\x02\xff\xfe" * 10, "binary.csv")


def test_csv_that_is_a_workbook():
    with pytest.raises(FileError, match=r"book\.csv: not CSV text.*\.xlsx"):
        read_table(xlsx_bytes([["Text"]]), "book.csv")


def test_zip_that_is_not_a_workbook():
    data = zip_bytes({"word/document.xml": b"<w:document/>"})

    with pytest.raises(FileError, match=r"letter\.xlsx: a zip archive but not an Excel"):
        read_table(data, "letter.xlsx")


def _bomb(size: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            chunk = b"\x00" * (1 << 20)
            for _ in range(size >> 20):
                member.write(chunk)
    return buffer.getvalue()


def test_zip_bomb_by_compression_ratio_is_refused_before_unpacking():
    data = _bomb(20 << 20)

    with pytest.raises(
        FileError,
        match=r"bomb\.xlsx: xl/worksheets/sheet1\.xml is compressed more than 100 to 1 .*"
        r"refused as a possible zip bomb",
    ):
        read_table(data, "bomb.xlsx")


def test_zip_bomb_by_total_size_is_refused(settings):
    settings.RECTRACK_ARCHIVE_MAX_RATIO = 10_000  # let the size alone refuse it
    settings.RECTRACK_ARCHIVE_MAX_TOTAL_BYTES = 8 << 20
    data = _bomb(9 << 20)

    with pytest.raises(FileError, match=r"huge\.xlsx: its members unpack to more than 8 MB in all"):
        read_table(data, "huge.xlsx")


# Headers and cells


def test_headers_match_case_and_spacing_insensitively():
    headers = ["TEXT", "reccomending  body", "UPR_Session", "Other"]
    expected = {
        "text": ("Text",),
        "body": ("Reccomending Body", "Recommending Body"),
        "session": ("UPR Session",),
        "position": ("UPR Position",),
    }

    assert match_headers(headers, expected, "a.csv") == {"text": 0, "body": 1, "session": 2}


def test_no_expected_header_lists_what_was_found_and_expected():
    with pytest.raises(FileError) as error:
        match_headers(["Name", "Address"], {"text": ("Text",), "to": ("To",)}, "people.csv")

    assert str(error.value) == (
        "people.csv: none of the expected columns were found. Found: Name, Address. "
        "Expected: Text, To."
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [(34, 34), (34.0, 34), ("34", 34), ("34th session", 34), ("- 34", 34), ("", None)],
)
def test_cell_int(value, expected):
    assert cell_int(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (43536, datetime.date(2019, 3, 12)),
        ("43536", datetime.date(2019, 3, 12)),
        ("2019-03-12T00:00:00", datetime.date(2019, 3, 12)),
        ("12 March 2019", datetime.date(2019, 3, 12)),
        (NAIVE_MARCH_12, datetime.date(2019, 3, 12)),
        (None, None),
    ],
)
def test_cell_date(value, expected):
    assert cell_date(value) == expected


def test_row_reader_reports_each_bad_value_with_location_and_column():
    reader = RowReader(
        "row 7",
        {"session": "none", "date": "someday", "position": "Maybe", "sdgs": "- 18 - Nonsense"},
        {"session": "UPR Session", "date": "Date", "position": "UPR Position", "sdgs": "Sdgs"},
    )

    assert reader.number("session") is None
    assert reader.date("date") is None
    assert reader.position("position") == ""
    assert reader.sdgs("sdgs") == []
    assert [(issue.location, issue.column) for issue in reader.issues] == [
        ("row 7", "UPR Session"),
        ("row 7", "Date"),
        ("row 7", "UPR Position"),
        ("row 7", "Sdgs"),
    ]
    assert "accepted values: Supported, Accepted, Noted" in reader.issues[2].message


# Any input: a table or a FileError, never another exception

FILENAMES = st.sampled_from(["a.csv", "a.xlsx", "a.txt", "upload", "a.tsv"])
CELL_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\r\t,;\"'"),
    max_size=30,
)
TABLES = st.lists(st.lists(CELL_TEXT, min_size=0, max_size=5), min_size=0, max_size=6)
ANY_SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@ANY_SETTINGS
@given(data=st.binary(max_size=2000), filename=FILENAMES)
def test_random_bytes_give_a_table_or_a_file_error(data, filename):
    with contextlib.suppress(FileError):
        read_table(data, filename)


@ANY_SETTINGS
@given(rows=TABLES)
def test_random_tables_round_trip_through_csv_and_xlsx(rows):
    filled = [row for row in rows if any(cell.strip() for cell in row)]
    for data, filename in ((csv_bytes(rows), "t.csv"), (xlsx_bytes(rows), "t.xlsx")):
        try:
            table = read_table(data, filename)
        except FileError:
            continue
        assert all(row.number >= 2 for row in table.rows)
        if not filled:  # blank cells only: perhaps a header read in another delimiter, no row
            assert table.rows == []
            continue
        header_is_plain = not any(set(cell) & set(";\t|") for cell in filled[0])
        if filename.endswith(".csv") and header_is_plain:  # else another delimiter may fit
            assert len(table.rows) == len(filled) - 1
