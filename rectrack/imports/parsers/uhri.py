"""The Universal Human Rights Index (UHRI) export: .xlsx, .csv and the JSON data download.

OHCHR's spreadsheet headers are read as OHCHR spells them ("Reccomending Body") and as they
should be spelt, and in the five other UN languages. Multi-valued cells hold one value per
line, each prefixed "- ".
"""

import codecs
import contextlib
import io
import re
from collections.abc import Iterator
from pathlib import PurePath
from typing import BinaryIO

import ijson
from django.utils.translation import gettext_lazy as _

from rectrack.imports import normalise, vocabulary
from rectrack.imports.parsers.base import (
    FileError,
    ParsedRecommendation,
    ParseResult,
    RowIssue,
    RowStream,
    Source,
    collect,
    open_source,
    source_size,
)
from rectrack.imports.parsers.tabular import (
    BYTE_ORDER_MARKS,
    RowReader,
    cell_date,
    header_list,
    iter_table,
    match_headers,
    table_headers,
)

# field -> the spreadsheet headers that hold it, OHCHR's own English spelling first, then the
# same in French, Spanish, Russian, Arabic and Chinese
COLUMNS: dict[str, tuple[str, ...]] = {
    name: vocabulary.spellings(languages) for name, languages in vocabulary.UHRI_COLUMNS.items()
}
# field -> the key of a record in the JSON download
JSON_KEYS = {
    "text": "Text",
    "countries": "Countries",
    "body": "Body",
    "symbol": "Symbol",
    "themes": "Themes",
    "affected": "AffectedPersons",
    "sdgs": "Sdgs",
    "date": "PublicationDate",
    "states": "UprRecommendingCountry",
    "position": "UprPositions",
    "type": "AnnotationType",
    "annotation": "AnnotationId",
    "session": "UprSession",
    "cycle": "UprCycle",
    "regions": "Regions",
    "recommending_regions": "UprRecommendingRegions",
    "published": "PublicationDateOnUhri",
    "document_id": "DocumentId",
}
# Headers no other source uses: two of them (with Text) make a table a UHRI export.
DISTINCTIVE = {"countries", "body", "symbol", "affected", "sdgs", "annotation", "position"}

# "Rural women 49.The Committee ...", "49. The Committee ...", "118.23 Ratify ...":
# an optional heading run into a paragraph number (a dotted number, or one to three digits
# followed by a full stop), perhaps a sub-paragraph letter, then the text.
_LEAD = re.compile(
    r"^(?:(?P<heading>[^\s\d.;:][^\n.;:]{0,150}?)\s+)?"
    r"(?P<ref>[1-9]\d{0,3}(?:\.\d{1,4})+|[1-9]\d{0,2}(?=\.))\.?"
    r"(?P<sub>\s?\([a-z]{1,4}\))?\s*"
)
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}


def split_heading(text: str) -> tuple[str, str, str]:
    """(heading, paragraph reference, text) of a UHRI text; the text itself when it starts
    with neither."""
    match = _LEAD.match(text)
    if not match:
        return "", "", text
    rest = text[match.end() :]
    if not rest or not (rest[0].isupper() or rest[0] in "\"'“‘«("):
        return "", "", text
    heading = (match.group("heading") or "").strip()
    if heading and not heading[0].isupper():
        return "", "", text
    reference = match.group("ref") + (match.group("sub") or "").strip()
    return heading, reference, rest.strip()


