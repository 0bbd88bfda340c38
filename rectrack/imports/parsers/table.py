"""Any other spreadsheet or CSV file, read through a column mapping the user gives: which
header holds the text, the position, the themes and so on. The fallback format.

The mapping is one `dict[str, str]`, as the CLI, the web form and a saved ColumnMapping give it:
- `FIELD: header` names the column holding FIELD (one of FIELDS): `"text": "Recommendation"`;
- `"fixed:FIELD": value` gives FIELD one value for the whole file (FIELD one of FIXABLE), e.g.
  `"fixed:mechanism": "CAT"`, `"fixed:country": "Valdoria"`, `"fixed:date": "2024-05-01"`.
A field both mapped to a column and fixed takes the cell where the cell is filled and the fixed
value where it is empty. A fixed value is read as a cell would be, and one that cannot be read
(a date that is no date) is a FileError naming the field, before any row is read.
"""

import hashlib
from pathlib import PurePath

from django.utils.translation import gettext_lazy as _

from rectrack.imports import normalise
from rectrack.imports.parsers.base import FileError, ParsedRecommendation, ParseResult
from rectrack.imports.parsers.tabular import RowReader, header_list, read_table, table_headers

FIELDS = (
    "text",
    "reference",
    "heading",
    "mechanism",
    "document",
    "document_title",
    "date",
    "country",
    "session",
    "cycle",
    "position",
    "type",
    "recommending_states",
    "themes",
    "affected_groups",
    "sdgs",
    "uhri_annotation_id",
    "source_of_position",
    "lead_institution",
    "supporting_institutions",
)
FIXED_PREFIX = "fixed:"
# Fields a whole file may share; the text, reference, heading and annotation id are each row's own.
FIXABLE = (
    "mechanism",
    "document",
    "document_title",
    "date",
    "country",
    "session",
    "cycle",
    "position",
    "type",
    "lead_institution",
    "supporting_institutions",
)
MULTI_VALUED_SEPARATORS = "\n;"


class TableParser:
    name = "table"
    label = _("Other spreadsheet or CSV, with a column mapping")

    def detect(self, data: bytes, filename: str) -> float:
        if PurePath(filename).suffix.lower() in {".json", ".docx", ".pdf"}:
            return 0.0
        try:
            return 0.1 if table_headers(data, filename) else 0.0
        except Exception:  # detect() must never raise: an unreadable file is just not ours
            return 0.0

    def parse(
        self,
        data: bytes,
        filename: str,
        *,
        encoding: str | None = None,
        mapping: dict[str, str] | None = None,
        separators: str = MULTI_VALUED_SEPARATORS,
    ) -> ParseResult:
        """`separators` split a multi-valued cell: a line end or ";" in a table someone
        made, a line end alone in Rectrack's own export (its names may hold ";")."""
        table = read_table(data, filename, encoding=encoding)
        by_column, fixed = split_mapping(mapping or {})
        found = _columns(table.headers, by_column, filename)
        _check_fixed(fixed, filename, separators)
        columns = {name: table.headers[index] for name, index in found.items()}
        result = ParseResult(format=self.name, encoding=table.encoding)
        for row in table.rows:
            values = {
                name: row.cells[index] if index < len(row.cells) else None
                for name, index in found.items()
            }
            reader = RowReader(f"row {row.number}", values, columns)
            if not any(reader.text(name) for name in found):
                continue  # data only in columns the mapping leaves out
            if fixed:
                reader = RowReader(reader.location, _filled(values, fixed), columns)
            recommendation = _recommendation(reader, separators)
            if reader.issues:
                result.issues.extend(reader.issues)
            else:
                result.rows.append(recommendation)
        return result


def headers_signature(headers: list[str]) -> str:
    """What files "with the same headers" share, for offering a saved mapping again: the set
    of their non-empty headers compared case-, accent- and spacing-insensitively, in any
    order, as a SHA-256 hex digest."""
    keys = sorted({normalise.header_key(header) for header in headers} - {""})
    return hashlib.sha256("\x1f".join(keys).encode()).hexdigest() if keys else ""


