"""Charts as self-contained SVG: the same string serves the web page, the PDF and the Word
report. Pure functions of their data; every label is escaped; colours come from the Okabe-Ito
palette (safe for colour-blind readers) and every series also has its own pattern and direct
number labels, so colour is never the only cue. Pages show a table of the numbers beside each
chart."""

import math
import re
from dataclasses import dataclass
from unicodedata import east_asian_width
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

FONT = 'font-family="Noto Sans, Segoe UI, Arial, sans-serif"'
INK = "#1b1b1b"
MUTED = "#4a4a4a"
GRID = "#c8cdd3"
WIDTH = 640
CHAR = 0.58  # average glyph width as a share of the font size, to fit labels
LINE = 14  # the height of a line of a 12-unit label


@dataclass(frozen=True)
class SeriesStyle:
    colour: str
    pattern: str  # solid, diagonal, dots, crosshatch, horizontal, vertical, backdiagonal


# Okabe-Ito colours, each paired with a distinct pattern.
STYLES = [
    SeriesStyle("#009E73", "solid"),
    SeriesStyle("#56B4E9", "diagonal"),
    SeriesStyle("#E69F00", "dots"),
    SeriesStyle("#0072B2", "horizontal"),
    SeriesStyle("#D55E00", "crosshatch"),
    SeriesStyle("#CC79A7", "backdiagonal"),
    SeriesStyle("#BBBBBB", "vertical"),
    SeriesStyle("#F0E442", "solid"),
]
# The implementation statuses, from implemented to no information (selectors.STATUS_ORDER).
STATUS_STYLES = [STYLES[i] for i in (0, 1, 2, 3, 4, 6)]
BAR_COLOUR = "#0072B2"

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: object) -> str:
    """Text or attribute content, escaped for XML (quotes included), invalid characters gone."""
    return escape(_INVALID_XML.sub("", str(value)), {'"': "&quot;", "'": "&#x27;"})


def _fit(label: str, width: float, size: float) -> str:
    limit = max(4, int(width / (size * CHAR)))
    label = _INVALID_XML.sub("", str(label))
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _lines(label: str, width: float, size: float) -> list[str]:
    """A row's label wrapped to the label column, between words (a Chinese label between
    characters, each counting as two letters), never cut: as many lines as it takes."""
    limit = max(4, int(width / (size * CHAR)))
    pieces = []
    for word in _INVALID_XML.sub("", str(label)).split():
        while _width(word) > limit:  # longer than the column: split where it must
            cut = max(1, next(i for i in range(len(word), 0, -1) if _width(word[:i]) <= limit))
            pieces.append(word[:cut])
            word = word[cut:]
        pieces.append(word)
    lines: list[str] = []
    for piece in pieces:
        if lines and _width(lines[-1]) + 1 + _width(piece) <= limit:
            lines[-1] = f"{lines[-1]} {piece}"
        else:
            lines.append(piece)
    return lines or [""]


def _width(text: str) -> int:
    return sum(2 if east_asian_width(char) in "WF" else 1 for char in text)


def _row_label(lines: list[str], x: float, middle: float) -> str:
    """The label's lines, right-aligned at x, centred on the row's middle (each line its own
    <text>, which mirrored() moves like any other)."""
    first = middle + 4 - LINE * (len(lines) - 1) / 2
    return "".join(
        f'<text x="{x}" y="{first + LINE * k:.1f}" text-anchor="end" fill="{INK}">'
        f"{_text(line)}</text>"
        for k, line in enumerate(lines)
    )


def _id(chart_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", chart_id) or "chart"


_TAG = re.compile(r"<(rect|text|line)\b[^>]*>")
# An attribute of its own: "width", never the end of "stroke-width".
_NUMBER_ATTR = re.compile(r'(?<![-\w])(x|x1|x2|width)="(-?[\d.]+)"')


def _mirror_tag(match: re.Match) -> str:
    tag = match.group(0)
    values = {name: float(value) for name, value in _NUMBER_ATTR.findall(tag)}
    if match.group(1) == "rect":
        if "x" not in values and values.get("width") == WIDTH:
            return tag  # the background
        mirrored = {"x": WIDTH - values.get("x", 0.0) - values.get("width", 0.0)}
        if "x" not in values:
            tag = tag.replace("<rect", f'<rect x="{mirrored["x"]:.1f}"', 1)
    else:
        mirrored = {name: WIDTH - values[name] for name in ("x", "x1", "x2") if name in values}

    def replace(attr: re.Match) -> str:
        name = attr.group(1)
        return f'{name}="{mirrored[name]:.1f}"' if name in mirrored else attr.group(0)

    return _NUMBER_ATTR.sub(replace, tag)


def mirrored(svg: str) -> str:
    """A chart laid out for a right-to-left language: the axis, bars and labels mirrored
    (labels at the right, bars growing leftwards), text in its own right-to-left direction so
    text-anchor keeps its meaning. The patterns' tiles (in <defs>) are left as they are."""
    head, defs, rest = svg.partition("</defs>") if "</defs>" in svg else ("", "", svg)
    body = _TAG.sub(_mirror_tag, rest)
    return (head + defs + body).replace('direction="ltr"', 'direction="rtl"', 1)


def _finish(parts: list[str]) -> SafeString:
    """The chart, mirrored when the active language is written right to left."""
    svg = "".join(parts)
    return mark_safe(mirrored(svg) if translation.get_language_bidi() else svg)


def _open(chart_id: str, height: float, title: str, description: str) -> list[str]:
    cid = _id(chart_id)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{WIDTH}" '
        f'height="{height:.0f}" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" {FONT} font-size="12" direction="ltr">',
        f'<title id="{cid}-title">{_text(title)}</title>',
        f'<desc id="{cid}-desc">{_text(description)}</desc>',
        f'<rect width="{WIDTH}" height="{height:.0f}" fill="#ffffff"/>',
    ]