class UhriParser:
    name = "uhri"
    label = _("Universal Human Rights Index export (.xlsx, .csv, .json)")

    def detect(self, data: bytes, filename: str) -> float:
        """`data` may be the first bytes of a larger file: a JSON download is judged by the
        records that begin in them."""
        try:
            if _looks_like_json(data, filename):
                records = _json_head(data, 20)
                keys = set().union(*(record for record in records if isinstance(record, dict)))
                if "AnnotationId" in keys or {"Text", "Symbol", "Body"} <= keys:
                    return 0.95
                return 0.0
            found = set(match_headers(table_headers(data, filename), COLUMNS, filename))
        except Exception:  # detect() must never raise: an unreadable file is just not ours
            return 0.0
        distinctive = len(found & DISTINCTIVE)
        if "text" in found and distinctive >= 2:
            return 0.9
        return 0.5 if distinctive >= 3 else 0.0

    def parse(
        self,
        data: bytes,
        filename: str,
        *,
        encoding: str | None = None,
        mapping: dict[str, str] | None = None,
    ) -> ParseResult:
        return collect(self.iter_rows(data, filename, encoding=encoding))

    def iter_rows(
        self,
        source: Source,
        filename: str,
        *,
        encoding: str | None = None,
        mapping: dict[str, str] | None = None,
    ) -> RowStream:
        """The rows as they are read: a JSON download record by record (ijson), a CSV file
        line by line, a workbook row by row; a file of any size is never held whole."""
        with open_source(source) as file:
            head = file.read(8)
        if _looks_like_json(head, filename):
            stack = contextlib.ExitStack()
            file = stack.enter_context(open_source(source))
            records = _json_records(file, filename, encoding=encoding)
            stack.callback(records.close)
            readers = (_json_reader(n, record) for n, record in enumerate(records, start=1))
            return RowStream(
                format=self.name,
                items=_items(readers),
                encoding=encoding or "utf-8",
                position=_position(file),
                close=stack.close,
            )
        table = iter_table(source, filename, encoding=encoding)
        try:
            found = match_headers(table.headers, COLUMNS, filename)
            if "text" not in found:
                raise FileError(
                    f"{filename}: no Text column, which a UHRI export has. Found: "
                    f"{header_list(table.headers)}."
                )
        except FileError:
            table.close()
            raise
        columns = {name: table.headers[index] for name, index in found.items()}

        def readers():
            for row in table.rows:
                values = {
                    name: row.cells[index] if index < len(row.cells) else None
                    for name, index in found.items()
                }
                yield RowReader(f"row {row.number}", values, columns)

        return RowStream(
            format=self.name,
            items=_items(readers()),
            encoding=table.encoding,
            position=table.position,
            close=table.close,
        )


def _items(readers) -> Iterator[ParsedRecommendation | RowIssue]:
    """Each row's recommendation, or its issues instead; an entirely blank row is neither."""
    for reader in readers:
        recommendation = _recommendation(reader)
        if reader.issues:
            yield from reader.issues
        elif recommendation is not None:
            yield recommendation


def _position(file):
    size = source_size(file)

    def position() -> float | None:
        try:
            return min(1.0, file.tell() / size) if size else None
        except (OSError, ValueError):
            return None

    return position


def _recommendation(reader: RowReader) -> ParsedRecommendation | None:
    text = reader.text("text")
    if not text:
        if not any(reader.text(name) for name in reader.values):
            return None  # an entirely blank row
        reader.issue("text", "The recommendation has no text.")
    heading, reference, text = split_heading(text)
    mechanism = normalise.mechanism_code(reader.first("body"))
    is_upr = mechanism.casefold() == "upr"
    session = reader.number("session")
    cycle = _cycle(reader)
    if cycle is None and session and is_upr:
        cycle = normalise.upr_cycle(session)
    countries = reader.many("countries")
    return ParsedRecommendation(
        location=reader.location,
        text=text,
        reference=reference,
        heading=heading,
        mechanism=mechanism,
        document_symbol=reader.first("symbol"),
        document_date=reader.date("date"),
        country=countries[0] if countries else "",
        cycle=cycle,
        session=session,
        recommending_states=reader.many("states"),
        position=reader.position("position"),
        type=reader.type("type") or ("recommendation" if is_upr else ""),
        themes=reader.themes("themes"),
        affected_groups=reader.many("affected"),
        sdg_codes=reader.sdgs("sdgs"),
        uhri_annotation_id=reader.text("annotation"),
        extra=_extra(reader, countries),
    )


def _cycle(reader: RowReader) -> int | None:
    """'3', 3, '3rd cycle', 'Third cycle' -> 3."""
    words = reader.text("cycle").casefold().split()
    for word in words:
        if word in _ORDINALS:
            return _ORDINALS[word]
    return reader.number("cycle")


def _extra(reader: RowReader, countries: list[str]) -> dict[str, str]:
    extra = {
        "regions": "; ".join(reader.many("regions")),
        "recommending_regions": "; ".join(reader.many("recommending_regions")),
        "other_countries": "; ".join(countries[1:]),
        "uhri_document_id": reader.text("document_id"),
    }
    published = reader.values.get("published")
    try:
        date = cell_date(published)
        extra["published_on_uhri"] = date.isoformat() if date else ""
    except (ValueError, OverflowError):
        extra["published_on_uhri"] = reader.text("published")
    return {key: value for key, value in extra.items() if value}


def _looks_like_json(data: bytes, filename: str) -> bool:
    suffix = PurePath(filename).suffix.lower()
    return suffix == ".json" or (
        suffix not in {".csv", ".xlsx", ".xlsm", ".tsv", ".txt"}
        and data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"[", b"{")
    )


