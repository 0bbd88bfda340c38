"""Hostile files: zip bombs in any member of a Word document or a workbook, cells too long
to be a recommendation in every format, and uploads over the size limit, refused as they
arrive without being held in memory or kept on disk."""

import io
import json
import os
import random
import zipfile

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from rectrack.accounts.services import api_token_create
from rectrack.imports.models import ImportRun
from rectrack.imports.parsers.base import FileError
from rectrack.imports.parsers.table import TableParser
from rectrack.imports.parsers.tabular import cell_limit_issue
from rectrack.imports.parsers.thematic_list import ThematicListParser
from rectrack.imports.parsers.uhri import UhriParser
from rectrack.imports.tests.test_tabular import csv_bytes, xlsx_bytes
from rectrack.imports.uploads import LimitedUploadHandler, RefusedUpload, upload_limit

MB = 1 << 20
WORDS = "ratify the convention protect rights of women children persons with disabilities and "
# 1,048,576 characters of words in random order: compressing as text does, not as a bomb
LONG_TEXT = " ".join(random.Random(1).choices(WORDS.split(), k=MB // 4)).ljust(MB, ".")[:MB]
HEADERS = ["Text", "Countries Concerned", "Reccomending Body", "Document Symbol"]
SHORT = ["Ratify the Optional Protocol.", "- Slovenia", "- CAT", "CAT/C/SVN/CO/3"]
OVER_THE_LIMIT = (
    "The cell holds 1,048,576 characters, over the limit of 32,767 "
    "(RECTRACK_IMPORT_MAX_CELL_CHARS)."
)


def word_document() -> bytes:
    document, out = docx.Document(), io.BytesIO()
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(table.rows[0].cells, ["Recommendation", "Position"], strict=True):
        cell.text = text
    for cell, text in zip(
        table.rows[1].cells, ["121.1 Ratify the OP-CAT", "Supported"], strict=True
    ):
        cell.text = text
    document.save(out)
    return out.getvalue()


def with_part(data: bytes, name: str, size: int, *, stored: bytes = b"") -> bytes:
    """A copy of an archive whose member `name` is `size` zeros (deflated), replacing any
    member of that name, perhaps with a stored member of padding."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            if member.filename != name:
                target.writestr(member.filename, source.read(member))
        if stored:
            target.writestr("xl/media/padding.bin", stored, zipfile.ZIP_STORED)
        with target.open(name, "w") as part:
            for _ in range(size // MB):
                part.write(bytes(MB))
    return out.getvalue()


# Zip bombs in any member


def test_a_docx_whose_styles_unpack_beyond_the_member_limit_is_refused_naming_the_member(
    settings,
):
    settings.RECTRACK_ARCHIVE_MAX_MEMBER_BYTES = 8 * MB
    settings.RECTRACK_ARCHIVE_MAX_RATIO = 100_000  # the size alone refuses it
    bomb = with_part(word_document(), "word/styles.xml", 60 * MB)
    assert len(bomb) < MB
    with pytest.raises(FileError) as refused:
        ThematicListParser().parse(bomb, "styles-bomb.docx")
    assert str(refused.value) == (
        "styles-bomb.docx: word/styles.xml unpacks to more than 8 MB "
        "(RECTRACK_ARCHIVE_MAX_MEMBER_MB); refused as a possible zip bomb."
    )
    assert ThematicListParser().detect(bomb, "styles-bomb.docx") == 0


def test_a_docx_whose_styles_are_a_zip_bomb_is_refused_by_their_compression_ratio():
    bomb = with_part(word_document(), "word/styles.xml", 60 * MB)
    with pytest.raises(FileError) as refused:
        ThematicListParser().parse(bomb, "styles-bomb.docx")
    assert str(refused.value) == (
        "styles-bomb.docx: word/styles.xml is compressed more than 100 to 1 "
        "(RECTRACK_ARCHIVE_MAX_RATIO); refused as a possible zip bomb."
    )


def test_the_same_document_without_the_bomb_is_read():
    result = ThematicListParser().parse(word_document(), "list.docx")
    assert [row.reference for row in result.rows] == ["121.1"]


def test_an_xlsx_whose_stored_padding_hides_a_bomb_sheet_is_refused():
    workbook = xlsx_bytes([HEADERS, SHORT])
    padding = bytes(range(256)) * (2 * MB // 256)  # stored: 2 MB in, 2 MB out
    bomb = with_part(workbook, "xl/worksheets/sheet1.xml", 100 * MB, stored=padding)
    unpacked = sum(member.file_size for member in zipfile.ZipFile(io.BytesIO(bomb)).infolist())
    assert unpacked < 100 * len(bomb)  # the whole archive's ratio looks harmless
    with pytest.raises(FileError) as refused:
        UhriParser().parse(bomb, "padded.xlsx")
    assert str(refused.value) == (
        "padded.xlsx: xl/worksheets/sheet1.xml is compressed more than 100 to 1 "
        "(RECTRACK_ARCHIVE_MAX_RATIO); refused as a possible zip bomb."
    )


def test_a_zip_archive_named_xlsx_is_not_a_workbook():
    with pytest.raises(FileError, match=r"a zip archive but not an Excel workbook .*workbook\.xml"):
        UhriParser().parse(word_document(), "letter.xlsx")


# Cells too long to be a recommendation, in every format: the row is an issue, the rest read


def with_long_cell(workbook: bytes, marker: str) -> bytes:
    """The workbook with LONG_TEXT for the marker (openpyxl writes no more than Excel holds
    in a cell, 32,767 characters; a hostile file holds what it likes)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            part = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                part = part.replace(marker.encode(), LONG_TEXT.encode())
            target.writestr(member.filename, part)
    return out.getvalue()


def only_issue(result):
    assert [row.text for row in result.rows] == ["Ratify the Optional Protocol."]
    [issue] = result.issues
    return issue.location, issue.column, issue.message


def test_a_1_mb_cell_in_a_csv_file_names_its_row_and_column():
    data = csv_bytes([HEADERS, SHORT, [LONG_TEXT, *SHORT[1:]]])
    result = UhriParser().parse(data, "uhri.csv")
    assert only_issue(result) == ("row 3", "Text", OVER_THE_LIMIT)


def test_a_1_mb_cell_in_a_workbook_names_its_row_and_column():
    data = with_long_cell(xlsx_bytes([HEADERS, SHORT, ["MARKER", *SHORT[1:]]]), "MARKER")
    result = UhriParser().parse(data, "uhri.xlsx")
    assert only_issue(result) == ("row 3", "Text", OVER_THE_LIMIT)


def test_a_1_mb_text_in_a_json_download_names_its_record_and_key():
    records = [{"Text": SHORT[0], "Symbol": "A/HRC/43/15", "Body": "- UPR"}]
    records.append({"Text": LONG_TEXT, "Symbol": "A/HRC/43/15", "Body": "- UPR"})
    result = UhriParser().parse(json.dumps(records).encode(), "uhri.json")
    assert only_issue(result) == ("record 2", "Text", OVER_THE_LIMIT)


def test_a_long_cell_in_a_mapped_table_names_the_column_as_the_file_names_it(settings):
    settings.RECTRACK_IMPORT_MAX_CELL_CHARS = 100
    data = csv_bytes([["Recommendation", "Theme"], [SHORT[0], "Justice"], [SHORT[0], "j" * 101]])
    result = TableParser().parse(
        data, "table.csv", mapping={"text": "Recommendation", "themes": "Theme"}
    )
    assert [row.location for row in result.rows] == ["row 2"]
    [issue] = result.issues
    assert (issue.location, issue.column) == ("row 3", "Theme")
    assert issue.message == (
        "The cell holds 101 characters, over the limit of 100 (RECTRACK_IMPORT_MAX_CELL_CHARS)."
    )


def test_a_csv_field_beyond_the_csv_modules_own_limit_is_read_not_a_file_error():
    data = csv_bytes([HEADERS, [SHORT[0], "x" * 200_000, "- CAT", "CAT/C/SVN/CO/3"]])
    result = UhriParser().parse(data, "uhri.csv")
    [issue] = result.issues
    assert (issue.location, issue.column) == ("row 2", "Countries Concerned")


def test_cell_limit_issue_for_the_thematic_list_parser(settings):
    settings.RECTRACK_IMPORT_MAX_CELL_CHARS = 10
    assert cell_limit_issue("paragraph 121.1", "Recommendation", "0123456789") is None
    issue = cell_limit_issue("paragraph 121.1", "Recommendation", "0123456789A")
    assert (issue.location, issue.column) == ("paragraph 121.1", "Recommendation")
    assert "11 characters, over the limit of 10" in issue.message


# Uploads over the limit: refused as they arrive


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.RECTRACK_IMPORTS_IN_BACKGROUND = False
    settings.VAR_DIR = tmp_path / "var"
    return settings.VAR_DIR


def test_an_upload_over_the_limit_is_refused_on_the_page_and_nothing_is_stored(
    client, coordinator, settings, var_dir
):
    settings.RECTRACK_IMPORT_MAX_BYTES = MB
    client.force_login(coordinator)
    big = SimpleUploadedFile("big.csv", b"Text\n" + b"x" * (3 * MB))  # over the in-memory size
    response = client.post(reverse("imports:upload"), {"file": big, "format": "uhri"})
    assert response.status_code == 200
    message = "big.csv is 3.0\xa0MB, over the limit of 1.0\xa0MB (RECTRACK_IMPORT_MAX_MB); "
    assert response.context["form"].errors["file"] == [message + "it was not stored."]
    assert isinstance(response.wsgi_request.FILES["file"], RefusedUpload)  # as it arrived
    assert response.context["form"]["format"].value() == "uhri"  # the other fields were read
    assert message in response.content.decode()
    assert not ImportRun.objects.exists()
    assert not list((var_dir / "imports").glob("*"))


def test_an_upload_over_the_limit_through_the_api_is_invalid_input(
    client, coordinator, settings, var_dir
):
    settings.RECTRACK_IMPORT_MAX_BYTES = MB
    token = api_token_create(user=coordinator, name="t")[1]
    big = SimpleUploadedFile("big.csv", b"Text\n" + b"x" * (3 * MB))
    response = client.post("/api/v1/imports", {"file": big}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["form", "file"]
    assert error["msg"] == (
        "big.csv is 3.0\xa0MB, over the limit of 1.0\xa0MB (RECTRACK_IMPORT_MAX_MB); "
        "it was not stored."
    )
    assert not ImportRun.objects.exists()
    assert not list((var_dir / "imports").glob("*"))


def test_a_small_upload_over_a_smaller_limit_is_refused_by_the_form(
    client, coordinator, settings, var_dir
):
    settings.RECTRACK_IMPORT_MAX_BYTES = 1000
    client.force_login(coordinator)
    small = SimpleUploadedFile("small.csv", b"Text\n" + b"x" * 2000)
    response = client.post(reverse("imports:upload"), {"file": small, "format": "auto"})
    [error] = response.context["form"].errors["file"]
    assert error.startswith("small.csv is 2.0\xa0KB, over the limit of 1000\xa0bytes")
    assert not ImportRun.objects.exists()


def test_the_handler_stops_storing_a_file_once_past_its_limit(settings):
    settings.RECTRACK_IMPORT_MAX_BYTES = MB
    handler = LimitedUploadHandler(RequestFactory().post(reverse("imports:upload")))
    handler.new_file("file", "big.xlsx", "application/octet-stream", None)
    path = handler.file.temporary_file_path()
    for start in range(0, 3 * MB, 64 * 1024):
        assert handler.receive_data_chunk(bytes(64 * 1024), start) is None
        assert os.path.exists(path) == (start + 64 * 1024 <= MB)  # gone once past the limit
    upload = handler.file_complete(3 * MB)
    assert isinstance(upload, RefusedUpload)
    assert (upload.size, upload.read()) == (3 * MB, b"")
    assert upload.refusal == (
        "big.xlsx is 3.0\xa0MB, over the limit of 1.0\xa0MB (RECTRACK_IMPORT_MAX_MB); "
        "it was not stored."
    )


def test_a_file_under_the_limit_arrives_whole(settings):
    handler = LimitedUploadHandler(RequestFactory().post(reverse("imports:upload")))
    handler.new_file("file", "list.docx", "application/octet-stream", None)
    handler.receive_data_chunk(b"PK" * 10, 0)
    upload = handler.file_complete(20)
    assert (upload.size, upload.read()) == (20, b"PK" * 10)


def test_each_upload_has_the_limit_of_its_page(settings):
    factory = RequestFactory()
    settings.RECTRACK_IMPORT_MAX_BYTES, settings.RECTRACK_EVIDENCE_MAX_BYTES = 50 * MB, 20 * MB
    assert upload_limit(factory.post("/imports/new/")) == (50 * MB, "RECTRACK_IMPORT_MAX_MB")
    assert upload_limit(factory.post("/api/v1/imports")) == (50 * MB, "RECTRACK_IMPORT_MAX_MB")
    evidence = factory.post(reverse("followup:evidence-add", args=[1]))
    assert upload_limit(evidence) == (20 * MB, "RECTRACK_EVIDENCE_MAX_MB")
    assert upload_limit(factory.post("/nowhere/")) == (50 * MB, "RECTRACK_IMPORT_MAX_MB")