def _pattern(pid: str, style: SeriesStyle) -> str:
    marks = {
        "diagonal": '<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="#ffffff" '
        'stroke-width="1.6"/>',
        "backdiagonal": '<path d="M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4" stroke="#ffffff" '
        'stroke-width="1.6"/>',
        "dots": '<circle cx="4" cy="4" r="1.6" fill="#1b1b1b"/>',
        "crosshatch": '<path d="M0,4 h8 M4,0 v8" stroke="#ffffff" stroke-width="1.4"/>',
        "horizontal": '<path d="M0,2 h8 M0,6 h8" stroke="#ffffff" stroke-width="1.2"/>',
        "vertical": '<path d="M2,0 v8 M6,0 v8" stroke="#ffffff" stroke-width="1.2"/>',
    }
    return (
        f'<pattern id="{pid}" patternUnits="userSpaceOnUse" width="8" height="8">'
        f'<rect width="8" height="8" fill="{style.colour}"/>{marks.get(style.pattern, "")}'
        "</pattern>"
    )


def _defs(cid: str, styles: list[SeriesStyle]) -> str:
    patterns = "".join(_pattern(f"{cid}-p{i}", s) for i, s in enumerate(styles))
    return f"<defs>{patterns}</defs>"


def _fill(cid: str, index: int, style: SeriesStyle) -> str:
    return style.colour if style.pattern == "solid" else f"url(#{cid}-p{index})"


def _number_label(x: float, y: float, value: int, *, anchor: str = "middle") -> str:
    """A count drawn on a white chip so it stays legible over any colour or pattern."""
    text = str(value)
    w = len(text) * 7 + 6
    left = {"middle": x - w / 2, "start": x - 3, "end": x - w + 3}[anchor]
    return (
        f'<rect x="{left:.1f}" y="{y - 10:.1f}" width="{w}" height="14" rx="2" fill="#ffffff" '
        f'fill-opacity="0.9"/><text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" '
        f'fill="{INK}">{text}</text>'
    )


def _legend(cid: str, names: list[str], styles: list[SeriesStyle], y: float) -> tuple[str, float]:
    """Swatches with their names, wrapped over as many lines as needed; returns its height."""
    parts, x = [], 8.0
    for i, (name, style) in enumerate(zip(names, styles, strict=True)):
        label = _fit(name, 180, 12)
        width = 22 + len(label) * 12 * CHAR + 16
        if x + width > WIDTH - 8 and x > 8:
            x, y = 8.0, y + 20
        parts.append(
            f'<rect x="{x:.1f}" y="{y - 11:.1f}" width="14" height="14" '
            f'fill="{_fill(cid, i, style)}" stroke="{INK}" stroke-width="0.6"/>'
            f'<text x="{x + 20:.1f}" y="{y:.1f}" fill="{INK}">{_text(label)}</text>'
        )
        x += width
    return "".join(parts), y


def _empty(chart_id: str, title: str, description: str, message: str) -> SafeString:
    parts = _open(chart_id, 48, title, description)
    parts.append(f'<text x="8" y="28" fill="{MUTED}">{_text(message)}</text></svg>')
    return _finish(parts)


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    items: list[tuple[str, int]],
    empty: str = "No data",
) -> SafeString:
    """Horizontal bars, one per (label, value), each with its value written at its end."""
    if not items:
        return _empty(chart_id, title, description, empty)
    label_w, bar_h, top = 200, 18, 10
    plot_w = WIDTH - label_w - 60
    top_value = max(value for _, value in items) or 1
    labels = [_lines(label, label_w - 12, 12) for label, _value in items]
    heights = [max(26, LINE * len(lines) + 12) for lines in labels]
    height = top + sum(heights) + 6
    parts = _open(chart_id, height, title, description)
    y = top
    for (label, value), lines, row_h in zip(items, labels, heights, strict=True):
        w = plot_w * value / top_value
        middle = y + row_h / 2
        parts.append(
            f"<g><title>{_text(label)}: {value}</title>"
            + _row_label(lines, label_w - 8, middle)
            + f'<rect class="bar" x="{label_w}" y="{middle - bar_h / 2:.1f}" width="{w:.1f}" '
            f'height="{bar_h}" fill="{BAR_COLOUR}"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{middle + 4:.1f}" fill="{INK}">{value}</text></g>'
        )
        y += row_h
    parts.append(
        f'<line x1="{label_w}" y1="{top}" x2="{label_w}" y2="{height - 6}" stroke="{MUTED}"/>'
    )
    parts.append("</svg>")
    return _finish(parts)


