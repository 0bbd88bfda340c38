"""Checking Office documents (.docx, .xlsx, .pptx, .odt, .ods) before anything reads them.

An Office document is a zip archive, and a zip archive can unpack to a thousand times its
size. Every member is therefore unpacked once, as a stream in small chunks, counting the
bytes that come out of the decompressor (the sizes the zip headers declare may lie), and
the archive is refused as soon as one member or all of them together unpack to more than
the settings allow, or a member is compressed far more than any real document's. Memory
stays at a few chunks whatever the archive holds. The archive must also be a document of
the kind its name claims, not any zip archive renamed.

Imports (parsers/word.py, parsers/tabular.py) and evidence files (followup) share it.
"""

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings
from django.utils.translation import gettext

from rectrack.core.errors import ApplicationError

CHUNK = 64 * 1024
# Below this much unpacked even a high compression ratio is harmless (and small XML parts
# compress well), so the ratio is judged only beyond it.
RATIO_FLOOR = 1024 * 1024
# Real Office documents hold tens of members, a few hundred with many images; a central
# directory beyond these is a way to spend memory before any member is unpacked.
MAX_MEMBERS = 10_000
MAX_DIRECTORY_BYTES = 4 * 1024 * 1024
# The zip readers Rectrack uses unpack only these two methods in bounded steps.
METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
READ_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    KeyError,
    IndexError,
    OverflowError,
    struct.error,
    RuntimeError,  # an encrypted member
    NotImplementedError,
)


@dataclass(frozen=True)
class OfficeKind:
    label: str  # the product's name, the same in every language
    main_part: str  # the part every document of the kind has
    content_type: str
    opendocument: bool = False  # ODF: a mimetype member names the kind
    streamed: re.Pattern | None = None  # parts read as a stream, bounded by the total only


