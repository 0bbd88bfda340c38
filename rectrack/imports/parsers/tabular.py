"""Reading tables: .xlsx workbooks and CSV text in whatever encoding and dialect they come.

The UHRI, UPR Info and mapped-table parsers share this module. It turns a file's bytes into a
header row and numbered data rows, or raises FileError naming the file and what is wrong, and
RowReader turns one row's cells into normalised values, collecting a RowIssue for each bad one,
a cell too long to be a real one (cell_limit_issue) among them.
"""

import codecs
import contextlib
import csv
import datetime
import hashlib
import io
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import PurePath
from typing import BinaryIO

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext

from rectrack.core.archives import (
    ArchiveDamaged,
    ArchiveError,
    ArchiveNotOffice,
    Limits,
    office_check,
)
from rectrack.imports import normalise
from rectrack.imports.parsers.base import (
    FileError,
    ParsedTheme,
    RowIssue,
    Source,
    open_source,
    source_size,
)

XLSX_EXTENSIONS = {".xlsx", ".xlsm"}
TEXT_EXTENSIONS = {".csv", ".tsv", ".txt"}
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# The csv module refuses a field over 128 KB as a whole-file error naming only the line: every
# field is read whole instead, and cell_limit_issue names the row and column of one too long.
CSV_FIELD_LIMIT = 2**31 - 1
# Legacy encodings tried, in this order, when a file is not UTF-8; ties go to the first.
LEGACY_ENCODINGS = ("cp1252", "mac_roman", "latin-1")
DELIMITERS = ",;\t|"
BYTE_ORDER_MARKS = [(codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16")]
BYTE_ORDER_MARKS += [(codecs.BOM_UTF16_BE, "utf-16")]
# A text file's encoding and delimiter are judged from its first bytes: all of a smaller file.
SNIFF_BYTES = 8 * 1024 * 1024


@dataclass
class TableRow:
    number: int  # 1-based, as a spreadsheet program shows it; the header row is row 1
    cells: list[object]

    def is_blank(self) -> bool:
        return all(cell is None or not str(cell).strip() for cell in self.cells)


@dataclass
class Table:
    headers: list[str]
    rows: list[TableRow] = field(default_factory=list)
    encoding: str = ""  # the text encoding of a CSV file; "" for a workbook


@dataclass
class TableStream:
    """A table read as a stream: its header row at once, its other rows as they are read
    (blank rows left out). close() releases the file."""

    headers: list[str]
    rows: Iterator[TableRow]
    encoding: str = ""
    position: Callable[[], float | None] = lambda: None
    close: Callable[[], None] = lambda: None


def read_table(
    data: Source, filename: str, *, encoding: str | None = None, header_only: bool = False
) -> Table:
    """The header row (the first non-blank row) and every row after it; with `header_only`,
    the header row alone (the rest of the file is not read)."""
    stream = iter_table(data, filename, encoding=encoding)
    try:
        rows = [] if header_only else list(stream.rows)
    finally:
        stream.close()
    return Table(headers=stream.headers, rows=rows, encoding=stream.encoding)


def iter_table(source: Source, filename: str, *, encoding: str | None = None) -> TableStream:
    """The table of a workbook or CSV file, read row by row: a file of any size is never held
    whole (a workbook in openpyxl's read-only mode, CSV text decoded as it is read)."""
    stack = contextlib.ExitStack()
    try:
        file = stack.enter_context(open_source(source))
        size = source_size(file)
        if _kind(file.read(4096), filename, empty=size == 0) == "xlsx":
            file.seek(0)
            records, used = _read_xlsx(file, filename), ""

            def position() -> float | None:
                return None
        else:
            file.seek(0)
            used, records = _read_csv(file, filename, encoding=encoding)

            def position() -> float | None:
                try:
                    return min(1.0, file.tell() / size) if size else None
                except (OSError, ValueError):
                    return None

        stack.callback(records.close)
        rows = (row for row in records if not row.is_blank())
        header = next(rows, None)
        if header is None:
            raise FileError(f"{filename}: the file is empty: it holds no table.")
        headers = [normalise.one_line(cell) for cell in header.cells]
        while headers and not headers[-1]:
            headers.pop()
        if not headers:
            raise FileError(f"{filename}: the file has no header row.")
    except BaseException:
        stack.close()
        raise
    return TableStream(headers, rows, used, position=position, close=stack.close)


_last_headers: tuple = ()  # (file key, headers) of the last file asked about


def table_headers(data: bytes, filename: str, *, encoding: str | None = None) -> list[str]:
    """The column headers, remembered for the last file: every tabular parser's detect() and
    the mapping step ask for them."""
    global _last_headers
    key = (hashlib.sha256(data).digest(), filename, encoding)
    last = _last_headers
    if last and last[0] == key:
        return list(last[1])
    headers = read_table(data, filename, encoding=encoding, header_only=True).headers
    _last_headers = (key, headers)
    return list(headers)


def _kind(data: bytes, filename: str, *, empty: bool | None = None) -> str:
    """'xlsx' or 'text', checking that the bytes (the file's first ones) are what the file's
    extension says."""
    if empty or not data.strip():
        raise FileError(f"{filename}: the file is empty.")
    if data.startswith(OLE2_MAGIC):
        raise FileError(
            f"{filename}: the workbook is encrypted (password-protected) or an old .xls file; "
            "remove the password or save it as .xlsx, then upload it again."
        )
    suffix = PurePath(filename).suffix.lower()
    is_zip = data.startswith(ZIP_MAGIC)
    if suffix in XLSX_EXTENSIONS and not is_zip:
        raise FileError(
            f"{filename}: not an Excel .xlsx workbook although its name says so"
            + (" (it holds text: is it a CSV file?)." if b"\x00" not in data[:4096] else ".")
        )
    if suffix in TEXT_EXTENSIONS and is_zip:
        raise FileError(
            f"{filename}: not CSV text although its name says so: it is a zip archive, "
            "perhaps an Excel workbook to be named .xlsx."
        )
    return "xlsx" if is_zip else "text"


def decode_text(data: bytes, filename: str, *, encoding: str | None = None) -> tuple[str, str]:
    """The file's text and the encoding read: the user's choice, else UTF-8 (with or without
    byte order mark) when the bytes are valid UTF-8, else the likeliest legacy encoding."""
    if encoding:
        return _decode_as(data, filename, encoding), encoding
    for bom, name in BYTE_ORDER_MARKS:
        if data.startswith(bom):
            return _decode_as(data, filename, name), name
    if b"\x00" in data:
        raise FileError(f"{filename}: holds binary data (NUL bytes), not CSV text.")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    decoded = []
    for order, name in enumerate(LEGACY_ENCODINGS):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        decoded.append((implausibility(text), order, name, text))
    _score, _order, name, text = min(decoded)
    return text, name


def implausibility(text: str) -> int:
    """How unlike real text a decoding looks. Mis-decoded legacy bytes give control characters,
    capitals inside lowercase words ('HabrŽ', 'CafÈ') and symbols stuck to letters ('Gr‡ce');
    accented lowercase letters within words ('Habré') count in a decoding's favour."""
    score = 0
    for match in islice(_SUSPECT.finditer(text), 200_000):
        index, char = match.start(), match.group()
        category = unicodedata.category(char)
        before = text[index - 1] if index else " "
        after = text[index + 1 : index + 2] or " "
        if category in ("Cc", "Co", "Cn"):
            score += 10
        elif category == "Ll":
            score -= before.isalpha() or after.isalpha()
        elif category == "Lu":
            score += 5 if before.islower() else 0
        elif char not in "\u2018\u2019\u2010\u2011":  # quotes and hyphens may join letters
            score += 2 * before.isalpha() + 2 * after.isalpha()
    return score


_SUSPECT = re.compile(r"[^\x00-\x7f]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _decode_as(data: bytes, filename: str, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except LookupError:
        raise FileError(f"{filename}: unknown text encoding {encoding!r}.") from None
    except UnicodeDecodeError as error:
        line = data[: error.start].replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1
        raise FileError(
            f"{filename}: cannot be read as {encoding}: byte 0x{data[error.start]:02x} at offset "
            f"{error.start} (line {line}) is not valid in that encoding."
        ) from None
    return text.removeprefix("\ufeff")


def text_encoding(head: bytes, filename: str, *, encoding: str | None, whole: bool) -> str:
    """The encoding to read a text file in, judged from its first bytes (`head`, the whole
    file when `whole`): the user's choice, else a byte order mark's, else UTF-8 when the bytes
    are valid UTF-8, else the likeliest legacy encoding. A whole file is checked at once, so
    a bad byte is named by its offset and line; a larger one is checked as it is read."""
    if encoding:
        if whole:
            _decode_as(head, filename, encoding)
        else:
            try:
                codecs.lookup(encoding)
            except LookupError:
                raise FileError(f"{filename}: unknown text encoding {encoding!r}.") from None
        return encoding
    for bom, name in BYTE_ORDER_MARKS:
        if head.startswith(bom):
            if whole:
                _decode_as(head, filename, name)
            return name
    if b"\x00" in head:
        raise FileError(f"{filename}: holds binary data (NUL bytes), not CSV text.")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=whole)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    return decode_text(head, filename)[1]


def _read_csv(
    file: BinaryIO, filename: str, *, encoding: str | None = None
) -> tuple[str, Iterator[TableRow]]:
    """The encoding used and the CSV records, read as a stream (the encoding and delimiter
    from the first SNIFF_BYTES)."""
    head = file.read(SNIFF_BYTES)
    whole = not file.read(1)
    used = text_encoding(head, filename, encoding=encoding, whole=whole)
    delimiter = _delimiter(head[: 2 * 65536].decode(used, errors="ignore").removeprefix("\ufeff"))
    file.seek(0)
    return used, _csv_records(file, filename, used, delimiter)


def _csv_records(file: BinaryIO, filename: str, used: str, delimiter: str) -> Iterator[TableRow]:
    csv.field_size_limit(CSV_FIELD_LIMIT)
    text = io.TextIOWrapper(file, encoding=used, newline="")
    reader = csv.reader(text, delimiter=delimiter)
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):  # noqa: B007 (named in errors)
            if number == 1 and cells and cells[0].startswith("\ufeff"):
                cells[0] = cells[0].removeprefix("\ufeff")
            yield TableRow(number=number, cells=cells)
    except csv.Error as error:
        raise FileError(
            f"{filename}: not a readable CSV table (line {reader.line_num}: {error})."
        ) from None
    except UnicodeDecodeError as error:
        raise FileError(
            f"{filename}: cannot be read as {used}: byte 0x{error.object[error.start]:02x} "
            f"near line {reader.line_num + 1} is not valid in that encoding (give the file's "
            "encoding with --encoding)."
        ) from None
    finally:
        text.detach()


def _delimiter(text: str) -> str:
    """The sniffed delimiter when it splits the header row, else the one that splits it into
    the most columns; a comma for a one-column file."""
    sample = text[:65536].lstrip("\r\n")
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = ""

    def width(delimiter: str) -> int:
        try:
            reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
            return len(next(reader, []))
        except csv.Error:
            return 0

    if sniffed and width(sniffed) > 1:
        return sniffed
    widths = {delimiter: width(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda delimiter: widths[delimiter])
    return best if widths[best] > 1 else ","


def _read_xlsx(file: BinaryIO, filename: str) -> Iterator[TableRow]:
    """The rows of the first sheet holding a table (the active one first), read in
    openpyxl's read-only mode: a row at a time, whatever the workbook's size."""
    _check_zip(file, filename)
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it does not read
            workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # openpyxl fails in many ways on a damaged workbook
        raise FileError(
            f"{filename}: the workbook is damaged or not an Excel .xlsx file ({error})."
        ) from None
    try:
        active = workbook.active
        for sheet in sorted(workbook.worksheets, key=lambda sheet: sheet is not active):
            sheet.reset_dimensions()  # trust the cells, not the size the file declares
            found = False  # a stray cell far down gives a million blank rows: skip those
            try:
                for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), 1):
                    if any(value is not None and str(value).strip() for value in values):
                        found = True
                        yield TableRow(number=number, cells=list(values))
            except Exception as error:  # the same, for damage found while reading the cells
                raise FileError(f"{filename}: the workbook is damaged ({error}).") from None
            if found:
                return
    finally:
        workbook.close()
    raise FileError(f"{filename}: the workbook is empty: none of its sheets holds a table.")


