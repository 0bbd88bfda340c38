"""OHCHR's thematic list of a UPR review's recommendations: a Word .docx holding one table.

Columns are found by their header text, so every layout OHCHR has used reads the same way:
2014 (coded themes such as "A12 ...", then "Affected persons:"), 2019 ("- " themes, then
"SDGs:" and "Affected persons:" in the same column) and 2024 (themes, then "Groups of
Persons:", with SDGs in a column of their own). Rows whose first cell starts with "Theme:" are
headings, and a header row repeated on a later page is skipped.
"""

import contextlib
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass

import docx
from django.utils.translation import gettext_lazy
from docx.document import Document as WordDocument
from docx.table import Table

from rectrack.imports import normalise
from rectrack.imports.parsers.base import (
    FileError,
    ParsedRecommendation,
    ParseResult,
    RowIssue,
)

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK"
MAIN_PART = "word/document.xml"
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024  # below 1 MB unpacked even a high ratio is harmless
HEADER_ROWS = 3  # a table's header row is among its first rows
EXPECTED_HEADERS = (
    "'Recommendation', 'Position' and 'Full list of themes' (or 'Human rights themes and "
    "groups of persons'), optionally 'Relevant SDGs'"
)

_SOURCE = re.compile(r"source\s+of\s+position\s*:?[ \t]*(?P<source>[^\n]*)", re.IGNORECASE)
_HEADING = re.compile(r"^\s*theme\s*:", re.IGNORECASE)
_SECTION = re.compile(
    r"^(?P<label>sdgs?|affected\s+persons|(?:affected\s+)?groups?\s+of\s+persons)\s*:\s*"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^[-–•*]\s*")
_BARE_NUMBER = re.compile(r"^\s*(\d{1,4}(?:\.\d{1,4})*)\s*\.?\s*$")
_AFTER_STATES = re.compile(r"\s*(?:;|\.?\s*$)")
_SYMBOL = re.compile(r"[^\s,;]+")
_ADDENDUM = re.compile(r"/Add\.\s*\d+$", re.IGNORECASE)
_COUNTRY = re.compile(
    r"\b(?:UPR|Universal\s+Periodic\s+Review)\s+of\s+(?:the\s+)?(?P<country>[^\t\n]+?)\s*"
    r"(?:\(\s*\d{1,2}\s*(?:st|nd|rd|th)\b|[\t\n:;–—]|\s-\s|$)",
    re.IGNORECASE,
)
_CYCLE = re.compile(r"\b(\d{1,2})\s*(?:st|nd|rd|th)\s+cycle\b", re.IGNORECASE)
_SESSION = re.compile(r"\b(\d{1,2})\s*(?:st|nd|rd|th)\s+session\b", re.IGNORECASE)
# Words of the titles that stand in parentheses before the recommending States: "(No. 29)"
# and "(ICRMW)" are caught by their digits and capitals, these by their words.
_NOT_STATE_WORDS = {"convention", "covenant", "protocol", "act", "law", "code", "committee"}


@dataclass
class Layout:
    """Where the header row is, and which cell holds which column."""

    header_row: int
    columns: dict[str, int]  # "recommendation", "position", "themes", "sdgs" -> cell index
    header_keys: list[str]


class ThematicListParser:
    name = "thematic-list"
    label = gettext_lazy("OHCHR thematic list (Word)")

    def detect(self, data: bytes, filename: str) -> float:
        if not data.startswith(ZIP_MAGIC):
            return 0.0
        try:
            tables = _find_tables(_open(data, filename), filename)
        except Exception:  # detect only scores: any failure means "not this format"
            return 0.0
        return 0.95 if any("themes" in layout.columns for _table, layout in tables) else 0.6

    def parse(
        self,
        data: bytes,
        filename: str,
        *,
        encoding: str | None = None,
        mapping: dict[str, str] | None = None,
    ) -> ParseResult:
        document = _open(data, filename)
        tables = _find_tables(document, filename)
        country, cycle, session = _review(document)
        result = ParseResult(format=self.name)
        heading = ""
        for table_number, (table, layout) in enumerate(tables, start=1):
            for number, cells in _rows(table, filename):
                if number <= layout.header_row + 1 or not any(cell.strip() for cell in cells):
                    continue
                if [normalise.header_key(cell) for cell in cells] == layout.header_keys:
                    continue  # the header row repeated on a later page
                index = layout.columns["recommendation"]
                first = (cells[index] if index < len(cells) else "") or cells[0]
                if _HEADING.match(first):
                    heading = normalise.one_line(_HEADING.sub("", first, count=1))
                    continue
                where = (
                    f"table {table_number}, row {number}" if len(tables) > 1 else f"row {number}"
                )
                row, issues = _read_row(cells, layout, where)
                result.issues.extend(issues)
                if row is not None:
                    row.country, row.cycle, row.session = country, cycle, session
                    row.extra = {"theme_heading": heading} if heading else {}
                    result.rows.append(row)
        # Every row of a thematic list comes from one review: a row without its own source
        # line belongs to the report the others name.
        symbols = Counter(row.document_symbol for row in result.rows if row.document_symbol)
        if symbols:
            common = symbols.most_common(1)[0][0]
            for row in result.rows:
                row.document_symbol = row.document_symbol or common
        return result


def _open(data: bytes, filename: str) -> WordDocument:
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


def _rows(table: Table, filename: str):
    """(1-based row number, cell texts) for each row; a merged cell repeats its text."""
    try:
        for number, row in enumerate(table.rows, start=1):
            yield number, [""] * row.grid_cols_before + [cell.text for cell in row.cells]
    except Exception as error:  # malformed table XML
        raise FileError(f"{filename}: the table cannot be read ({error}).") from error


def _column_kind(header: str) -> str | None:
    key = normalise.header_key(header)
    if key.startswith("recommendation"):
        return "recommendation"
    if key.startswith("position"):
        return "position"
    if "theme" in key:
        return "themes"
    if "sdg" in key:
        return "sdgs"
    return None


def _layout(cells: list[str], header_row: int) -> Layout | None:
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        kind = _column_kind(cell)
        if kind and kind not in columns:
            columns[kind] = index
    if "recommendation" not in columns or "position" not in columns:
        return None
    return Layout(header_row, columns, [normalise.header_key(cell) for cell in cells])


def _find_tables(document: WordDocument, filename: str) -> list[tuple[Table, Layout]]:
    """Every table whose header row names the recommendation and position columns: one in
    OHCHR's lists, but a list someone split into several tables still reads whole."""
    if not document.tables:
        raise FileError(
            f"{filename}: the document holds no table; a thematic list of recommendations "
            "is one table."
        )
    matching, found = [], []
    for table in document.tables:
        headers: list[str] = []
        layout = None
        for number, cells in _rows(table, filename):
            layout = _layout(cells, number - 1)
            if layout or number >= HEADER_ROWS:
                break
            headers = headers or [normalise.one_line(cell) for cell in cells if cell.strip()]
        if layout:
            matching.append((table, layout))
        else:
            found.append(", ".join(f"'{h}'" for h in dict.fromkeys(headers)) or "none")
    if not matching:
        raise FileError(
            f"{filename}: no recommendations table found: expected headers {EXPECTED_HEADERS}; "
            f"found {' / '.join(found)}."
        )
    return matching


def _review(document: WordDocument) -> tuple[str, int | None, int | None]:
    """The State under review, cycle and session, as the page header or title gives them
    ("UPR of Slovenia (3rd Cycle - 34th Session)"); best effort, never an error."""
    texts: list[str] = []
    # a damaged header part loses only these facts, not the rows
    with contextlib.suppress(Exception):
        for section in document.sections:
            if not section.header.is_linked_to_previous:
                texts += [paragraph.text for paragraph in section.header.paragraphs]
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                break  # the first table: what follows it is not a title
            texts.append(block.text)
    text = "\n".join(texts)
    country = _COUNTRY.search(text)
    cycle, session = _CYCLE.search(text), _SESSION.search(text)
    return (
        normalise.one_line(country["country"]).strip(" ,.-") if country else "",
        int(cycle.group(1)) if cycle else None,
        int(session.group(1)) if session else None,
    )


def _read_row(
    cells: list[str], layout: Layout, where: str
) -> tuple[ParsedRecommendation | None, list[RowIssue]]:
    def cell(kind: str) -> str:
        index = layout.columns.get(kind)
        return cells[index] if index is not None and index < len(cells) else ""

    reference, text, states, source = _recommendation(cell("recommendation"))
    location = f"paragraph {reference}" if reference else where
    if not text:
        message = "the recommendation has no text after its paragraph number."
        return None, [RowIssue(location, "Recommendation", message)]
    position = normalise.position(cell("position"))
    if position is None:
        message = (
            f"unknown position {normalise.one_line(cell('position'))!r}; "
            f"expected one of: {normalise.ACCEPTED_POSITIONS}."
        )
        return None, [RowIssue(location, "Position", message)]
    found = _sections(cell("themes"), default="themes")
    sdgs = found["sdgs"] + _sections(cell("sdgs"), default="sdgs")["sdgs"]
    codes, issues = [], []
    for value in sdgs:
        code = normalise.sdg_code(value)
        if code is None:
            message = f"unknown SDG {value!r}; expected a goal (16) or a target (16.3)."
            issues.append(RowIssue(location, "SDGs", message))
        codes.append(code)
    themes = {(t.code, t.name): t for t in map(normalise.theme, found["themes"]) if t.name}
    symbol = _SYMBOL.match(source)
    row = ParsedRecommendation(
        location=location,
        text=text,
        reference=reference,
        mechanism="UPR",
        type="recommendation",
        document_symbol=_ADDENDUM.sub("", symbol.group().rstrip(".")) if symbol else "",
        recommending_states=states,
        position=position,
        themes=list(themes.values()),
        affected_groups=list(dict.fromkeys(found["groups"])),
        sdg_codes=list(dict.fromkeys(code for code in codes if code)),
        source_of_position=source,
    )
    return row, issues


def _recommendation(cell: str) -> tuple[str, str, list[str], str]:
    """Paragraph number, text, recommending States and the source-of-position line."""
    source = ""
    match = _SOURCE.search(cell)
    if match:
        source = normalise.one_line(match["source"])
        cell = cell[: match.start()] + cell[match.end() :]
    body = normalise.one_line(cell)
    bare = _BARE_NUMBER.match(body)
    if bare:
        return bare.group(1), "", [], source
    reference, body = normalise.paragraph(body)
    text, states = _split_states(body)
    return reference, text, states, source


def _split_states(body: str) -> tuple[str, list[str]]:
    """'Do X (Ukraine); Do Y (Slovakia);' -> ('Do X; Do Y', ['Ukraine', 'Slovakia'])."""
    parts: list[str] = []
    states: list[str] = []
    start = depth = 0
    for index, char in enumerate(body):
        if char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
            after = _AFTER_STATES.match(body, index + 1)
            if depth == 0 and after:
                segment, found = _peel_states(body[start : index + 1])
                if found:
                    parts.append(segment)
                    states += found
                    start = after.end()
    parts.append(body[start:])
    text = "; ".join(part.strip(" ;,") for part in parts if part.strip(" ;,"))
    return text, list(dict.fromkeys(states))


def _peel_states(segment: str) -> tuple[str, list[str]]:
    """Take the parenthesised State lists off the end of one recommendation."""
    found: list[str] = []
    segment = segment.rstrip()
    while segment.endswith(")"):
        depth = 0
        for opening in range(len(segment) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(segment[opening], 0)
            if depth == 0:
                break
        if depth:
            break
        names = _state_names(segment[opening + 1 : -1])
        if not names:
            break
        found[:0] = names
        segment = segment[:opening].rstrip()
    return segment, found


def _state_names(inner: str) -> list[str]:
    """'Senegal, Venezuela (Bolivarian Republic of),Peru' -> three names; [] if any part does
    not look like a State's name."""
    names, depth, current = [], 0, ""
    for char in inner + ",":
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            names.append(current.strip())
            current = ""
        else:
            current += char
    return names if all(_looks_like_state(name) for name in names) else []


def _looks_like_state(name: str) -> bool:
    words = name.replace("(", " ").replace(")", " ").split()
    return (
        0 < len(words) <= 10
        and (name[0].isupper() or name.startswith("the "))
        and any(char.islower() for char in name)
        and all(char.isalpha() or char in " '’-.()" for char in name)
        and not _NOT_STATE_WORDS & {word.casefold().strip(".") for word in words}
    )


def _sections(cell: str, *, default: str) -> dict[str, list[str]]:
    """A taxonomy cell's items: themes, then 'SDGs:' and 'Affected persons:' sections."""
    found: dict[str, list[str]] = {"themes": [], "sdgs": [], "groups": []}
    current = default
    for line in normalise.clean(cell).split("\n"):
        line = _BULLET.sub("", line).strip()
        match = _SECTION.match(line)
        if match:
            current = "sdgs" if match["label"].casefold().startswith("sdg") else "groups"
            line = match["rest"].strip()
        item = _BULLET.sub("", line).strip()
        if item:
            found[current].append(item)
    return found