class _Recoded:
    """A text file in another encoding read as UTF-8 bytes, for ijson."""

    def __init__(self, file: BinaryIO, encoding: str):
        self.text = io.TextIOWrapper(file, encoding=encoding)

    def read(self, size: int = -1) -> bytes:
        if size == 0:  # ijson asks for nothing to learn what kind of file it reads
            return b""
        return self.text.read(size if size < 0 else max(1, size // 4)).encode("utf-8")


def _json_records(
    file: BinaryIO, filename: str, *, encoding: str | None = None
) -> Iterator[object]:
    """The records one by one: the download's own list, or the first list in an object
    holding one (an object holding none is one record). Read by ijson as a stream."""
    head = file.read(4096)
    if not head.strip():
        raise FileError(f"{filename}: the file is empty.")
    encoding = encoding or next((n for bom, n in BYTE_ORDER_MARKS if head.startswith(bom)), "")
    if encoding and codecs.lookup(encoding).name == "utf-8":
        encoding = ""  # ijson reads UTF-8 itself (the byte order mark skipped below)
    elif encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise FileError(f"{filename}: unknown text encoding {encoding!r}.") from None
    return _json_stream(file, filename, encoding, head.startswith(codecs.BOM_UTF8))


def _json_stream(file, filename, encoding, bom) -> Iterator[object]:
    recoded: list[_Recoded] = []

    def reader():
        for previous in recoded:
            previous.text.detach()  # leaves the file open
        recoded.clear()
        file.seek(3 if bom and not encoding else 0)
        if not encoding:
            return file
        recoded.append(_Recoded(file, encoding))
        return recoded[-1]

    count = None
    try:
        prefix = _list_prefix(reader())
        if prefix is None:
            raise FileError(f"{filename}: the JSON holds no list of UHRI records.")
        count = 0
        for count, record in enumerate(  # noqa: B007 (named in errors)
            ijson.items(reader(), prefix, use_float=True), start=1
        ):
            yield record
    except ijson.JSONError as error:
        raise FileError(_json_problem(filename, error, count)) from None
    except UnicodeDecodeError:
        raise FileError(f"{filename}: not UTF-8 text, so not a UHRI JSON download.") from None
    except RecursionError:
        raise FileError(f"{filename}: not valid JSON (nested too deeply).") from None


def _list_prefix(file) -> str | None:
    """ijson's prefix of the records: 'item' for a list, 'key.item' for the first list in
    an object, '' for an object holding no list (itself one record); None for neither."""
    events = ijson.parse(file)
    _prefix, event, _value = next(events)
    if event == "start_array":
        return "item"
    if event != "start_map":
        return None
    key = None
    for prefix, event, value in events:
        if prefix == "" and event == "map_key":
            key = value
        elif prefix == key and event == "start_array" and "." not in key:
            return f"{key}.item"
        elif prefix == "" and event == "end_map":
            return ""
    return ""


def _json_problem(filename: str, error: Exception, count: int | None) -> str:
    """What is wrong, and at which record, without echoing the file's bytes (ijson's
    message quotes them: only its first line is kept)."""
    first = str(error).splitlines()[0].removeprefix("b'").removeprefix('b"') if str(error) else ""
    if "invalid bytes in UTF8" in first:
        return f"{filename}: not UTF-8 text, so not a UHRI JSON download."
    if count is not None:
        return (
            f"{filename}: not valid JSON at record {count + 1} ({first}; {count} records "
            "before it were read); nothing imported."
        )
    return f"{filename}: not valid JSON ({first})."


def _json_head(data: bytes, limit: int) -> list:
    """The first records of a JSON download whose first bytes are `data`."""
    found: list = []
    try:
        for record in _json_stream(io.BytesIO(data), "", "", data.startswith(codecs.BOM_UTF8)):
            found.append(record)
            if len(found) >= limit:
                break
    except FileError:
        pass
    return found


def _json_reader(number: int, record: object) -> RowReader:
    location = f"record {number}"
    if not isinstance(record, dict):
        reader = RowReader(location, {"text": None}, {"text": "Text"})
        reader.issue("text", "Not a UHRI record (expected an object with a Text key).")
        return reader
    values = {name: record.get(key) for name, key in JSON_KEYS.items()}
    values = {name: value for name, value in values.items() if not isinstance(value, dict)}
    return RowReader(location, values, JSON_KEYS)
