"""Writing systems in report documents: which way a text runs (by its first strong
character, as the Unicode bidi algorithm decides a paragraph's direction), its stretches of
one direction, and, for renderers that neither shape nor reorder (ReportLab, Cairo's simple
text), Arabic letters joined (arabic-reshaper: the contextual presentation forms, which
NFKC folds back) and a line put in visual order (python-bidi). Pure functions."""

import re
import unicodedata
from functools import lru_cache

import arabic_reshaper
from bidi import get_display
from bidi.algorithm import get_display as get_display_mirrored

# Hebrew, Arabic, Syriac, Thaana, N'Ko ... and their presentation forms.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff]")
_ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
# Han, kana, Hangul, their punctuation and full-width forms: lines break between them.
CJK_CLASS = (
    "\u1100-\u11ff\u2e80-\u2fdf\u3000-\u30ff\u3100-\u31ff\u3200-\ua4cf\uac00-\ud7af"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff"
)
_CJK = re.compile(f"[{CJK_CLASS}]")
# Anything a plain Latin, Greek or Cyrillic font (DejaVu) may not set on its own.
_COMPLEX = re.compile("[\u0590-\u1dff\u200e\u200f\u202a-\u202e\u2066-\u2069\u2e80-\U0010ffff]")
_MIRRORED = re.compile("[()<>\\[\\]{}«»‹›\u2039\u203a\u2045\u2046\u207d\u207e\u208d\u208e]")

# Lam-alef ligatures are compulsory in Arabic; the others are optional, and fonts lack many.
# Vowel marks are kept: a report never drops what was written.
_reshaper = arabic_reshaper.ArabicReshaper(
    configuration={"delete_harakat": False, "ARABIC LIGATURE ALLAH": False}
)


def is_complex(text: str) -> bool:
    """Whether the text needs more than a Latin/Cyrillic font set left to right."""
    return _COMPLEX.search(text) is not None


def has_rtl(text: str) -> bool:
    return _RTL.search(text) is not None


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


@lru_cache(maxsize=4096)
def _strong(char: str) -> str:
    kind = unicodedata.bidirectional(char)
    return "R" if kind in ("R", "AL") else "L" if kind == "L" else ""


def is_rtl(text: str, default: bool = False) -> bool:
    """Whether a paragraph of this text runs right to left: its first strong character is
    Hebrew or Arabic; a text with no strong character takes `default` (the report's)."""
    if not has_rtl(text):
        return default and not any(_strong(char) for char in text)
    for char in text:
        strong = _strong(char)
        if strong:
            return strong == "R"
    return default


def direction_runs(text: str) -> list[tuple[bool, str]]:
    """The text cut where its strong direction changes, as (right to left, piece); neutral
    characters (spaces, digits, punctuation) stay with the piece before them."""
    runs: list[tuple[bool, str]] = []
    start, current = 0, None
    for index, char in enumerate(text):
        strong = _strong(char)
        if not strong:
            continue
        rtl = strong == "R"
        if current is None:
            current = rtl
        elif rtl != current:
            runs.append((current, text[start:index]))
            start, current = index, rtl
    runs.append((bool(current), text[start:]))
    return [run for run in runs if run[1]]


def shaped(text: str) -> str:
    """Arabic letters in their joined (contextual) forms; other text as it is."""
    return _reshaper.reshape(text) if _ARABIC_LETTER.search(text) else text


def visual(line: str, rtl: bool) -> str:
    """One laid-out line in the order it is drawn, left to right, in a paragraph of that
    direction. Brackets in right-to-left stretches are mirrored: python-bidi's Rust
    implementation does not mirror, its Python one (slower) does, so that one is used for
    lines that hold brackets."""
    if not has_rtl(line):
        return line
    base = "R" if rtl else "L"
    if _MIRRORED.search(line):
        return get_display_mirrored(line, base_dir=base)
    return get_display(line, base_dir=base)
