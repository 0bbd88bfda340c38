"""Opening a Word .docx file safely: refuse what is not one, or would unpack too large."""

import io
import zipfile

import docx
from docx.document import Document as WordDocument

from rectrack.imports.parsers.base import FileError

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK"
MAIN_PART = "word/document.xml"
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024  # below 1 MB unpacked even a high ratio is harmless


def open_docx(data: bytes, filename: str) -> WordDocument:
    """The Word document, after refusing what is not a .docx or would unpack too large."""
    if not data:
        raise FileError(f"{filename}: the file is empty.")
    if data.startswith(OLE2_MAGIC):
        raise FileError(
            f"{filename}: is encrypted (password-protected) or an old Word .doc file; "
            "save it as an unprotected Word .docx file and try again."
        )
    if not data.startswith(ZIP_MAGIC):
        raise FileError(f"{filename}: is not a Word .docx file.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except Exception as error:
        raise FileError(f"{filename}: is damaged or truncated ({error}).") from error
    main = next((member for member in members if member.filename == MAIN_PART), None)
    if main is None:
        raise FileError(f"{filename}: is not a Word .docx file (it has no {MAIN_PART}).")
    if sum(member.file_size for member in members) > MAX_UNCOMPRESSED:
        raise FileError(
            f"{filename}: unpacks to more than {MAX_UNCOMPRESSED // 2**20} MB; "
            "refused as a possible zip bomb."
        )
    ratio = main.file_size / max(main.compress_size, 1)
    if main.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
        raise FileError(
            f"{filename}: {MAIN_PART} is compressed {ratio:.0f} to 1 (more than {MAX_RATIO}); "
            "refused as a possible zip bomb."
        )
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as error:
        raise FileError(
            f"{filename}: is damaged or not a Word .docx file; it cannot be read ({error})."
        ) from error
