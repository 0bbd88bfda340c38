"""A report as a Word document: a title page, the summary figures, then per group each
recommendation (reference, text, source, position, status) followed by its actions and its
approved progress, and an annex table of every recommendation. Headings use Word's heading
styles (the document has a navigable outline); tables repeat their header row on every page.
Everything is text written through python-docx, which escapes it: imported text cannot
inject markup. Right-to-left paragraphs, fonts and languages for every script: docx_text."""

import io
from unicodedata import east_asian_width

from django.conf import settings
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Mm, Pt

from rectrack.reports.documents.content import (
    Entry,
    ReportContent,
    action_line,
    date_label,
    plan_headers,
    plan_rows,
    progress_label,
)
from rectrack.reports.documents.docx_text import (
    set_directions,
    set_fonts_and_languages,
    set_report_direction,
)
from rectrack.reports.documents.figures import report_charts
from rectrack.reports.documents.templates import Grouping, Part
from rectrack.reports.selectors import status_labels

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PAPER = {"a4": (Mm(210), Mm(297)), "letter": (Mm(215.9), Mm(279.4))}
TABLE_TEXT = Pt(9)
LETTER = Cm(0.18)  # a letter's width at 9 points, with room for bold and wider fonts
CELL_PADDING = Cm(0.45)


def _bold(run) -> None:
    run.bold = True
    run.font.cs_bold = True  # Word sets Arabic in the complex-script weight


def _repeat_header(table) -> None:
    properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _text_width(document) -> int:
    section = document.sections[0]
    return section.page_width - section.left_margin - section.right_margin


def _table(
    document,
    headers: list[str],
    rows: list[list[object]],
    shares: list[float],
    turn_headers: list[bool] | None = None,
):
    """A table whose columns take `shares` of the text width (the recommendation text the
    most): Word and LibreOffice then wrap each cell between words, where an even split
    left the text a word or two a line. The widths go in the grid and in every cell, as
    both programs read one or the other."""
    turn_headers = turn_headers or [False] * len(headers)
    widths = _column_widths(document, headers, rows, shares, turn_headers)
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.autofit = False
    for column, column_width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        column.w = column_width
    for cell, header, turned in zip(table.rows[0].cells, headers, turn_headers, strict=True):
        cell.text = ""
        _bold(cell.paragraphs[0].add_run(header))
        if turned:  # a narrow column of numbers: its header read upwards, never cut
            direction = OxmlElement("w:textDirection")
            direction.set(qn("w:val"), "btLr")
            cell._tc.get_or_add_tcPr().append(direction)
    if any(turn_headers):
        turned = [header for header, turn in zip(headers, turn_headers, strict=True) if turn]
        table.rows[0].height = _turned_height(turned)
        table.rows[0].height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = "" if value is None else str(value)
    for row in table.rows:
        for cell, column_width in zip(row.cells, widths, strict=True):
            cell.width = column_width
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = TABLE_TEXT
    _repeat_header(table)
    return table


def _longest_word(texts) -> int:
    """The longest word of these texts, in Latin letters' widths (_letters)."""
    widths = [sum(map(_letters, word)) for text in texts for word in str(text or "").split()]
    return max(widths, default=1)


def _letters(char: str) -> float:
    """A character's width in Latin letters: a Chinese one two, an Arabic one (joined,
    often set in a wider font) one and a half."""
    if east_asian_width(char) in "WF":
        return 2
    return 1.5 if "\u0600" <= char <= "\u06ff" else 1


def _column_widths(document, headers, rows, shares, turned) -> list[Emu]:
    """Widths set from the content: each column at least as wide as its longest word (so
    no word is cut), the rest of the text width shared as `shares` say (the recommendation
    text taking most)."""
    width = _text_width(document)
    least = []
    for index, header in enumerate(headers):
        texts = [row[index] for row in rows] + ([] if turned[index] else [header])
        least.append(min(int(width * 0.4), CELL_PADDING + LETTER * _longest_word(texts)))
    spare = max(0, width - sum(least))
    total = sum(shares)
    return [Emu(int(w + spare * share / total)) for w, share in zip(least, shares, strict=True)]


def _turned_height(headers: list[str]) -> Cm:
    """A header row tall enough for its turned labels' longest word (a Chinese character
    taking about two Latin letters), so no label is cut or broken inside a word."""
    return Cm(min(6.0, 0.6 + 0.2 * _longest_word(headers)))


