"""Text in the PDF in every script: ReportLab sets each piece of text in one TrueType font
and neither shapes Arabic nor reorders right-to-left text, so Rectrack does both.

- Fonts, from Debian's packages: DejaVu Sans (fonts-dejavu-core: Latin, Greek, Cyrillic),
  Noto Sans Arabic (fonts-noto-core) and WenQuanYi Zen Hei (fonts-wqy-zenhei, the Chinese
  font whose outlines are TrueType: ReportLab cannot embed the CFF outlines of Noto CJK).
  Each character is set in the first of them that has it, preferring the one of its script;
  neutral characters (spaces, digits, punctuation) stay in the font of the text around them.
  A font is read from disk the first time a character needs it.
- A paragraph that holds right-to-left or Chinese text is laid out here: Arabic joined
  (scripts.shaped), broken into lines that fit (between words, and between any two Chinese
  characters), then each line put in visual order (scripts.visual): reordering a whole
  paragraph before breaking it would put its lines in the wrong order. Right-to-left
  paragraphs are right-aligned. Each line is drawn as it was laid out, in runs of one font
  (ReportLab's Paragraph, with its markup parser, would take twice as long); other
  paragraphs go to ReportLab's Paragraph as they are.
"""

import copy
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate
from pathlib import Path

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable

from rectrack.reports.documents.scripts import CJK_CLASS, has_rtl, is_rtl, shaped, visual

DEJAVU = "/usr/share/fonts/truetype/dejavu/"
NOTO = "/usr/share/fonts/truetype/noto/"
WQY = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
_lock = threading.Lock()


@dataclass(frozen=True)
class Font:
    name: str
    path: str
    subfont: int = 0

    @property
    def present(self) -> bool:
        return Path(self.path).exists()

    @cached_property
    def glyphs(self) -> frozenset[int]:
        """The characters the font has; registers it with ReportLab on first use."""
        with _lock:
            if self.name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(self.name, self.path, subfontIndex=self.subfont))
        return frozenset(pdfmetrics.getFont(self.name).face.charToGlyph)


@dataclass(frozen=True)
class _Standard:
    """ReportLab's built-in Helvetica, when DejaVu Sans is not installed: Latin-1 only."""

    name: str
    present: bool = True
    glyphs: frozenset[int] = frozenset(range(32, 256))


LATIN = Font("DejaVuSans", DEJAVU + "DejaVuSans.ttf")
LATIN_BOLD = Font("DejaVuSans-Bold", DEJAVU + "DejaVuSans-Bold.ttf")
ARABIC = Font("NotoSansArabic", NOTO + "NotoSansArabic-Regular.ttf")
ARABIC_BOLD = Font("NotoSansArabic-Bold", NOTO + "NotoSansArabic-Bold.ttf")
CJK = Font("WenQuanYiZenHei", WQY)  # no bold face: bold Chinese is set in the regular one

_ARABIC_SCRIPT = re.compile("[\u0600-\u08ff\ufb50-\ufdff\ufe70-\ufefc]")
_CJK_CHAR = re.compile(f"[{CJK_CLASS}]")
# Lines break at spaces, and around every Chinese character but before closing and after
# opening punctuation.
_CLOSING = "、。，．：；？！）」』】〕〉》”’％,.:;?!)]}%"
_OPENING = "（「『【〔〈《“‘([{"
_UNIT = re.compile(
    rf"\s+|[{re.escape(_OPENING)}]*[{CJK_CLASS}][{re.escape(_CLOSING)}]*"
    rf"|[^\s{CJK_CLASS}]+[{re.escape(_CLOSING)}]*"
)


class FontSet:
    """The fonts of one weight, and the choice of font for each character."""

    def __init__(self, latin: Font, arabic: Font, cjk: Font):
        self.latin = (
            latin
            if latin.present
            else _Standard("Helvetica-Bold" if "Bold" in latin.name else "Helvetica")
        )
        present = [font for font in (arabic, cjk) if font.present]
        self.arabic = arabic if arabic.present else self.latin
        self.cjk = cjk if cjk.present else self.latin
        self._fallbacks = [self.latin, *present]
        self._choices: dict[tuple[str, str], object] = {}
        self._advances: dict[tuple[str, str], float] = {}

    @property
    def name(self) -> str:
        return self.latin.name

    def _font_for(self, char: str, current) -> object:
        key = (char, current.name if current else "")
        font = self._choices.get(key)
        if font is None:
            font = self._choices[key] = self._choose(char, current)
        return font

    def _choose(self, char: str, current):
        code = ord(char)
        if _CJK_CHAR.match(char):
            preferred = [self.cjk]
        elif _ARABIC_SCRIPT.match(char):
            preferred = [self.arabic]
        elif current is not None and unicodedata.bidirectional(char) not in ("L", "R", "AL"):
            preferred = [current]  # neutral: stays with the text around it
        else:
            preferred = []
        for font in (*preferred, *self._fallbacks):
            if code in font.glyphs:
                return font
        return current or self.latin

    def runs(self, text: str) -> list[tuple[str, str]]:
        """(font name, text) pieces, each in one font."""
        pieces: list[tuple[object, list[str]]] = []
        current = None
        for char in text:
            font = self._font_for(char, current)
            if font is current:
                pieces[-1][1].append(char)
            else:
                pieces.append((font, [char]))
                current = font
        return [(font.name, "".join(chars)) for font, chars in pieces]

    def widths(self, text: str) -> list[float]:
        """Each character's advance, at size 1, in the font runs() sets it in."""
        advances, current = [], None
        for char in text:
            current = self._font_for(char, current)
            key = (char, current.name)
            advance = self._advances.get(key)
            if advance is None:
                advance = self._advances[key] = pdfmetrics.stringWidth(char, current.name, 1)
            advances.append(advance)
        return advances


