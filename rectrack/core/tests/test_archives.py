"""Office documents are unpacked once as a stream and counted before anything reads them:
too large a member, too large a whole, a zip bomb's compression ratio, a zip archive that is
not the document its name claims are refused, in bounded memory whatever the headers say."""

import io
import random
import struct
import tracemalloc
import zipfile

import docx
import openpyxl
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from rectrack.conftest import shared_file
from rectrack.core.archives import (
    MAX_MEMBERS,
    ArchiveDamaged,
    ArchiveNotOffice,
    ArchiveRefused,
    content_type,
    office_check,
)

MB = 1 << 20
WORD_PARTS = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}


def archive(members: dict[str, bytes], *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as target:
        for name, content in members.items():
            target.writestr(name, content)
    return out.getvalue()


def with_member(data: bytes, name: str, size: int, *, fill: str = "zeros", method=None) -> bytes:
    """A copy of an archive with one more member of `size` bytes, written a MB at a time."""
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a") as target:
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED if method is None else method
        with target.open(info, "w", force_zip64=size > 2**31) as member:
            for chunk in content(size, fill):
                member.write(chunk)
    return out.getvalue()


def content(size: int, fill: str, seed: int = 0):
    """`size` bytes a MB at a time: zeros (a zip bomb's), random (incompressible) or XML-like
    text (compressing some 5 to 1, as a real part does)."""
    rng = random.Random(seed)
    while size > 0:
        n = min(size, MB)
        if fill == "zeros":
            yield bytes(n)
        elif fill == "random":
            yield rng.randbytes(n)
        else:
            cells = (b'<c r="A%d"><v>%d</v></c>' % (i, rng.getrandbits(40)) for i in range(n // 16))
            yield b"".join(cells).ljust(n, b" ")[:n]
        size -= n


def lie_about_sizes(data: bytes, *, unpacked: int) -> bytes:
    """The archive with every central directory entry claiming `unpacked` bytes unpacked."""
    patched = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        at, count = source.start_dir, len(source.infolist())
    for _ in range(count):
        struct.pack_into("<L", patched, at + 24, unpacked)
        at += 46 + sum(struct.unpack_from("<3H", patched, at + 28))
    return bytes(patched)


@pytest.fixture
def small_limits(settings):
    settings.RECTRACK_ARCHIVE_MAX_MEMBER_BYTES = 2 * MB
    settings.RECTRACK_ARCHIVE_MAX_TOTAL_BYTES = 4 * MB
    settings.RECTRACK_ARCHIVE_MAX_RATIO = 100
    return settings


# Real documents pass


def test_a_real_thematic_list_passes():
    data = shared_file("ohchr-thematic-lists/slovenia-upr34-2019.docx").read_bytes()
    office_check(data, kind="docx")


def test_documents_written_by_python_docx_and_openpyxl_pass():
    document, out = docx.Document(), io.BytesIO()
    document.add_paragraph("Ratify the Optional Protocol.")
    document.save(out)
    office_check(out.getvalue(), kind="docx")
    workbook, out = openpyxl.Workbook(), io.BytesIO()
    workbook.active.append(["Text", "Position"])
    workbook.save(out)
    office_check(out.getvalue(), kind="xlsx")


def test_a_workbook_sheet_beyond_the_member_limit_passes_as_it_is_read_as_a_stream(small_limits):
    workbook, out = openpyxl.Workbook(), io.BytesIO()
    workbook.save(out)
    data = with_member(out.getvalue(), "xl/worksheets/sheet2.xml", 3 * MB, fill="text")
    office_check(data, kind="xlsx")
    # The same part in a Word document is read whole: the member limit holds.
    with pytest.raises(ArchiveRefused, match="word/big.xml unpacks to more than 2 MB"):
        data = with_member(archive(WORD_PARTS), "word/big.xml", 3 * MB, fill="text")
        office_check(data, kind="docx")


def test_a_file_object_is_checked_from_its_start_and_left_there():
    upload = io.BytesIO(archive(WORD_PARTS))
    upload.seek(7)
    office_check(upload, kind="docx")
    assert upload.tell() == 0


def test_each_kind_has_its_media_type():
    assert content_type("docx").endswith("wordprocessingml.document")
    assert content_type("xlsx").endswith("spreadsheetml.sheet")
    assert content_type("ods") == "application/vnd.oasis.opendocument.spreadsheet"


# Too large, or compressed like a zip bomb


def test_a_member_over_the_member_limit_is_refused_naming_it(small_limits):
    data = with_member(archive(WORD_PARTS), "word/media/image1.png", 3 * MB, fill="random")
    with pytest.raises(ArchiveRefused) as refused:
        office_check(data, kind="docx")
    assert refused.value.member == "word/media/image1.png"
    assert refused.value.message == (
        "word/media/image1.png unpacks to more than 2 MB (RECTRACK_ARCHIVE_MAX_MEMBER_MB); "
        "refused as a possible zip bomb."
    )


def test_members_together_over_the_total_limit_are_refused(small_limits):
    data = archive(WORD_PARTS)
    for number in range(3):  # 1.5 MB each, stored: no member too large, no high ratio
        data = with_member(
            data, f"word/media/image{number}.png", 3 * MB // 2, fill="random", method=0
        )
    with pytest.raises(ArchiveRefused) as refused:
        office_check(data, kind="docx")
    assert refused.value.member == "word/media/image2.png"
    assert "unpack to more than 4 MB in all" in refused.value.message


def test_a_highly_compressed_member_is_refused_once_past_the_first_mb(small_limits):
    small_limits.RECTRACK_ARCHIVE_MAX_MEMBER_BYTES = 64 * MB
    small_limits.RECTRACK_ARCHIVE_MAX_TOTAL_BYTES = 64 * MB
    data = with_member(archive(WORD_PARTS), "word/styles.xml", 60 * MB)
    with pytest.raises(ArchiveRefused) as refused:
        office_check(data, kind="docx")
    assert refused.value.message == (
        "word/styles.xml is compressed more than 100 to 1 (RECTRACK_ARCHIVE_MAX_RATIO); "
        "refused as a possible zip bomb."
    )
    # Under a MB, a high ratio is harmless: small XML parts compress very well.
    office_check(with_member(archive(WORD_PARTS), "word/styles.xml", MB // 2), kind="docx")


def test_stored_padding_does_not_hide_a_bomb_member(small_limits):
    small_limits.RECTRACK_ARCHIVE_MAX_TOTAL_BYTES = 64 * MB
    small_limits.RECTRACK_ARCHIVE_MAX_MEMBER_BYTES = 64 * MB
    data = with_member(archive(WORD_PARTS), "padding.bin", 2 * MB, fill="random", method=0)
    data = with_member(data, "word/document2.xml", 40 * MB)
    assert 40 * MB / len(data) < 100  # the whole archive's ratio looks harmless
    with pytest.raises(ArchiveRefused, match="word/document2.xml is compressed more than 100"):
        office_check(data, kind="docx")


def test_sizes_are_counted_as_unpacked_not_as_the_headers_declare(small_limits):
    bomb = with_member(archive(WORD_PARTS), "word/media/image1.png", 3 * MB, fill="random")
    with pytest.raises(ArchiveRefused, match="image1.png unpacks to more than 2 MB"):
        office_check(lie_about_sizes(bomb, unpacked=2**32 - 1), kind="docx")
    # Declaring fewer bytes than the data holds: zipfile, as every reader, stops there and
    # finds the checksum wrong.
    with pytest.raises(ArchiveDamaged, match="Bad CRC-32"):
        office_check(lie_about_sizes(bomb, unpacked=100), kind="docx")


def test_a_compression_method_office_documents_never_use_is_refused():
    data = archive(WORD_PARTS | {"word/styles.xml": b"<styles/>"}, method=zipfile.ZIP_BZIP2)
    with pytest.raises(ArchiveRefused, match="with a method Office documents do not use"):
        office_check(data, kind="docx")


def test_an_archive_of_too_many_members_is_refused_before_they_are_listed():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, part in WORD_PARTS.items():
            target.writestr(name, part)
        for number in range(MAX_MEMBERS):
            target.writestr(str(number), b"")
    with pytest.raises(ArchiveRefused, match="more than 10000 members"):
        office_check(out.getvalue(), kind="docx")


# Not the document its name claims, or damaged


@pytest.mark.parametrize(
    ("kind", "members", "part"),
    [
        ("docx", {"data.txt": b"x"}, "word/document.xml"),
        ("docx", {"word/document.xml": b"<w:document/>"}, "[Content_Types].xml"),
        ("xlsx", WORD_PARTS, "xl/workbook.xml"),
        ("pptx", WORD_PARTS, "ppt/presentation.xml"),
        ("odt", WORD_PARTS, "mimetype"),
        ("odt", {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}, "mimetype"),
    ],
)
def test_a_zip_archive_that_is_not_the_kind_claimed_is_refused(kind, members, part):
    with pytest.raises(ArchiveNotOffice) as refused:
        office_check(archive(members), kind=kind)
    assert refused.value.part == part
    assert part in refused.value.message


def test_opendocument_files_are_known_by_their_mimetype_member():
    text = {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}
    office_check(archive(text, method=zipfile.ZIP_STORED), kind="odt")
    with pytest.raises(ArchiveNotOffice, match="mimetype member does not say"):
        office_check(archive(text), kind="ods")


def test_a_truncated_or_encrypted_archive_is_damaged():
    data = archive(WORD_PARTS)
    with pytest.raises(ArchiveDamaged):
        office_check(data[: len(data) // 2], kind="docx")
    encrypted = bytearray(data)
    for signature, flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = encrypted.find(signature)
        while at >= 0:
            encrypted[at + flags] |= 0x1
            at = encrypted.find(signature, at + 4)
    with pytest.raises(ArchiveDamaged, match="encrypted"):
        office_check(bytes(encrypted), kind="docx")


# Hostile archives of every shape: memory stays bounded, what passes unpacks within the caps

MEMBER = st.tuples(
    st.one_of(st.integers(0, 6 * MB), st.sampled_from([MB + 1, 2 * MB + 1, 6 * MB])),  # size
    st.sampled_from(["zeros", "random", "text"]),
    st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]),
    st.booleans(),  # a workbook's sheet (read as a stream), or a part read whole
)
BOTH_KINDS = WORD_PARTS | {"xl/workbook.xml": b"<workbook/>"}


def hostile(members, lie: int | None) -> bytes:
    data = archive(BOTH_KINDS)
    for number, (size, fill, method, sheet) in enumerate(members):
        if fill == "random" or method == zipfile.ZIP_STORED:
            size = min(size, 3 * MB)  # keep the examples small and fast
        name = f"xl/worksheets/sheet{number}.xml" if sheet else f"xl/media/part{number}.bin"
        data = with_member(data, name, size, fill=fill, method=method)
    return data if lie is None else lie_about_sizes(data, unpacked=lie)


def unpacked_sizes(data: bytes) -> dict[str, tuple[int, int]]:
    """What a reader gets out of each member through zipfile, and its packed size."""
    sizes = {}
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        for member in source.infolist():
            with source.open(member) as stream:
                size = 0
                while chunk := stream.read(MB):
                    size += len(chunk)
            sizes[member.filename] = (size, member.compress_size)
    return sizes


def over_the_limits(sizes: dict[str, tuple[int, int]]) -> bool:
    """Whether honest sizes break small_limits' caps, or a member its ratio."""
    whole = [size for name, (size, _) in sizes.items() if "worksheets" not in name]
    ratios = [size > MB and size > 100 * packed for size, packed in sizes.values()]
    return sum(size for size, _ in sizes.values()) > 4 * MB or max(whole) > 2 * MB or any(ratios)


@hypothesis_settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    members=st.lists(MEMBER, min_size=1, max_size=4),
    lie=st.one_of(st.none(), st.sampled_from([0, 100, MB, 2**32 - 1])),
)
def test_hostile_archives_are_checked_in_bounded_memory(small_limits, members, lie):
    data = hostile(members, lie)
    tracemalloc.start()
    try:
        office_check(data, kind="xlsx")
        refusal = None
    except (ArchiveRefused, ArchiveDamaged) as error:
        refusal = error
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert peak < MB  # a few chunks, however much the archive unpacks to (up to 24 MB here)
    if refusal is None:  # then no reader gets more out of it than the limits allow
        assert not over_the_limits(unpacked_sizes(data))
    elif lie is None:  # an honest archive is refused only for what it really holds
        assert isinstance(refusal, ArchiveRefused)
        assert over_the_limits(unpacked_sizes(data))