def split_mapping(mapping: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """The mapping's columns ({field: header}) and its fixed values ({field: value}), each
    without empty entries."""
    by_column: dict[str, str] = {}
    fixed: dict[str, str] = {}
    for key, value in mapping.items():
        text = str(value).strip() if value is not None else ""
        if not text:
            continue
        if key.startswith(FIXED_PREFIX):
            fixed[key.removeprefix(FIXED_PREFIX).strip()] = text
        else:
            by_column[key] = text
    return by_column, fixed


def _check_fixed(fixed: dict[str, str], filename: str, separators: str) -> None:
    """Every fixed value is one Rectrack can read: else one FileError naming the field."""
    unknown = sorted(set(fixed) - set(FIXABLE))
    if unknown:
        raise FileError(
            f"{filename}: no fixed value can be given for {', '.join(unknown)}; fixed values "
            f"are for {', '.join(FIXABLE)}."
        )
    reader = RowReader("fixed value", {**fixed, "text": "-"}, {name: name for name in fixed})
    _recommendation(reader, separators)
    if reader.issues:
        raise FileError(
            f"{filename}: "
            + "; ".join(
                f"the fixed value for {issue.column} cannot be used: {issue.message}"
                for issue in reader.issues
            )
        )


def _filled(values: dict[str, object], fixed: dict[str, str]) -> dict[str, object]:
    """The row's cells, with each fixed value where the row's own cell is empty or absent."""
    filled = dict(values)
    for name, value in fixed.items():
        cell = filled.get(name)
        if cell is None or not str(cell).strip():
            filled[name] = value
    return filled


def _columns(headers: list[str], mapping: dict[str, str], filename: str) -> dict[str, int]:
    """Each mapped field's column: the header exactly as named, else the one that matches
    case- and spacing-insensitively."""
    mapping = {name: str(header).strip() for name, header in mapping.items() if header}
    mapping = {name: header for name, header in mapping.items() if header}
    found_headers = header_list(headers)
    if not mapping:
        raise FileError(
            f"{filename}: choose which column holds which field (a column mapping) to import "
            f"this table. Headers found: {found_headers}."
        )
    unknown = sorted(set(mapping) - set(FIELDS))
    if unknown:
        raise FileError(
            f"{filename}: the mapping names unknown fields {', '.join(unknown)}; "
            f"fields are {', '.join(FIELDS)}."
        )
    if "text" not in mapping:
        raise FileError(f"{filename}: the mapping must name the column that holds the text.")
    by_key: dict[str, int] = {}
    for index, header in enumerate(headers):
        by_key.setdefault(normalise.header_key(header), index)
    columns = {}
    for name, header in mapping.items():
        index = (
            headers.index(header) if header in headers else by_key.get(normalise.header_key(header))
        )
        if index is None:
            raise FileError(
                f"{filename}: the mapping names column {header!r} for {name}, which is not in "
                f"the file. Headers found: {found_headers}."
            )
        columns[name] = index
    return columns


def _recommendation(reader: RowReader, separators: str) -> ParsedRecommendation:
    text = reader.text("text")
    if not text:
        reader.issue("text", "The recommendation has no text.")
    mechanism = reader.text("mechanism")
    return ParsedRecommendation(
        location=reader.location,
        text=text,
        reference=normalise.one_line(reader.text("reference")),
        heading=normalise.one_line(reader.text("heading")),
        mechanism=normalise.mechanism_code(mechanism) if mechanism else "",
        document_symbol=normalise.one_line(reader.text("document")),
        document_title=normalise.one_line(reader.text("document_title")),
        document_date=reader.date("date"),
        country=normalise.one_line(reader.text("country")),
        session=reader.number("session"),
        cycle=reader.number("cycle"),
        position=reader.position("position"),
        type=reader.type("type"),
        recommending_states=reader.many("recommending_states", separators),
        themes=reader.themes("themes", separators),
        affected_groups=reader.many("affected_groups", separators),
        sdg_codes=reader.sdgs("sdgs", separators),
        uhri_annotation_id=normalise.one_line(reader.text("uhri_annotation_id")),
        source_of_position=normalise.one_line(reader.text("source_of_position")),
        lead_institution=normalise.one_line(reader.text("lead_institution")),
        supporting_institutions=reader.many("supporting_institutions", separators),
    )
