"""HTML in sources: UPR Info's exports write "&#40;Unknown&#41;", some spreadsheets
"Women&amp;girls" or "<br>" inside texts. Entities and simple markup are decoded once, on
import, in every text and name a row carries, so "(Unknown)" is one State, not two.

Only the tags sources put in running text are read (line breaks and paragraphs become line
ends; emphasis, spans and links are dropped, their words kept): any other "<" stays text,
as in "children < 18". Rectrack's own export is not decoded again: its texts are stored
ones (a stored "&lt;" stays "&lt;")."""

import html
import re

from rectrack.imports import normalise
from rectrack.imports.parsers.base import ParsedRecommendation, ParsedTheme

_BREAK = re.compile(r"<\s*(?:br|p|/p|div|/div|li)\b[^<>]*>", re.IGNORECASE)
_INLINE = re.compile(
    r"<\s*/?\s*(?:a|b|i|u|em|strong|span|font|sup|sub|small|ul|ol|/li)\b[^<>]*>", re.IGNORECASE
)


def decoded(text: str) -> str:
    """'Ratify &#40;OPCAT&#41;<br>now' -> 'Ratify (OPCAT)\\nnow'; text without markup as is."""
    if "<" not in text and "&" not in text:
        return text
    changed = _INLINE.sub("", _BREAK.sub("\n", text))
    return normalise.clean(html.unescape(changed))


def _line(text: str) -> str:
    return normalise.one_line(decoded(text))


def decode_row(row: ParsedRecommendation) -> None:
    row.text = decoded(row.text)
    row.heading = _line(row.heading)
    row.reference = _line(row.reference)
    row.mechanism = _line(row.mechanism)
    row.document_symbol = _line(row.document_symbol)
    row.document_title = _line(row.document_title)
    row.country = _line(row.country)
    row.recommending_states = [name for name in map(_line, row.recommending_states) if name]
    row.affected_groups = [name for name in map(_line, row.affected_groups) if name]
    row.themes = [
        ParsedTheme(name=_line(theme.name), code=theme.code)
        for theme in row.themes
        if _line(theme.name)
    ]
