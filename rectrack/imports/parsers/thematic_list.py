"""OHCHR's thematic list of a UPR review's recommendations: a Word .docx holding one table.

Columns are found by their header text, so every layout OHCHR has used reads the same way:
2014 (coded themes such as "A12 ...", then "Affected persons:"), 2019 ("- " themes, then
"SDGs:" and "Affected persons:" in the same column) and 2024 (themes, then "Groups of
Persons:", with SDGs in a column of their own). Rows whose first cell starts with "Theme:" are
headings, and a header row repeated on a later page is skipped. Lists published in French or
Spanish ("Thème :", "Tema:", "Soutenue", "Tomada nota" ...) read the same way: headers,
labels and positions come from imports.vocabulary in the six UN languages.
"""

import contextlib
import re
from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext_lazy
from docx.document import Document as WordDocument
from docx.table import Table

from rectrack.core.text import label_key
from rectrack.imports import normalise, vocabulary
from rectrack.imports.parsers.base import (
    FileError,
    ParsedRecommendation,
    ParseResult,
    RowIssue,
)
from rectrack.imports.parsers.tabular import cell_limit_issue
from rectrack.imports.parsers.word import ZIP_MAGIC
from rectrack.imports.parsers.word import open_docx as _open

# a column kind as row issues name it
_COLUMN_NAMES = {
    "recommendation": "Recommendation",
    "states": "Recommending State(s)",
    "position": "Position",
    "themes": "Themes",
    "groups": "Affected persons",
    "sdgs": "SDGs",
    "assessment": "Assessment",
    "rights": "Themes",
}
HEADER_ROWS = 3  # a table's header row is among its first rows
EXPECTED_HEADERS = (
    "'Recommendation', 'Position' and 'Full list of themes' (or 'Human rights themes and "
    "groups of persons'), optionally 'Relevant SDGs'"
)

_SOURCE_LABELS = "|".join(
    r"\s+".join(map(re.escape, normalise.fold(label).split()))
    for label in vocabulary.spellings(vocabulary.SOURCE_OF_POSITION)
)
# searched in fold_chars() of the cell, so that case and accents do not matter
_SOURCE = re.compile(rf"(?:{_SOURCE_LABELS})\s*[:\uff1a]?[ \t]*(?P<source>[^\n]*)")
COLUMN_TERMS = {
    kind: [normalise.header_key(term) for term in vocabulary.spellings(languages)]
    for kind, languages in vocabulary.THEMATIC_LIST_COLUMNS.items()
}
ANYWHERE = {"themes", "sdgs"}  # these kinds' terms may stand anywhere in a header
LABELS = normalise.lookup(vocabulary.THEMATIC_LIST_LABELS)
_CJK = re.compile("[\u3400-\u9fff]")
_BULLET = re.compile(r"^[-–•*]\s*")
_BARE_NUMBER = re.compile(r"^\s*(\d{1,4}(?:\.\d{1,4})*)\s*\.?\s*$")
_SYMBOL = re.compile(r"[^\s,;]+")
_ADDENDUM = re.compile(r"/Add\.\s*\d+$", re.IGNORECASE)
_COUNTRY = re.compile(
    r"\b(?:UPR|Universal\s+Periodic\s+Review)\s+of\s+(?:the\s+)?(?P<country>[^\t\n]+?)\s*"
    r"(?:\(\s*\d{1,2}\s*(?:st|nd|rd|th)\b|[\t\n:;–—]|\s-\s|$)"
    # French and Spanish: "EPU de la Slovénie (3e cycle", "Examen Periódico Universal de Chile"
    r"|\b(?:EPU|Examen\s+p[ée]riodique\s+universel|Examen\s+peri[óo]dico\s+universal)\s+"
    r"(?:de\s+la\s+|de\s+l['’]\s*|du\s+|des\s+|del\s+|de\s+(?:los\s+|las\s+|el\s+)?)"
    r"(?P<pays>[^\t\n]+?)\s*(?:\(\s*\d{1,2}|[\t\n:;–—]|\s-\s|$)",
    re.IGNORECASE,
)
_ORDINAL = r"(\d{1,2})\s*(?:st|nd|rd|th|e|er|re|ère|ème|eme|\.?\s*[ºª°]|\.?\s*er|o)?"
_CYCLE = re.compile(rf"\b{_ORDINAL}\s+(?:cycle|ciclo)\b", re.IGNORECASE)
_SESSION = re.compile(
    rf"\b{_ORDINAL}\s+(?:session|sesi[óo]n|per[íi]odo\s+de\s+sesiones)\b", re.IGNORECASE
)


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
                group = _group_heading(cells, layout)
                if group is not None:
                    heading = group
                    continue
                where = (
                    f"table {table_number}, row {number}" if len(tables) > 1 else f"row {number}"
                )
                row, issues = _read_row(cells, layout, where)
                result.issues.extend(issues)
                if row is not None:
                    row.country, row.cycle, row.session = country, cycle, session
                    if heading:
                        row.extra["theme_heading"] = heading
                    _code_from_heading(row, heading)
                    result.rows.append(row)
        # Every row of a thematic list comes from one review: a row without its own source
        # line belongs to the report the others name.
        symbols = Counter(row.document_symbol for row in result.rows if row.document_symbol)
        if symbols:
            common = symbols.most_common(1)[0][0]
            for row in result.rows:
                row.document_symbol = row.document_symbol or common
        return result


def _rows(table: Table, filename: str):
    """(1-based row number, cell texts) for each row; a merged cell repeats its text."""
    try:
        for number, row in enumerate(table.rows, start=1):
            yield number, [""] * row.grid_cols_before + [cell.text for cell in row.cells]
    except Exception as error:  # malformed table XML
        raise FileError(f"{filename}: the table cannot be read ({error}).") from error