def _broken(text: str, fonts: FontSet, size: float, width: float) -> list[str]:
    """The text's lines, in logical order, each no wider than `width`."""
    lines: list[str] = []
    room = width / size  # in units of the font size, as FontSet.widths measures
    for hard_line in text.split("\n"):
        ends = [0.0, *accumulate(fonts.widths(hard_line))]
        start, used = None, 0.0  # where the line being filled starts, its width so far
        end = 0  # where its last word ends
        for unit in _UNIT.finditer(hard_line):
            a, b = unit.span()
            if unit.group().isspace():
                continue
            if start is not None and used + (ends[a] - ends[end]) + (ends[b] - ends[a]) > room:
                lines.append(hard_line[start:end])
                start = None
            if start is None:
                start, used = a, 0.0
                while ends[b] - ends[start] > room and b - start > 1:  # longer than a line
                    cut = start + 1
                    while cut + 1 < b and ends[cut + 1] - ends[start] <= room:
                        cut += 1
                    lines.append(hard_line[start:cut])
                    start = cut
                used = ends[b] - ends[start]
            else:
                used += (ends[a] - ends[end]) + (ends[b] - ends[a])
            end = b
        lines.append("" if start is None else hard_line[start:end])
    return lines


class SetParagraph(Flowable):
    """A paragraph laid out by Rectrack for the width it is given (see the module's
    docstring) and drawn line by line; `styles` are the left-to-right style and its
    right-to-left (right-aligned) twin."""

    def __init__(self, text: str, styles: tuple, fonts: FontSet, rtl_default: bool):
        super().__init__()
        self.text, self.fonts = text, fonts
        self.rtl = is_rtl(text, rtl_default)
        self.style = styles[1] if self.rtl else styles[0]
        self._shaped = shaped(text) if has_rtl(text) else text
        self._laid_out_for: float | None = None
        self._lines: list[tuple[float, list[tuple[str, str]]]] = []  # (width, runs) each
        self._fixed = False

    def _lay_out(self, width: float) -> None:
        if self._laid_out_for == width or self._fixed:
            return
        style, size = self.style, self.style.fontSize
        room = width - style.leftIndent - style.rightIndent
        self._lines = []
        for line in _broken(self._shaped, self.fonts, size, room):
            drawn = visual(line, self.rtl)
            self._lines.append((sum(self.fonts.widths(drawn)) * size, self.fonts.runs(drawn)))
        self._laid_out_for = width

    def wrap(self, availWidth, availHeight):  # noqa: N803 - ReportLab's names
        self._lay_out(availWidth)
        self.width, self.height = availWidth, len(self._lines) * self.style.leading
        return self.width, self.height

    def split(self, availWidth, availHeight):  # noqa: N803
        self._lay_out(availWidth)
        fit = int((availHeight + 1e-8) // self.style.leading)
        if fit >= len(self._lines):
            return [self]
        if fit < 2:  # no orphan line at the foot of a page
            return []
        first, rest = copy.copy(self), copy.copy(self)
        first._lines, rest._lines = self._lines[:fit], self._lines[fit:]
        first._fixed = rest._fixed = True  # each part keeps its lines
        rest.__dict__.pop("outline_level", None)  # one bookmark per heading
        return [first, rest]

    def draw(self):
        canvas, style = self.canv, self.style
        canvas.saveState()
        canvas.setFillColor(style.textColor)
        room = self.width - style.leftIndent - style.rightIndent
        y = self.height - style.fontSize  # the first baseline, where ReportLab puts it
        for width, runs in self._lines:
            x = style.leftIndent
            if style.alignment == TA_RIGHT:
                x += room - width
            elif style.alignment == TA_CENTER:
                x += (room - width) / 2
            text = canvas.beginText(x, y)
            for name, piece in runs:
                text.setFont(name, style.fontSize)
                text.textOut(piece)
            canvas.drawText(text)
            y -= style.leading
        canvas.restoreState()

    def getSpaceBefore(self):  # noqa: N802
        return self.style.spaceBefore

    def getSpaceAfter(self):  # noqa: N802
        return self.style.spaceAfter

    def getPlainText(self):  # noqa: N802 - the outline shows the text as written
        return self.text


def right_to_left(style: ParagraphStyle) -> ParagraphStyle:
    """The style for right-to-left paragraphs: right-aligned (a centred one stays so)."""
    if style.alignment != TA_LEFT:
        return style
    return ParagraphStyle(f"{style.name}-rtl", style, alignment=TA_RIGHT)


def font_sets() -> tuple[FontSet, FontSet]:
    """The regular and the bold fonts; the Latin ones registered (plain paragraphs name
    them), the others when a character first needs them."""
    sets = FontSet(LATIN, ARABIC, CJK), FontSet(LATIN_BOLD, ARABIC_BOLD, CJK)
    for fonts in sets:
        fonts.latin.glyphs  # noqa: B018 - registers it
    return sets