_last_checked: tuple = ()  # (file key, limits) of the last workbook that passed the check


def _check_zip(file: BinaryIO, filename: str) -> None:
    """Refuse a truncated archive, one that is no workbook, and a zip bomb before openpyxl
    opens it; every member is unpacked once as a stream and counted (core.archives). The
    last workbook that passed is remembered: detect() and parse() both read it."""
    global _last_checked
    key = (_file_key(file), Limits.from_settings())
    if _last_checked == key:
        return
    try:
        office_check(file, kind="xlsx")
    except ArchiveDamaged:
        raise FileError(f"{filename}: the workbook is truncated or damaged.") from None
    except ArchiveNotOffice as error:
        raise FileError(
            f"{filename}: a zip archive but not an Excel workbook (it has no {error.part})."
        ) from None
    except ArchiveError as error:
        raise FileError(f"{filename}: {error.message}") from None
    _last_checked = key


def _file_key(file: BinaryIO) -> bytes:
    """A digest of the file's content, read in chunks, the file left at its start."""
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(1 << 20), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.digest()


def match_headers(
    headers: list[str], expected: dict[str, tuple[str, ...]], filename: str
) -> dict[str, int]:
    """Which column holds each expected field, headers compared case- and spacing-insensitively
    (each field lists its accepted spellings). FileError when none of them is there."""
    columns: dict[str, int] = {}
    for index, header in enumerate(headers):
        columns.setdefault(normalise.header_key(header), index)
    found = {}
    for name, spellings in expected.items():
        for spelling in spellings:
            index = columns.get(normalise.header_key(spelling))
            if index is not None:
                found[name] = index
                break
    if not found:
        raise FileError(
            f"{filename}: none of the expected columns were found. Found: "
            f"{header_list(headers)}. Expected: "
            f"{', '.join(spellings[0] for spellings in expected.values())}."
        )
    return found