def stacked_bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    series: list[str],
    rows: list[tuple[str, list[int]]],
    styles: list[SeriesStyle] | None = None,
    empty: str = "No data",
) -> SafeString:
    """One horizontal bar per row, split into segments per series (e.g. statuses), with a
    legend, a number on every segment wide enough to hold it and the row's total at its end."""
    rows = [(label, values) for label, values in rows if sum(values)]
    if not rows:
        return _empty(chart_id, title, description, empty)
    styles = styles or STYLES[: len(series)]
    cid = _id(chart_id)
    legend, legend_bottom = _legend(cid, series, styles, 18)
    label_w, bar_h, top = 200, 20, legend_bottom + 14
    plot_w = WIDTH - label_w - 50
    top_total = max(sum(values) for _, values in rows)
    labels = [_lines(label, label_w - 12, 12) for label, _values in rows]
    heights = [max(28, LINE * len(lines) + 12) for lines in labels]
    height = top + sum(heights) + 6
    parts = _open(chart_id, height, title, description)
    parts += [_defs(cid, styles), legend]
    y = top
    for (label, values), lines, row_h in zip(rows, labels, heights, strict=True):
        x, total, middle = float(label_w), sum(values), y + row_h / 2
        detail = ", ".join(f"{name} {v}" for name, v in zip(series, values, strict=True) if v)
        parts.append(
            f"<g><title>{_text(label)}: {total} ({_text(detail)})</title>"
            + _row_label(lines, label_w - 8, middle)
        )
        for j, value in enumerate(values):
            if not value:
                continue
            w = plot_w * value / top_total
            parts.append(
                f'<rect class="segment" x="{x:.1f}" y="{middle - bar_h / 2:.1f}" '
                f'width="{w:.1f}" height="{bar_h}" fill="{_fill(cid, j, styles[j])}" '
                'stroke="#ffffff" stroke-width="0.8"/>'
            )
            if w >= len(str(value)) * 7 + 8:
                parts.append(_number_label(x + w / 2, middle + 4, value))
            x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{middle + 4:.1f}" fill="{INK}">{total}</text></g>')
        y += row_h
    parts.append("</svg>")
    return _finish(parts)


def _ticks(top: int) -> list[int]:
    """Three or four round gridline values up to at least the largest value."""
    if top <= 0:
        return [0]
    step = 10 ** math.floor(math.log10(top))
    for factor in (1, 2, 5, 10):
        if top / (step * factor) <= 4:
            step *= factor
            break
    return list(range(0, top + step, step))


def column_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    categories: list[str],
    series: list[str],
    values: list[list[int]],
    styles: list[SeriesStyle] | None = None,
    empty: str = "No data",
) -> SafeString:
    """Stacked columns over categories (e.g. months): values[series][category]; each column's
    total is written above it, and gridlines carry their numbers."""
    styles = styles or STYLES[: len(series)]
    cid = _id(chart_id)
    legend, legend_bottom = _legend(cid, series, styles, 18)
    left, top, plot_h = 40, legend_bottom + 24, 180
    height = top + plot_h + 36
    plot_w = WIDTH - left - 10
    totals = [sum(column) for column in zip(*values, strict=True)] if values else []
    if not any(totals):
        return _empty(chart_id, title, description, empty)
    ticks = _ticks(max(totals, default=0))
    scale = plot_h / (ticks[-1] or 1)
    base = top + plot_h
    parts = _open(chart_id, height, title, description)
    parts += [_defs(cid, styles), legend]
    for tick in ticks:
        y = base - tick * scale
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - 10}" y2="{y:.1f}" stroke="{GRID}"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{MUTED}">{tick}</text>'
        )
    slot = plot_w / max(len(categories), 1)
    bar_w = slot * 0.6
    for i, category in enumerate(categories):
        x, y = left + i * slot + (slot - bar_w) / 2, float(base)
        detail = ", ".join(f"{name} {v[i]}" for name, v in zip(series, values, strict=True) if v[i])
        parts.append(f"<g><title>{_text(category)}: {totals[i]} {_text(detail)}</title>")
        for j, column in enumerate(values):
            if not column[i]:
                continue
            h = column[i] * scale
            y -= h
            parts.append(
                f'<rect class="segment" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" '
                f'height="{h:.1f}" fill="{_fill(cid, j, styles[j])}" stroke="#ffffff" '
                'stroke-width="0.8"/>'
            )
        if totals[i]:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" '
                f'fill="{INK}">{totals[i]}</text>'
            )
        parts.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{base + 16}" text-anchor="middle" '
            f'font-size="10" fill="{INK}">{_text(_fit(category, slot, 10))}</text></g>'
        )
    parts.append(f'<line x1="{left}" y1="{base}" x2="{WIDTH - 10}" y2="{base}" stroke="{INK}"/>')
    parts.append("</svg>")
    return _finish(parts)
