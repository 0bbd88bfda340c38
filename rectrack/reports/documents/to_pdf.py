"""The same report as PDF, for people who only read: the Word document's structure (title,
summary with charts and tables, groups, recommendations, annex) with a navigable outline
(PDF bookmarks from the headings) and table header rows repeated on every page.

ReportLab's paragraphs read a little markup, so every text from the database is escaped
before it reaches one. Arabic, Chinese and Cyrillic text is set in fonts that have its
glyphs, Arabic joined and right-to-left text in reading order (pdf_text); a report in Arabic
also lays its tables out from right to left. Without DejaVu Sans, Latin text falls back to
Helvetica."""

import io
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import (
    Image,
    LongTable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)

from rectrack.reports.documents.content import (
    Entry,
    ReportContent,
    action_line,
    date_label,
    plan_headers,
    plan_rows,
    progress_label,
)
from rectrack.reports.documents.figures import report_charts
from rectrack.reports.documents.pdf_text import (
    FontSet,
    SetParagraph,
    font_sets,
    right_to_left,
)
from rectrack.reports.documents.scripts import is_complex, is_rtl
from rectrack.reports.documents.templates import Grouping, Part
from rectrack.reports.selectors import status_labels

CONTENT_TYPE = "application/pdf"
PAPER = {"a4": A4, "letter": LETTER}
MARGIN = 2 * cm
BOLD_STYLES = ("title", "head", "h1", "h2", "h3")


class _Report(SimpleDocTemplate):
    """Headings become PDF bookmarks, nested by level."""

    def afterFlowable(self, flowable):  # noqa: N802 - ReportLab's hook
        level = getattr(flowable, "outline_level", None)
        if level is not None:
            key = f"h{id(flowable)}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.getPlainText(), key, level=level, closed=True)


def _styles(regular: FontSet, bold: FontSet) -> dict[str, ParagraphStyle]:
    sheet = getSampleStyleSheet()
    styles = {
        "title": ParagraphStyle("title", sheet["Title"], fontName=bold.name),
        "body": ParagraphStyle("body", sheet["BodyText"], fontName=regular.name, spaceAfter=4),
        "cell": ParagraphStyle(
            "cell", sheet["BodyText"], fontName=regular.name, fontSize=8, leading=10
        ),
        "head": ParagraphStyle(
            "head", sheet["BodyText"], fontName=bold.name, fontSize=8, leading=10
        ),
    }
    for level, size in ((1, 16), (2, 12), (3, 10)):
        styles[f"h{level}"] = ParagraphStyle(
            f"h{level}", sheet[f"Heading{level}"], fontName=bold.name, fontSize=size
        )
    return styles


def _text(value: str) -> str:
    return escape(value).replace("\n", "<br/>")


def _page_number(canvas, document) -> None:
    """The page's number, centred below the text, in the report's own font."""
    canvas.saveState()
    canvas.setFont(document.initialFontName, 8)
    canvas.drawCentredString(document.pagesize[0] / 2, MARGIN / 2, str(canvas.getPageNumber()))
    canvas.restoreState()


class _Flow:
    """The report's flowables; `rtl`: the report's language is written right to left."""

    def __init__(self):
        self.paper = PAPER[settings.RECTRACK_PAPER]
        self.width = self.paper[0] - 2 * MARGIN  # the text's, between the margins
        self.rtl = get_language_bidi()
        regular, bold = font_sets()
        self.styles = _styles(regular, bold)
        self.rtl_styles = {name: right_to_left(style) for name, style in self.styles.items()}
        self.fonts = {name: bold if name in BOLD_STYLES else regular for name in self.styles}
        self.items: list = []

    def text(self, value: object, style: str = "body"):
        """A paragraph of plain text (never markup), in fonts and order fit for its script."""
        text = "" if value is None else str(value)
        styles = (self.styles[style], self.rtl_styles[style])
        if is_complex(text):
            return SetParagraph(text, styles, self.fonts[style], self.rtl)
        return Paragraph(_text(text), styles[is_rtl(text, self.rtl)])

    def paragraph(self, text: object, style: str = "body") -> None:
        self.items.append(self.text(text, style))

    def heading(self, text: object, level: int) -> None:
        paragraph = self.text(text, f"h{level}")
        paragraph.outline_level = level - 1
        self.items.append(paragraph)

    def table(self, headers: list[str], rows: list[list[object]], widths: list[float]) -> None:
        """Columns from the right in a right-to-left report."""
        order = slice(None, None, -1) if self.rtl else slice(None)
        data = [[self.text(h, "head") for h in headers[order]]]
        data += [[self.text(value, "cell") for value in row[order]] for row in rows]
        columns = [self.width * share for share in widths[order]]
        table = LongTable(data, colWidths=columns, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8ecef")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    # Cells' own font (their paragraphs have theirs): no unembedded Helvetica.
                    ("FONTNAME", (0, 0), (-1, -1), self.styles["cell"].fontName),
                ]
            )
        )
        self.items.append(table)
        self.items.append(Spacer(1, 0.4 * cm))


