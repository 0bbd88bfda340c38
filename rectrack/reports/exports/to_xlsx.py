"""Excel workbook: a header row, frozen panes, filters, wrapped text and sensible column
widths; one sheet of every recommendation, or one sheet per cluster or per theme.

Text that would run as a formula is stored as text with Excel's own quote prefix (as if
typed after an apostrophe): it shows and reads back exactly as written, and never runs."""

import io
import re

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from rectrack.reports.exports.matrix import COLUMNS, matrix_rows
from rectrack.reports.exports.safety import starts_like_formula

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_WRAPPED = Alignment(wrap_text=True, vertical="top")
_BOLD = Font(bold=True)
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_LIMIT = 31
LINE_POINTS = 15  # a line of 11-point text
MAX_ROW_POINTS = 409  # Excel's tallest row
LETTERS_PER_UNIT = 1.0  # characters a column-width unit holds, rounded down for safety
PAPER_SIZES = {"a4": 9, "letter": 1}  # Excel's paper codes


def _sheet_title(name: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique (case-insensitively).
    A longer name is cut at a word's end and marked "…"; the index sheet gives it whole."""
    base = " ".join(_NOT_IN_SHEET_NAMES.sub(" ", name).strip().strip("'").split()) or _("Sheet")
    if len(base) > SHEET_NAME_LIMIT:
        base = _shortened(base, SHEET_NAME_LIMIT)
    title, number = base, 2
    while title.lower() in taken:
        suffix = f" ({number})"
        title, number = _shortened(base, SHEET_NAME_LIMIT - len(suffix)) + suffix, number + 1
    taken.add(title.lower())
    return title


def _shortened(name: str, limit: int) -> str:
    if len(name) <= limit:
        return name
    cut = name[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;-") + "…"


def _height(row: dict) -> float | None:
    """Points enough for the row's tallest cell, wrapped at its column's width (a column
    unit holds about one character), 15 points a line; Excel's limit is 409. None: one
    line, the default. Set explicitly because LibreOffice keeps a stored row one line high."""
    lines = 1
    for column in COLUMNS:
        value = row[column.key]
        if value is None or value == "":
            continue
        per_line = max(1, int(column.width * LETTERS_PER_UNIT))
        lines = max(
            lines,
            sum(max(1, -(-len(part) // per_line)) for part in str(value).split("\n")),
        )
    return None if lines == 1 else min(MAX_ROW_POINTS, LINE_POINTS * lines + 3)


def _print_setup(sheet) -> None:
    """Printed as people print such a matrix: landscape, the width of the page, as many
    pages down as it takes, the header row on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = PAPER_SIZES[settings.RECTRACK_PAPER]
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = "1:1"


def _cell(sheet, value: object) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if starts_like_formula(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    cell.alignment = _WRAPPED
    return cell


def _sheet(workbook: Workbook, title: str, rows: list[dict], taken: set[str]) -> str:
    sheet = workbook.create_sheet(_sheet_title(title, taken))
    sheet.freeze_panes = "C2"  # the header row, and reference and text, stay in view
    _print_setup(sheet)
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    header = []
    for column in COLUMNS:
        cell = WriteOnlyCell(sheet, value=str(column.label))
        cell.font, cell.alignment = _BOLD, _WRAPPED
        header.append(cell)
    sheet.row_dimensions[1].height = LINE_POINTS * 2 + 3  # headers wrap on two lines
    sheet.append(header)
    for number, row in enumerate(rows, start=2):
        height = _height(row)
        if height is not None:  # before the row is written: the sheet is streamed
            sheet.row_dimensions[number].height = height
        sheet.append([_cell(sheet, row[column.key]) for column in COLUMNS])
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"
    return sheet.title


def _index(workbook: Workbook, entries: list[tuple[str, str, int]]) -> None:
    """The first sheet, when a sheet's name had to be shortened or changed: each sheet's
    full name, the sheet's and how many recommendations it holds."""
    sheet = workbook.create_sheet(_("Index"), 0)
    _print_setup(sheet)
    sheet.column_dimensions["A"].width = 60
    sheet.column_dimensions["B"].width = 34
    sheet.column_dimensions["C"].width = 16
    header = []
    for label in (_("Full name"), _("Sheet"), _("Recommendations")):
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = _BOLD
        header.append(cell)
    sheet.append(header)
    for name, title, count in entries:
        sheet.append([_cell(sheet, name), _cell(sheet, title), count])


def _groups(recommendation, sheets_by: str) -> list[str]:
    if sheets_by == "cluster":
        names = [cluster.name for cluster in recommendation.clusters.all()]
        return names or [_("No cluster")]
    if sheets_by == "theme":
        names = [theme.display_name for theme in recommendation.themes.all()]
        return names or [_("No theme")]
    return [_("Recommendations")]


def write(qs: QuerySet, progress=None, *, sheets_by: str = "") -> tuple[bytes, int]:
    """A recommendation in several clusters (themes) appears on each of their sheets."""
    sheets: dict[str, list[dict]] = {}
    count = 0
    for recommendation, row in matrix_rows(qs, progress):
        count += 1
        for name in _groups(recommendation, sheets_by):
            sheets.setdefault(name, []).append(row)
    workbook = Workbook(write_only=True)
    taken: set[str] = set()
    if not sheets:
        sheets[_("Recommendations")] = []
    none = {_("No cluster"), _("No theme")}
    entries = []
    for name in sorted(sheets, key=lambda name: (name in none, name.lower())):
        entries.append((name, _sheet(workbook, name, sheets[name], taken), len(sheets[name])))
    if any(" ".join(name.split()) != title for name, title, _count in entries):
        _index(workbook, entries)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue(), count
