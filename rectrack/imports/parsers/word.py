"""Opening a Word .docx file safely: refuse what is not one, or would unpack too large."""

import io

import docx
from docx.document import Document as WordDocument

from rectrack.core.archives import ArchiveDamaged, ArchiveError, ArchiveNotOffice, office_check
from rectrack.imports.parsers.base import FileError

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK"


def open_docx(data: bytes, filename: str) -> WordDocument:
    """The Word document, after refusing what is not a .docx or would unpack too large (every
    member is unpacked once as a stream and counted: rectrack.core.archives)."""
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
        office_check(data, kind="docx")
    except ArchiveDamaged as error:
        raise FileError(f"{filename}: is damaged or truncated ({error.detail}).") from None
    except ArchiveNotOffice as error:
        raise FileError(f"{filename}: is not a Word .docx file (it has no {error.part}).") from None
    except ArchiveError as error:
        raise FileError(f"{filename}: {error.message}") from None
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as error:
        raise FileError(
            f"{filename}: is damaged or not a Word .docx file; it cannot be read ({error})."
        ) from error
