"""The report's charts: the same SVG charts as the web pages (reports.charts), drawn to PNG
for Word and PDF by CairoSVG. Where the Cairo library is missing (a Windows laptop without
it), there are no chart images and reports carry the charts' tables alone.

CairoSVG draws text with Cairo's simple text API, which neither joins Arabic, nor orders
right-to-left text, nor looks for a missing glyph in another font: so each label in Arabic
is joined and put in visual order here, and set in DejaVu Sans (which has Arabic and Latin
letters), and each label in Chinese is set in WenQuanYi Zen Hei (Chinese and Latin)."""

import re
from xml.sax.saxutils import escape, unescape

from django.utils.translation import gettext as _

from rectrack.recommendations.models import Recommendation
from rectrack.reports import charts
from rectrack.reports.documents.content import ReportContent
from rectrack.reports.documents.scripts import has_cjk, has_rtl, is_complex, is_rtl, shaped, visual
from rectrack.reports.selectors import status_labels

CHART_ROWS = 20  # groups drawn; the table beside the chart lists them all
PIXELS_WIDE = 1600  # for print: 640 SVG units at 2.5 pixels each
_TEXT = re.compile(r"<text\b([^>]*)>([^<]*)</text>")
_ENTITIES = {"&quot;": '"', "&#x27;": "'"}


def _label(match: re.Match) -> str:
    attributes, escaped = match.groups()
    text = unescape(escaped, _ENTITIES)
    if not is_complex(text) or "font-family" in attributes:
        return match.group(0)
    family = "WenQuanYi Zen Hei" if has_cjk(text) else "DejaVu Sans"
    if has_rtl(text):
        text = visual(shaped(text), is_rtl(text))
    return f'<text{attributes} font-family="{family}">{escape(text)}</text>'


def for_cairo(svg: str) -> str:
    """The chart with its Arabic and Chinese labels made drawable by Cairo's simple text;
    in a mirrored (right-to-left) chart, each label anchored as the browser anchors it,
    since Cairo ignores the SVG's direction."""
    if 'direction="rtl"' in svg:
        svg = _TEXT_TAG.sub(_anchor_for_rtl, svg)
    return _TEXT.sub(_label, svg)


_TEXT_TAG = re.compile(r"<text\b[^>]*>")
_ANCHOR = re.compile(r'\btext-anchor="(start|middle|end)"')
_FLIPPED = {"start": "end", "end": "start", "middle": "middle"}


def _anchor_for_rtl(match: re.Match) -> str:
    """In right-to-left text, "start" is the right end: Cairo, left to right always, must
    be told "end" (and the other way round)."""
    tag = match.group(0)
    if _ANCHOR.search(tag):
        return _ANCHOR.sub(lambda m: f'text-anchor="{_FLIPPED[m.group(1)]}"', tag)
    return tag.replace("<text", '<text text-anchor="end"', 1)


def png(svg: str) -> bytes | None:
    """The chart as PNG, or None without the Cairo library. CairoSVG reads no file or
    address the SVG might name (its default), and our SVG names none."""
    try:
        import cairosvg
    except OSError:  # cairocffi found no Cairo library
        return None
    drawable = for_cairo(svg)
    return cairosvg.svg2png(bytestring=drawable.encode("utf-8"), output_width=PIXELS_WIDE)


def report_charts(content: ReportContent) -> list[tuple[str, bytes]]:
    """(title, PNG) of each summary chart that has two bars or more: status by group, and
    recommendations by position; none without the Cairo library."""
    rows = [(group.label, group.status_counts()) for group in content.groups][:CHART_ROWS]
    status_title = _("Implementation status by group")
    positions: dict[str, int] = {}
    for entry in content.entries:
        label = entry.recommendation.get_position_display() or _("Not stated")
        positions[str(label)] = positions.get(str(label), 0) + 1
    order = [str(label) for label in Recommendation.Position.labels] + [_("Not stated")]
    position_items = [(label, positions[label]) for label in order if label in positions]
    position_title = _("Recommendations by position")
    svgs = [
        (
            status_title,
            charts.stacked_bar_chart(
                chart_id="report-status",
                title=status_title,
                description=status_title,
                series=status_labels(),
                rows=rows,
                styles=charts.STATUS_STYLES,
                empty=_("No recommendations."),
            ),
        ),
        (
            position_title,
            charts.bar_chart(
                chart_id="report-positions",
                title=position_title,
                description=position_title,
                items=position_items,
                empty=_("No recommendations."),
            ),
        ),
    ]
    bars = [len([row for row in rows if sum(row[1])]), len(position_items)]
    # A chart of one bar says nothing its number does not (a treaty body's report: every
    # recommendation "Not stated"): left out; the summary table still gives the figures.
    svgs = [chart for chart, count in zip(svgs, bars, strict=True) if count > 1]
    images = [(title, png(str(svg))) for title, svg in svgs]
    return [(title, image) for title, image in images if image is not None]
