"""The same report as PDF, for people who only read: the Word document's structure (title,
summary with charts and tables, groups, recommendations, annex) with a navigable outline
(PDF bookmarks from the headings) and table header rows repeated on every page.

ReportLab's paragraphs read a little markup, so every text from the database is escaped
before it reaches one. Text is set in DejaVu Sans when the system has it (Latin, Cyrillic,
Greek, Arabic letters; Arabic is not joined and Chinese needs another font), else Helvetica."""

import io
from pathlib import Path
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
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
    progress_label,
)
from rectrack.reports.documents.figures import report_charts
from rectrack.reports.documents.templates import Grouping, Part
from rectrack.reports.selectors import status_labels

CONTENT_TYPE = "application/pdf"
FONT_FILES = {
    "DejaVuSans": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "DejaVuSans-Bold": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
}
WIDTH = A4[0] - 4 * cm


def _fonts() -> tuple[str, str]:
    if all(Path(path).exists() for path in FONT_FILES.values()):
        for name, path in FONT_FILES.items():
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(name, path))
        return "DejaVuSans", "DejaVuSans-Bold"
    return "Helvetica", "Helvetica-Bold"


class _Report(SimpleDocTemplate):
    """Headings become PDF bookmarks, nested by level."""

    def afterFlowable(self, flowable):  # noqa: N802 - ReportLab's hook
        level = getattr(flowable, "outline_level", None)
        if level is not None:
            key = f"h{id(flowable)}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.getPlainText(), key, level=level, closed=True)


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = _fonts()
    sheet = getSampleStyleSheet()
    styles = {
        "title": ParagraphStyle("title", sheet["Title"], fontName=bold),
        "body": ParagraphStyle("body", sheet["BodyText"], fontName=regular, spaceAfter=4),
        "cell": ParagraphStyle("cell", sheet["BodyText"], fontName=regular, fontSize=8, leading=10),
        "head": ParagraphStyle("head", sheet["BodyText"], fontName=bold, fontSize=8, leading=10),
    }
    for level, size in ((1, 16), (2, 12), (3, 10)):
        styles[f"h{level}"] = ParagraphStyle(
            f"h{level}", sheet[f"Heading{level}"], fontName=bold, fontSize=size
        )
    return styles


def _text(value: object) -> str:
    return escape("" if value is None else str(value)).replace("\n", "<br/>")


class _Flow:
    def __init__(self):
        self.styles = _styles()
        self.items: list = []

    def paragraph(self, text: object, style: str = "body") -> None:
        self.items.append(Paragraph(_text(text), self.styles[style]))

    def heading(self, text: object, level: int) -> None:
        paragraph = Paragraph(_text(text), self.styles[f"h{level}"])
        paragraph.outline_level = level - 1
        self.items.append(paragraph)

    def table(self, headers: list[str], rows: list[list[object]], widths: list[float]) -> None:
        data = [[Paragraph(_text(h), self.styles["head"]) for h in headers]]
        data += [[Paragraph(_text(value), self.styles["cell"]) for value in row] for row in rows]
        table = LongTable(data, colWidths=[WIDTH * share for share in widths], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8ecef")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
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
            WIDTH,
            WIDTH * picture.imageHeight / picture.imageWidth,
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


def write(content: ReportContent) -> bytes:
    flow = _Flow()
    flow.items.append(Paragraph(_text(content.title), flow.styles["title"]))
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
    document = _Report(out, pagesize=A4, title=content.title, author="Rectrack")
    document.build(flow.items)
    return out.getvalue()