def header_list(headers: list[str]) -> str:
    named = [header for header in headers if header]
    return (", ".join(named[:40]) + (", …" if len(named) > 40 else "")) or "no headers"


def cell_text(value: object) -> str:
    """A cell's text: numbers without a spurious '.0', dates as ISO, spaces tidied."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return normalise.clean(value)


def cell_values(value: object, separators: str = "\n") -> list[str]:
    """A multi-valued cell (one value per line, or per separator), or a JSON list."""
    if isinstance(value, list | tuple):
        return [item for item in (normalise.one_line(cell_text(v)) for v in value) if item]
    # An HTML entity's ";" ("C&ocirc;te", "&#40;Unknown&#41;") separates nothing: kept
    # aside while splitting; the import decodes entities afterwards (imports.markup).
    text = _ENTITY_END.sub("\\1\x00", cell_text(value))
    for separator in separators:
        text = text.replace(separator, "\n")
    return [item.replace("\x00", ";") for item in normalise.listed(text)]


_ENTITY_END = re.compile(r"(&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31}));")


_INTEGER = re.compile(r"\d{1,6}")
_DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%d-%b-%Y", "%d-%b-%y", "%Y/%m/%d")


def cell_int(value: object) -> int | None:
    """34, 34.0, '34', '34th session', '- 34' -> 34; None for an empty cell; ValueError else."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, float) and not value.is_integer():
            raise ValueError(value)
        return int(value)
    text = cell_text(value)
    if not text:
        return None
    match = _INTEGER.search(text)
    if not match:
        raise ValueError(text)
    return int(match.group())


