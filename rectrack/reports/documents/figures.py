"""The report's charts: the same SVG charts as the web pages (reports.charts), drawn to PNG
for Word and PDF by CairoSVG. Where the Cairo library is missing (a Windows laptop without
it), there are no chart images and reports carry the charts' tables alone."""

from django.utils.translation import gettext as _

from rectrack.recommendations.models import Recommendation
from rectrack.reports import charts
from rectrack.reports.documents.content import ReportContent
from rectrack.reports.selectors import status_labels

CHART_ROWS = 20  # groups drawn; the table beside the chart lists them all
PIXELS_WIDE = 1600  # for print: 640 SVG units at 2.5 pixels each


def png(svg: str) -> bytes | None:
    """The chart as PNG, or None without the Cairo library. CairoSVG reads no file or
    address the SVG might name (its default), and our SVG names none."""
    try:
        import cairosvg
    except OSError:  # cairocffi found no Cairo library
        return None
    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), output_width=PIXELS_WIDE)


def report_charts(content: ReportContent) -> list[tuple[str, bytes]]:
    """(title, PNG) of each summary chart: status by group, and recommendations by
    position; empty without the Cairo library."""
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
    images = [(title, png(str(svg))) for title, svg in svgs]
    return [(title, image) for title, image in images if image is not None]
