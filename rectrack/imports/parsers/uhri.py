"""The Universal Human Rights Index (UHRI) export: .xlsx, .csv and the JSON data download.

OHCHR's spreadsheet headers are read as OHCHR spells them ("Reccomending Body") and as they
should be spelt, and in the five other UN languages. Multi-valued cells hold one value per
line, each prefixed "- ".
"""

import json
import re
from pathlib import PurePath

from django.utils.translation import gettext_lazy as _

from rectrack.imports import normalise, vocabulary
from rectrack.imports.parsers.base import FileError, ParsedRecommendation, ParseResult
from rectrack.imports.parsers.tabular import (
    RowReader,
    cell_date,
    decode_text,
    header_list,
    match_headers,
    read_table,
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
        try:
            if _looks_like_json(data, filename):
                records = _json_records(data, filename)
                keys = set().union(*(record for record in records[:20] if isinstance(record, dict)))
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
        result = ParseResult(format=self.name)
        if _looks_like_json(data, filename):
            result.encoding = encoding or "utf-8"
            records = _json_records(data, filename, encoding=encoding)
            for number, record in enumerate(records, start=1):
                _add(result, _json_reader(number, record))
            return result
        table = read_table(data, filename, encoding=encoding)
        result.encoding = table.encoding
        found = match_headers(table.headers, COLUMNS, filename)
        if "text" not in found:
            raise FileError(
                f"{filename}: no Text column, which a UHRI export has. Found: "
                f"{header_list(table.headers)}."
            )
        columns = {name: table.headers[index] for name, index in found.items()}
        for row in table.rows:
            values = {
                name: row.cells[index] if index < len(row.cells) else None
                for name, index in found.items()
            }
            _add(result, RowReader(f"row {row.number}", values, columns))
        return result


def _add(result: ParseResult, reader: RowReader) -> None:
    recommendation = _recommendation(reader)
    if reader.issues:
        result.issues.extend(reader.issues)
    elif recommendation is not None:
        result.rows.append(recommendation)


def _recommendation(reader: RowReader) -> ParsedRecommendation | None:
    if not any(reader.text(name) for name in reader.values):
        return None  # an entirely blank row
    text = reader.text("text")
    if not text:
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


def _json_records(data: bytes, filename: str, *, encoding: str | None = None) -> list:
    """The list of records: the download itself, or the first list of objects in it."""
    if not data.strip():
        raise FileError(f"{filename}: the file is empty.")
    try:
        document = json.loads(
            decode_text(data, filename, encoding=encoding)[0] if encoding else data
        )
    except UnicodeDecodeError:
        raise FileError(f"{filename}: not UTF-8 text, so not a UHRI JSON download.") from None
    except (json.JSONDecodeError, RecursionError) as error:
        where = f" (line {error.lineno}, column {error.colno})" if hasattr(error, "lineno") else ""
        raise FileError(f"{filename}: not valid JSON{where}.") from None
    if isinstance(document, dict):
        lists = [value for value in document.values() if isinstance(value, list)]
        document = lists[0] if lists else [document]
    if not isinstance(document, list):
        raise FileError(f"{filename}: the JSON holds no list of UHRI records.")
    return document


def _json_reader(number: int, record: object) -> RowReader:
    location = f"record {number}"
    if not isinstance(record, dict):
        reader = RowReader(location, {"text": None}, {"text": "Text"})
        reader.issue("text", "Not a UHRI record (expected an object with a Text key).")
        return reader
    values = {name: record.get(key) for name, key in JSON_KEYS.items()}
    values = {name: value for name, value in values.items() if not isinstance(value, dict)}
    return RowReader(location, values, JSON_KEYS)