def cell_date(value: object) -> datetime.date | None:
    """A date from an Excel serial number, a datetime, ISO text or '12 March 2019'; None for an
    empty cell; ValueError when the value is no date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    found = normalise.excel_date(value)
    if found:
        return found
    text = normalise.one_line(value)
    for pattern in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007 (a date)
        except ValueError:
            continue
    raise ValueError(text)


def cell_limit_issue(location: str, column: str, text: str) -> RowIssue | None:
    """A RowIssue naming the row (or paragraph) and column of a cell holding more characters
    than RECTRACK_IMPORT_MAX_CELL_CHARS, which no real recommendation does; None for any
    other. Every format's cells are held to it (RowReader; the thematic list's parser)."""
    limit = settings.RECTRACK_IMPORT_MAX_CELL_CHARS
    if len(text) <= limit:
        return None
    message = gettext(
        "The cell holds %(count)s characters, over the limit of %(limit)s "
        "(RECTRACK_IMPORT_MAX_CELL_CHARS)."
    ) % {
        "count": number_format(len(text), force_grouping=True),
        "limit": number_format(limit, force_grouping=True),
    }
    return RowIssue(location, column, message)


class RowReader:
    """One row's values by field name, read into Rectrack's values; each unreadable value
    becomes a RowIssue naming the column as the file names it. A cell over the length limit
    is an issue at once, and only its first characters are read further."""

    def __init__(self, location: str, values: dict[str, object], columns: dict[str, str]):
        self.location = location
        self.columns = columns
        self.issues: list[RowIssue] = []
        limit = settings.RECTRACK_IMPORT_MAX_CELL_CHARS
        self.values = {name: self._limited(name, value, limit) for name, value in values.items()}

    def _limited(self, name: str, value: object, limit: int) -> object:
        if isinstance(value, list | tuple):
            text = "\n".join(str(item) for item in value)
        elif isinstance(value, str):
            text = value
        else:
            return value  # a number or a date: short by nature
        if len(text) <= limit:
            return value
        issue = cell_limit_issue(self.location, self.columns.get(name, name), text)
        if issue is None:
            return value
        self.issues.append(issue)
        return text[: settings.RECTRACK_IMPORT_MAX_CELL_CHARS]

    def issue(self, name: str, message: str) -> None:
        self.issues.append(RowIssue(self.location, self.columns.get(name, name), message))

    def text(self, name: str) -> str:
        value = self.values.get(name)
        if isinstance(value, list | tuple):
            return "\n".join(cell_values(value))
        return cell_text(value)

    def many(self, name: str, separators: str = "\n") -> list[str]:
        return cell_values(self.values.get(name), separators)

    def first(self, name: str) -> str:
        values = self.many(name)
        return values[0] if values else ""

    def number(self, name: str) -> int | None:
        return self._read(name, cell_int, "Not a number")

    def date(self, name: str) -> datetime.date | None:
        return self._read(name, cell_date, "Not a date")

    def _read(self, name, read, problem):
        value = self.values.get(name)
        try:  # a JSON list holds one value; a spreadsheet cell may carry the '- ' prefix
            return read(self.first(name) if isinstance(value, list | tuple | str) else value)
        except (ValueError, OverflowError):
            self.issue(name, f"{problem}: {self.text(name)!r}.")
            return None

    def position(self, name: str) -> str:
        value = self.text(name)
        found = normalise.position(value)
        if found is None:
            accepted = f"{normalise.ACCEPTED_POSITIONS} ({normalise.OTHER_LANGUAGES})"
            self.issue(name, f"Unknown position {value!r}; accepted values: {accepted}.")
        return found or ""

    def type(self, name: str) -> str:
        value = self.text(name)
        found = normalise.recommendation_type(value)
        if found is None:
            accepted = f"{normalise.ACCEPTED_TYPES} ({normalise.OTHER_LANGUAGES})"
            self.issue(name, f"Unknown type {value!r}; accepted values: {accepted}.")
        return found or ""

    def sdgs(self, name: str, separators: str = "\n") -> list[str]:
        codes = []
        for value in self.many(name, separators):
            code = normalise.sdg_code(value)
            if code is None:
                self.issue(name, f"Not an SDG goal or target: {value!r}.")
            elif code not in codes:
                codes.append(code)
        return codes

    def themes(self, name: str, separators: str = "\n") -> list[ParsedTheme]:
        return [normalise.theme(value) for value in self.many(name, separators)]
