"""Excel workbook: a header row, frozen panes, filters, wrapped text and sensible column
widths; one sheet of every recommendation, or one sheet per cluster or per theme.

Text that would run as a formula is stored as text with Excel's own quote prefix (as if
typed after an apostrophe): it shows and reads back exactly as written, and never runs."""

import io
import re

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from rectrack.reports.exports.matrix import COLUMNS, matrix_rows
from rectrack.reports.exports.safety import starts_like_formula

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_WRAPPED = Alignment(wrap_text=True, vertical="top")
_BOLD = Font(bold=True)
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(name: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique (case-insensitively)."""
    base = _NOT_IN_SHEET_NAMES.sub(" ", name).strip().strip("'")[:31] or _("Sheet")
    title, number = base, 2
    while title.lower() in taken:
        suffix = f" ({number})"
        title, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(title.lower())
    return title


def _cell(sheet, value: object) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if starts_like_formula(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    cell.alignment = _WRAPPED
    return cell


def _sheet(workbook: Workbook, title: str, rows: list[dict], taken: set[str]) -> None:
    sheet = workbook.create_sheet(_sheet_title(title, taken))
    sheet.freeze_panes = "C2"  # the header row, and reference and text, stay in view
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    header = []
    for column in COLUMNS:
        cell = WriteOnlyCell(sheet, value=str(column.label))
        cell.font, cell.alignment = _BOLD, _WRAPPED
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([_cell(sheet, row[column.key]) for column in COLUMNS])
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"


def _groups(recommendation, sheets_by: str) -> list[str]:
    if sheets_by == "cluster":
        names = [cluster.name for cluster in recommendation.clusters.all()]
        return names or [_("No cluster")]
    if sheets_by == "theme":
        names = [theme.display_name for theme in recommendation.themes.all()]
        return names or [_("No theme")]
    return [_("Recommendations")]


def write(qs: QuerySet, *, sheets_by: str = "") -> tuple[bytes, int]:
    """A recommendation in several clusters (themes) appears on each of their sheets."""
    sheets: dict[str, list[dict]] = {}
    count = 0
    for recommendation, row in matrix_rows(qs):
        count += 1
        for name in _groups(recommendation, sheets_by):
            sheets.setdefault(name, []).append(row)
    workbook = Workbook(write_only=True)
    taken: set[str] = set()
    if not sheets:
        sheets[_("Recommendations")] = []
    none = {_("No cluster"), _("No theme")}
    for name in sorted(sheets, key=lambda name: (name in none, name.lower())):
        _sheet(workbook, name, sheets[name], taken)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue(), count