def _page_setup(document) -> None:
    """A4 (or US Letter, RECTRACK_PAPER), the page number centred in every footer, and
    text set as the PDF sets it: 10 points, a little space after each paragraph."""
    normal = document.styles["Normal"]
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(3)
    normal.paragraph_format.line_spacing = 1.0
    for level, size in ((1, 14), (2, 11), (3, 10)):
        heading = document.styles[f"Heading {level}"]
        heading.font.size = Pt(size)
        heading.paragraph_format.space_before = Pt(8 if level == 1 else 6)
        heading.paragraph_format.space_after = Pt(2)
    section = document.sections[0]
    section.page_width, section.page_height = PAPER[settings.RECTRACK_PAPER]
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Cm(2))
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _title_page(document, content: ReportContent) -> None:
    document.add_heading(content.title, level=0)
    for line in content.scope():
        document.add_paragraph(line)
    document.add_paragraph(str(content.template.introduction))
    start, end = content.period
    if start or end:
        period = _("Period: %(start)s to %(end)s") % {
            "start": date_label(start) or "…",
            "end": date_label(end) or "…",
        }
        document.add_paragraph(period)
    document.add_paragraph(
        _("Draft generated by Rectrack on %(date)s.") % {"date": date_label(content.generated)}
    )
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _summary(document, content: ReportContent) -> None:
    document.add_heading(_("Summary"), level=1)
    entries = content.entries
    document.add_paragraph(
        _("This report covers %(count)d recommendations.") % {"count": len(entries)}
    )
    for title, image in report_charts(content):
        document.add_picture(io.BytesIO(image), width=Cm(16))
        document.paragraphs[-1].runs[0]._r.xpath("./w:drawing//wp:docPr")[0].set("descr", title)
    labels = [*status_labels(), _("Total")]
    rows = content.summary_rows()
    # The numbers' headers read upwards when their words would not fit across (English,
    # French ...); not in a right-to-left report, whose turned cells LibreOffice misplaces.
    needed = len(labels) * (CELL_PADDING + LETTER * _longest_word(labels))
    group = CELL_PADDING + LETTER * _longest_word(row[0] for row in rows)
    turn = not get_language_bidi() and needed + group > _text_width(document)
    _table(
        document,
        [_("Group"), *labels],
        rows,
        [4.0, *([1.0] * len(labels))],
        [False, *([turn] * len(labels))],
    )


def _plan(document, content: ReportContent) -> None:
    """The implementation plan: each action once, then the indicators that measure them."""
    document.add_heading(_("Actions and indicators"), level=1)
    action_headers, indicator_headers = plan_headers()
    actions, indicators = plan_rows(content)
    if not actions:
        document.add_paragraph(_("No action is planned for these recommendations."))
        return
    _table(document, action_headers, actions, [3.0, 1.5, 1.0, 0.4, 0.4, 0.5, 0.8])
    if indicators:
        document.add_heading(_("Indicators"), level=2)
        _table(document, indicator_headers, indicators, [2.0, 2.0, 0.6, 0.6, 0.8, 0.5])


def _entry(document, entry: Entry, parts: tuple[str, ...]) -> None:
    document.add_heading(entry.heading, level=2)
    document.add_paragraph(entry.recommendation.text)
    for fact in entry.facts():
        document.add_paragraph(fact)
    if Part.ACTIONS in parts and entry.actions:
        document.add_heading(_("Actions taken"), level=3)
        for action in entry.actions:
            document.add_paragraph(action_line(action), style="List Bullet")
    if Part.PROGRESS in parts and entry.narratives:
        document.add_heading(_("Progress"), level=3)
        for update in entry.narratives:
            paragraph = document.add_paragraph()
            _bold(paragraph.add_run(progress_label(update)))
            paragraph.add_run(update.narrative)


def _annex(document, content: ReportContent) -> None:
    document.add_heading(_("Annex: all recommendations"), level=1)
    headers = [_("Reference"), _("Recommendation"), _("Position"), _("Status")]
    with_group = content.grouping != Grouping.NONE
    if with_group:
        headers.append(_("Group"))
    rows = []
    for entry in content.entries:  # the source is under each recommendation in the body
        recommendation = entry.recommendation
        row = [
            entry.heading,
            recommendation.text,
            recommendation.get_position_display(),
            recommendation.get_implementation_status_display(),
        ]
        rows.append([*row, entry.group] if with_group else row)
    shares = [0.2, 6.0, 0.1, 0.1]
    _table(document, headers, rows, [*shares, 0.2] if with_group else shares)


def write(content: ReportContent) -> bytes:
    document = Document()
    _page_setup(document)
    set_fonts_and_languages(document, get_language())
    _title_page(document, content)
    if Part.SUMMARY in content.parts:
        _summary(document, content)
    if Part.PLAN in content.parts:
        _plan(document, content)
    if Part.RECOMMENDATIONS in content.parts:
        for group in content.groups:
            document.add_heading(group.label, level=1)
            for entry in group.entries:
                _entry(document, entry, content.parts)
    if Part.ANNEX in content.parts:
        _annex(document, content)
    rtl = get_language_bidi()
    if rtl:
        set_report_direction(document)
    set_directions(document, rtl_default=rtl)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