KINDS = {
    "docx": OfficeKind(
        "Word",
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    # openpyxl's read-only mode streams the sheets and the shared strings (the table's own
    # content); only the total bounds them, so a large real export still passes.
    "xlsx": OfficeKind(
        "Excel",
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        streamed=re.compile(r"xl/(worksheets/[^/]+|sharedStrings)\.xml"),
    ),
    "pptx": OfficeKind(
        "PowerPoint",
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    "odt": OfficeKind(
        "OpenDocument (.odt)", "mimetype", "application/vnd.oasis.opendocument.text", True
    ),
    "ods": OfficeKind(
        "OpenDocument (.ods)",
        "mimetype",
        "application/vnd.oasis.opendocument.spreadsheet",
        True,
    ),
}
CONTENT_TYPES = "[Content_Types].xml"


class ArchiveError(ApplicationError):
    """The archive is refused; the message (safe to show) says why without naming the file,
    which the caller adds."""


class ArchiveDamaged(ArchiveError):
    """Not a readable zip archive: truncated, damaged, encrypted. `detail` is the reader's own
    account."""

    def __init__(self, detail: str):
        super().__init__(gettext("it is damaged or truncated (%(detail)s).") % {"detail": detail})
        self.detail = detail


class ArchiveNotOffice(ArchiveError):
    """A zip archive, but not a document of the kind claimed: `part` is what it lacks."""

    def __init__(self, message: str, *, part: str):
        super().__init__(message)
        self.part = part


class ArchiveRefused(ArchiveError):
    """It would unpack too large, or is compressed like a zip bomb; `member` names the member
    at fault, if one is."""

    def __init__(self, message: str, *, member: str = ""):
        super().__init__(message)
        self.member = member


@dataclass(frozen=True)
class Limits:
    member: int  # bytes, for each member read whole
    total: int  # bytes, for all members together
    ratio: int  # unpacked to packed, for each member beyond RATIO_FLOOR

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            member=settings.RECTRACK_ARCHIVE_MAX_MEMBER_BYTES,
            total=settings.RECTRACK_ARCHIVE_MAX_TOTAL_BYTES,
            ratio=settings.RECTRACK_ARCHIVE_MAX_RATIO,
        )


def office_check(source: bytes | BinaryIO, *, kind: str) -> None:
    """Refuse (ArchiveError) an archive that is not a document of this kind ("docx", "xlsx",
    "pptx", "odt", "ods") or that would unpack beyond the limits (RECTRACK_ARCHIVE_*). A
    file object is read from its start and left at its start."""
    spec = KINDS[kind]
    limits = Limits.from_settings()
    file = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    counted = _Counted(file)
    try:
        counted.seek(0)
        _directory_check(counted)
        with zipfile.ZipFile(counted) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise _too_many_members()
            _kind_check(archive, spec)
            total = 0
            for member in members:
                streamed = bool(spec.streamed and spec.streamed.fullmatch(member.filename))
                total = _unpack(archive, member, counted, total, limits, streamed=streamed)
    except ArchiveError:
        raise
    except READ_ERRORS as error:
        raise ArchiveDamaged(str(error) or type(error).__name__) from None
    finally:
        file.seek(0)


def content_type(kind: str) -> str:
    """The media type a document of this kind is served as."""
    return KINDS[kind].content_type


def _kind_check(archive: zipfile.ZipFile, spec: OfficeKind) -> None:
    names = set(archive.namelist())
    if spec.main_part not in names:
        raise _not_office(spec, spec.main_part)
    if spec.opendocument:
        with archive.open("mimetype") as stream:
            declared = stream.read(200).strip()
        if declared != spec.content_type.encode():
            message = gettext(
                "it is not a real %(kind)s file: its mimetype member does not say %(mimetype)s."
            )
            raise ArchiveNotOffice(
                message % {"kind": spec.label, "mimetype": spec.content_type}, part="mimetype"
            )
    elif CONTENT_TYPES not in names:
        raise _not_office(spec, CONTENT_TYPES)


def _not_office(spec: OfficeKind, part: str) -> ArchiveNotOffice:
    message = gettext("it is not a real %(kind)s file: it has no %(part)s.")
    return ArchiveNotOffice(message % {"kind": spec.label, "part": part}, part=part)


def _unpack(
    archive: zipfile.ZipFile,
    member: zipfile.ZipInfo,
    counted: "_Counted",
    total: int,
    limits: Limits,
    *,
    streamed: bool,
) -> int:
    """Unpack one member chunk by chunk, counting what comes out; the running total after it."""
    name = member.filename
    if member.compress_type not in METHODS:
        raise ArchiveRefused(
            gettext("%(member)s is compressed with a method Office documents do not use.")
            % {"member": name},
            member=name,
        )
    unpacked = 0
    with archive.open(member) as stream:
        packed_from = counted.count
        while chunk := stream.read(CHUNK):
            unpacked += len(chunk)
            total += len(chunk)
            if not streamed and unpacked > limits.member:
                raise _member_too_large(name, limits.member)
            if total > limits.total:
                raise _total_too_large(name, limits.total)
            packed = max(counted.count - packed_from, 1)
            if unpacked > RATIO_FLOOR and unpacked > limits.ratio * packed:
                raise _ratio_too_high(name, limits.ratio)
    return total


def _directory_check(file: "_Counted") -> None:
    """Refuse a central directory too large for a real document before zipfile reads it (it
    keeps an object per entry). Damage is left for zipfile to report."""
    file.seek(0, io.SEEK_END)
    size = file.tell()
    start = max(0, size - 22 - 65535)  # the end record follows a comment of up to 64 KB
    file.seek(start)
    tail = file.read(size - start)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return
    *_, entries, directory_size, _offset, _comment = struct.unpack("<4s4H2LH", tail[at : at + 22])
    if entries == 0xFFFF or directory_size == 0xFFFFFFFF:  # ZIP64: the real figures lie elsewhere
        locator = tail[max(0, at - 20) : at]
        if len(locator) == 20 and locator.startswith(b"PK\x06\x07"):
            _signature, _disk, offset, _disks = struct.unpack("<4sLQL", locator)
            file.seek(min(offset, size))
            record = file.read(56)
            if len(record) == 56 and record.startswith(b"PK\x06\x06"):
                entries, directory_size = struct.unpack("<4sQ2H2L4Q", record)[7:9]
    if entries > MAX_MEMBERS or directory_size > MAX_DIRECTORY_BYTES:
        raise _too_many_members()


def _mb(size: int) -> str:
    return f"{size / 1048576:g}"


def _member_too_large(member: str, limit: int) -> ArchiveRefused:
    message = gettext(
        "%(member)s unpacks to more than %(limit)s MB (RECTRACK_ARCHIVE_MAX_MEMBER_MB); "
        "refused as a possible zip bomb."
    )
    return ArchiveRefused(message % {"member": member, "limit": _mb(limit)}, member=member)


def _total_too_large(member: str, limit: int) -> ArchiveRefused:
    message = gettext(
        "its members unpack to more than %(limit)s MB in all, reaching it at %(member)s "
        "(RECTRACK_ARCHIVE_MAX_TOTAL_MB); refused as a possible zip bomb."
    )
    return ArchiveRefused(message % {"member": member, "limit": _mb(limit)}, member=member)


def _ratio_too_high(member: str, ratio: int) -> ArchiveRefused:
    message = gettext(
        "%(member)s is compressed more than %(ratio)s to 1 (RECTRACK_ARCHIVE_MAX_RATIO); "
        "refused as a possible zip bomb."
    )
    return ArchiveRefused(message % {"member": member, "ratio": ratio}, member=member)


def _too_many_members() -> ArchiveRefused:
    message = gettext("it holds more than %(count)s members; refused as a possible zip bomb.")
    return ArchiveRefused(message % {"count": MAX_MEMBERS})


class _Counted:
    """A seekable binary file that counts the bytes read from it: how much packed data a
    member's decompressor has consumed."""

    def __init__(self, file: BinaryIO):
        self.file = file
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        data = self.file.read(size)
        self.count += len(data)
        return data

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self.file.seek(offset, whence)

    def tell(self) -> int:
        return self.file.tell()

    def seekable(self) -> bool:
        return True