def _group_heading(cells: list[str], layout: Layout) -> str | None:
    """The heading a group row gives, or None for a recommendation's row. A group row is
    known by its shape, whatever word begins it ("Theme:", "Right or area:", "Cluster 3 -"):
    its cells repeat one text (a merged row), or it holds no paragraph number, no position
    and nothing else."""
    index = layout.columns["recommendation"]
    first = normalise.one_line((cells[index] if index < len(cells) else "") or cells[0])
    kind, rest = normalise.labelled(first, LABELS)
    if kind == "heading":
        return rest
    filled = [normalise.one_line(cell) for cell in cells if cell.strip()]
    merged = len(filled) > 1 and len(set(filled)) == 1
    others = [cell for number, cell in enumerate(cells) if number != index and cell.strip()]
    alone = not others and not normalise.paragraph(first)[0] and not _BARE_NUMBER.match(first)
    if not (merged or alone):
        return None
    return _LABEL.sub("", filled[0] if merged else first)


# "Right or area: 2.1 ..." -> "2.1 ...": a short label of words and its colon
_LABEL = re.compile(r"^[^\W\d][^\W\d]*(?:\s+[^\W\d]+){0,3}\s*[:\uff1a]\s*")


def _column_kinds(header: str) -> list[str]:
    """The kinds of column a header may name ('Recommandation et État recommandant' ->
    recommendation): its first words, or for themes and SDGs any of them, in any of the six
    languages."""
    key = normalise.header_key(header)
    found = []
    for kind, terms in COLUMN_TERMS.items():
        matched = [
            term
            for term in terms
            if key.startswith(term) or ((kind in ANYWHERE or _CJK.match(term)) and term in key)
        ]
        if matched:
            found.append((-max(map(len, matched)), kind))
    # the longest term first: "建议国" names the recommending States before "建议" does
    return [kind for _length, kind in sorted(found, key=lambda item: item[0])]


def _layout(cells: list[str], header_row: int) -> Layout | None:
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        kind = next((kind for kind in _column_kinds(cell) if kind not in columns), None)
        if kind:
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
            f"{filename}: no recommendations table found: expected headers {EXPECTED_HEADERS} "
            f"({normalise.OTHER_LANGUAGES}); found {' / '.join(found)}."
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
        normalise.one_line(country["country"] or country["pays"]).strip(" ,.-") if country else "",
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
    too_long = [
        issue
        for kind, index in layout.columns.items()
        if index < len(cells)
        and (issue := cell_limit_issue(location, _COLUMN_NAMES.get(kind, kind), cells[index]))
    ]
    if too_long:
        return None, too_long
    if not text:
        message = "the recommendation has no text after its paragraph number."
        return None, [RowIssue(location, "Recommendation", message)]
    issues = []
    listed = normalise.state_list(cell("states"))
    if listed and states and _state_keys(listed) != _state_keys(states):
        message = (
            f"the recommending States column names {', '.join(listed)} but the text names "
            f"{', '.join(states)}."
        )
        issues.append(RowIssue(location, "Recommending State(s)", message))
    states = listed or states
    position = normalise.position(cell("position"))
    if position is None:
        message = (
            f"unknown position {normalise.one_line(cell('position'))!r}; "
            f"expected one of: {normalise.ACCEPTED_POSITIONS} ({normalise.OTHER_LANGUAGES})."
        )
        return None, [RowIssue(location, "Position", message)]
    found = _sections(cell("themes"), default="themes")
    sdgs = found["sdgs"] + _sections(cell("sdgs"), default="sdgs")["sdgs"]
    groups = found["groups"] + _sections(cell("groups"), default="groups")["groups"]
    codes = []
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
        affected_groups=list(dict.fromkeys(groups)),
        sdg_codes=list(dict.fromkeys(code for code in codes if code)),
        source_of_position=source,
    )
    assessment = normalise.clean(cell("assessment"))
    if assessment:
        row.extra["assessment"] = assessment
    return row, issues


def _state_keys(names: list[str]) -> set[str]:
    return {label_key(name) for name in names}


def _code_from_heading(row: ParsedRecommendation, heading: str) -> None:
    """A theme named as the heading it stands under takes the UHRI code the heading gives
    ('Thème : A12 Acceptation des normes internationales'), which matches it to a known theme
    whatever the language of its name."""
    named = normalise.theme(heading)
    for theme in row.themes if named.code else []:
        if not theme.code and label_key(theme.name) == label_key(named.name):
            theme.code = named.code


def _recommendation(cell: str) -> tuple[str, str, list[str], str]:
    """Paragraph number, text, recommending States and the source-of-position line."""
    source = ""
    match = _SOURCE.search(normalise.fold_chars(cell))
    if match:
        source = normalise.one_line(cell[match.start("source") : match.end("source")])
        cell = cell[: match.start()] + cell[match.end() :]
    body = normalise.one_line(cell)
    bare = _BARE_NUMBER.match(body)
    if bare:
        return bare.group(1), "", [], source
    reference, body = normalise.paragraph(body)
    text, states = normalise.recommending_states(body)
    return reference, text, states, source


def _sections(cell: str, *, default: str) -> dict[str, list[str]]:
    """A taxonomy cell's items: themes, then 'SDGs:' and 'Affected persons:' sections (or
    'ODD :', 'Personnes concernées :' ... in another language)."""
    found: dict[str, list[str]] = {"themes": [], "sdgs": [], "groups": []}
    current = default
    for line in normalise.clean(cell).split("\n"):
        line = _BULLET.sub("", line).strip()
        kind, rest = normalise.labelled(line, LABELS)
        if kind in ("sdgs", "groups"):
            current, line = kind, rest
        item = _BULLET.sub("", line).strip()
        if item:
            found[current].append(item)
    return found