def _summary(flow: _Flow, content: ReportContent) -> None:
    flow.heading(_("Summary"), 1)
    entries = content.entries
    flow.paragraph(_("This report covers %(count)d recommendations.") % {"count": len(entries)})
    for _title, image in report_charts(content):
        picture = Image(io.BytesIO(image))
        picture.drawWidth, picture.drawHeight = (
            flow.width,
            flow.width * picture.imageHeight / picture.imageWidth,
        )
        flow.items.append(picture)
    share = 0.7 / 7
    headers = [_("Group"), *status_labels(), _("Total")]
    flow.table(headers, content.summary_rows(), [0.3] + [share] * 7)


def _entry(flow: _Flow, entry: Entry, parts: tuple[str, ...]) -> None:
    flow.heading(entry.heading, 2)
    flow.paragraph(entry.recommendation.text)
    for fact in entry.facts():
        flow.paragraph(fact)
    if Part.ACTIONS in parts and entry.actions:
        flow.heading(_("Actions taken"), 3)
        for action in entry.actions:
            flow.paragraph(f"• {action_line(action)}")
    if Part.PROGRESS in parts and entry.narratives:
        flow.heading(_("Progress"), 3)
        for update in entry.narratives:
            flow.paragraph(progress_label(update) + update.narrative)


def _plan(flow, content: ReportContent) -> None:
    """The implementation plan's two tables, as in the Word report."""
    flow.heading(_("Actions and indicators"), 1)
    action_headers, indicator_headers = plan_headers()
    actions, indicators = plan_rows(content)
    if not actions:
        flow.paragraph(_("No action is planned for these recommendations."))
        return
    flow.table(action_headers, actions, [0.24, 0.18, 0.16, 0.1, 0.1, 0.1, 0.12])
    if indicators:
        flow.heading(_("Indicators"), 2)
        flow.table(indicator_headers, indicators, [0.22, 0.26, 0.13, 0.13, 0.14, 0.12])


def write(content: ReportContent) -> bytes:
    flow = _Flow()
    flow.paragraph(content.title, "title")
    for line in content.scope():
        flow.paragraph(line)
    flow.paragraph(content.template.introduction)
    start, end = content.period
    if start or end:
        period = {"start": date_label(start) or "…", "end": date_label(end) or "…"}
        flow.paragraph(_("Period: %(start)s to %(end)s") % period)
    flow.paragraph(
        _("Draft generated by Rectrack on %(date)s.") % {"date": date_label(content.generated)}
    )
    flow.items.append(PageBreak())
    if Part.SUMMARY in content.parts:
        _summary(flow, content)
    if Part.PLAN in content.parts:
        _plan(flow, content)
    if Part.RECOMMENDATIONS in content.parts:
        for group in content.groups:
            flow.heading(group.label, 1)
            for entry in group.entries:
                _entry(flow, entry, content.parts)
    if Part.ANNEX in content.parts:
        flow.heading(_("Annex: all recommendations"), 1)
        headers = [_("Reference"), _("Recommendation"), _("Position"), _("Status"), _("Group")]
        rows = [
            [
                entry.heading,
                entry.recommendation.text,
                entry.recommendation.get_position_display(),
                entry.recommendation.get_implementation_status_display(),
                entry.group if content.grouping != Grouping.NONE else "",
            ]
            for entry in content.entries
        ]
        flow.table(headers, rows, [0.16, 0.5, 0.1, 0.12, 0.12])
    out = io.BytesIO()
    document = _Report(
        out,
        pagesize=flow.paper,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=content.title,
        author="Rectrack",
        # Pages start in the report's own font: no other (unembedded) font is named.
        initialFontName=flow.styles["body"].fontName,
    )
    document.build(flow.items, onFirstPage=_page_number, onLaterPages=_page_number)
    return out.getvalue()
