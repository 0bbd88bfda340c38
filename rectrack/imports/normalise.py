"""Pure functions that turn the values sources write into Rectrack's values.

No database, no side effects: each takes a string and returns a normalised value, or None
where the value is not recognised (the parser then reports a RowIssue). Values and headers
are read in the six UN languages through the tables of imports.vocabulary.
"""

import datetime
import functools
import re
import unicodedata

from django.utils.translation import gettext_lazy

from rectrack.imports import vocabulary
from rectrack.imports.parsers.base import ParsedTheme

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f]+")
# Alef wasla, alef maksura and teh marbuta as their plain letters; tatweel (kashida) dropped.
# (Alef with hamza or madda loses its mark with the other diacritics.)
_LETTERS = str.maketrans(
    {"\u0671": "\u0627", "\u0649": "\u064a", "\u0629": "\u0647", "\u0640": None}
    | {quote: "'" for quote in "\u2018\u2019\u02bc\u00b4"}
)
_NOT_WORD = re.compile(r"[\W_]+")
_COLON = re.compile("[:\uff1a\ufe55]")  # a colon, full-width or small as Chinese writes it
_CJK = "\u3400-\u9fff\uf900-\ufaff"
_SPACE_BY_CJK = re.compile(f"(?<=[{_CJK}]) | (?=[{_CJK}])")
_CJK_CHAR = re.compile(f"[{_CJK}]")

ACCEPTED_POSITIONS = (
    "Supported, Accepted, Noted, Not supported, Rejected, Partially supported, Pending"
)
ACCEPTED_TYPES = "Recommendation, Concluding observations, Observation, Concern"
OTHER_LANGUAGES = gettext_lazy("or the same in French, Spanish, Russian, Arabic or Chinese")


@functools.lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Text as vocabularies compare it: compatibility forms unified (full-width letters,
    Arabic presentation forms), case folded, accents and Arabic diacritics dropped, tatweel
    removed, alef, yeh and teh marbuta forms made one, apostrophes straightened."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if unicodedata.category(char) != "Mn")
    return unicodedata.normalize("NFC", text.translate(_LETTERS).casefold())


def fold_chars(text: str) -> str:
    """fold() character by character, keeping the length, so that a match's offsets in the
    folded text hold in the original."""
    return "".join(_fold_char(char) for char in text)


@functools.lru_cache(maxsize=1024)
def _fold_char(char: str) -> str:
    folded = fold(char)
    return folded[0] if folded else char


def word_key(value: object) -> str:
    """The matching key of a word or phrase: fold()ed, punctuation and spacing made single
    spaces, none at either end, none beside Chinese characters. '« Acceptée. »' ->
    'acceptee'; 'أُحيطَ علماً بها' -> 'احيط علما بها'; '「已注意到」' -> '已注意到'."""
    key = _NOT_WORD.sub(" ", fold(one_line(value))).strip()
    return _SPACE_BY_CJK.sub("", key)


def lookup(table: vocabulary.Table, key=word_key) -> dict[str, str]:
    """A vocabulary table as {key of every spelling, every form: canonical value}. Two
    values sharing a key is a mistake in the table, refused at once."""
    found: dict[str, str] = {}
    for value, languages in table.items():
        for spelling in vocabulary.spellings(languages):
            known = found.setdefault(key(spelling), value)
            if known != value:
                raise ValueError(f"{spelling!r} reads as both {known!r} and {value!r}")
    return found


_AFTER_STATES = re.compile(r"\s*(?:;|\.?\s*$)")
# Words of the titles that stand in parentheses before the recommending States: "(No. 29)"
# and "(ICRMW)" are caught by their digits and capitals, these by their words.
_NOT_STATE_WORDS = {fold(word) for words in vocabulary.NOT_STATE_WORDS.values() for word in words}
_PARAGRAPH = re.compile(r"^\s*(\d{1,4}(?:\.\d{1,4})*)\s*\.?\s+(?=\S)")


def clean(value: object) -> str:
    """A cell's text with Unicode composed, spaces collapsed and line ends kept single."""
    if value is None:
        return ""
    return _clean_text(str(value))


@functools.lru_cache(maxsize=8192)  # a file repeats its States, sessions, themes in every row
def _clean_text(value: str) -> str:
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    lines = [
        line.strip()  # nothing to collapse (the usual line): no need of the expression
        if line.isascii() and "\t" not in line and "  " not in line
        else _SPACES.sub(" ", line).strip()
        for line in text.split("\n")
    ]
    return "\n".join(line for line in lines if line)


def one_line(value: object) -> str:
    return " ".join(clean(value).split())


def listed(value: object) -> list[str]:
    """A multi-valued cell: one value per line, each perhaps prefixed '- ' (UHRI style)."""
    values = []
    for line in clean(value).split("\n"):
        line = re.sub(r"^[-–•*]\s*", "", line).strip()
        if line:
            values.append(line)
    return values


# Every spelling's key -> its Position, Type or mechanism code.
POSITIONS = lookup(vocabulary.POSITIONS)
TYPES = lookup(vocabulary.TYPES)
MECHANISM_NAMES = lookup(vocabulary.MECHANISMS)
_SPECIAL_PROCEDURES = tuple(
    fold(form)
    for language, prefixes in vocabulary.SPECIAL_PROCEDURE_PREFIXES.items()
    for prefix in prefixes
    for form in vocabulary.forms(language, prefix)
)
_SPECIAL_PROCEDURES_ANYWHERE = tuple(
    title for title in _SPECIAL_PROCEDURES if _CJK_CHAR.match(title)
)

_THEME_CODE = re.compile(r"^([A-H]\d{1,3})\s+(.+)$")
_SDG_PREFIX = "|".join(
    re.escape(prefix)
    for prefix in sorted(vocabulary.spellings(vocabulary.SDG_PREFIXES), key=len, reverse=True)
)
_SDG = re.compile(
    rf"^(?:{_SDG_PREFIX})?\s*(\d{{1,2}})(?:\s*\.\s*(\d{{1,2}}|[a-z]))?(?=$|[\s:：\-–—])",
    re.IGNORECASE,
)


@functools.cache
def _own_labels(field: str) -> dict[str, str]:
    """Rectrack's own labels of a recommendation's position or type, as its exports write
    them, in every interface language ("Concluding observation or concern", "Observation
    finale ou sujet de préoccupation" ...): each one's key -> the stored value."""
    from django.conf import settings
    from django.utils import translation

    from rectrack.recommendations.models import Recommendation

    choices = Recommendation._meta.get_field(field).choices
    found: dict[str, str] = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for value, label in choices:
                found.setdefault(word_key(str(label)), value)
    return found


def position(value: object) -> str | None:
    """A Position value, read in any of the six languages, in the words of the sources or
    Rectrack's own; '' for an empty cell; None when the spelling is unknown."""
    text = one_line(value).lstrip("- ").rstrip(".")
    if not text:
        return ""
    key = word_key(text)
    return POSITIONS.get(key) or _own_labels("position").get(key)


def recommendation_type(value: object) -> str | None:
    """A Type value, read in any of the six languages, in the words of the sources or
    Rectrack's own; '' for an empty cell; None when the spelling is unknown."""
    text = one_line(value).lstrip("- ")
    if not text:
        return ""
    key = word_key(text)
    return TYPES.get(key) or _own_labels("type").get(key)


def mechanism_code(value: object) -> str:
    """'- CAT' -> 'CAT'; 'Committee against Torture', 'Comité contre la torture' -> 'CAT';
    'EPU' -> 'UPR'; a special procedure keeps its own name ('SR on torture')."""
    name = one_line(value).lstrip("- ").strip()
    return MECHANISM_NAMES.get(word_key(name), name)


def is_special_procedure(name: str) -> bool:
    """Whether a mechanism's name is a special procedure's ('SR on ...', 'Rapporteur
    spécial sur ...', 'Relatora Especial ...', '酷刑问题特别报告员')."""
    key = fold(one_line(name))
    return key.startswith(_SPECIAL_PROCEDURES) or any(
        title in key for title in _SPECIAL_PROCEDURES_ANYWHERE
    )


def labelled(line: str, labels: dict[str, str]) -> tuple[str, str]:
    """(kind, rest) of a line that starts with a label and a colon ('Thème : Santé' ->
    ('heading', 'Santé')), `labels` mapping each label's word_key to its kind; ('', line)
    when the line starts with none of them."""
    colon = _COLON.search(line, 0, 81)
    kind = labels.get(word_key(line[: colon.start()])) if colon else None
    return (kind, line[colon.end() :].strip()) if colon and kind else ("", line)


def recommending_states(body: str) -> tuple[str, list[str]]:
    """The recommending States in parentheses after each recommendation, taken out of the
    text: 'Do X (Ukraine); Do Y (Slovakia);' -> ('Do X; Do Y', ['Ukraine', 'Slovakia'])."""
    parts: list[str] = []
    states: list[str] = []
    start = depth = 0
    for index, char in enumerate(body):
        if char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
            after = _AFTER_STATES.match(body, index + 1)
            if depth == 0 and after:
                segment, found = _peel_states(body[start : index + 1])
                if found:
                    parts.append(segment)
                    states += found
                    start = after.end()
    parts.append(body[start:])
    text = "; ".join(part.strip(" ;,") for part in parts if part.strip(" ;,"))
    return text, list(dict.fromkeys(states))


def _peel_states(segment: str) -> tuple[str, list[str]]:
    """Take the parenthesised State lists off the end of one recommendation."""
    found: list[str] = []
    segment = segment.rstrip()
    while segment.endswith(")"):
        depth = 0
        for opening in range(len(segment) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(segment[opening], 0)
            if depth == 0:
                break
        if depth:
            break
        names = _state_names(segment[opening + 1 : -1])
        if not names:
            break
        found[:0] = names
        segment = segment[:opening].rstrip()
    return segment, found


def _state_names(inner: str) -> list[str]:
    """'Senegal, Venezuela (Bolivarian Republic of),Peru' -> three names; [] if any part does
    not look like a State's name."""
    names, depth, current = [], 0, ""
    for char in inner + ",":
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            names.append(current.strip())
            current = ""
        else:
            current += char
    return names if all(_looks_like_state(name) for name in names) else []


def _looks_like_state(name: str) -> bool:
    words = name.replace("(", " ").replace(")", " ").split()
    return (
        0 < len(words) <= 10
        and (name[0].isupper() or name.startswith("the "))
        and any(char.islower() for char in name)
        and all(char.isalpha() or char in " '’-.()" for char in name)
        and not _NOT_STATE_WORDS & {fold(word).strip(".") for word in words}
    )


def theme(value: str) -> ParsedTheme:
    """'A12 Acceptance of international norms' -> code A12 and the name; '- Name' -> name;
    '2.1 Acceptance of international norms' (the numbered "right or area" of older UPR
    matrices) -> the name alone, which is how the later lists name the theme."""
    text = one_line(value).lstrip("- ").strip()
    match = _THEME_CODE.match(text)
    if match:
        return ParsedTheme(name=match.group(2).strip(), code=match.group(1))
    return ParsedTheme(name=_THEME_NUMBER.sub("", text))


# "S16 SDG 16 - peace, justice ..." (the SDG codes S01 to S17 that lists of 2017 to 2019
# wrote among the themes), and SDGs written out by their word: "SDG 16", "Goal 16",
# "Target 16.2", "ODD 16", "Cible 16.2" ...
_SDG_THEME_CODE = re.compile(r"^S(\d{2})\b\s*(?:[-–—:]\s*)?(.*)$", re.IGNORECASE)
_SDG_WORD = re.compile(rf"^(?:{_SDG_PREFIX})\s*\d", re.IGNORECASE)
# A bare goal or target number is an SDG when nothing, or a dash or colon, follows it
# ("16.2", "16 - PEACE, JUSTICE ..."); "2.1 Acceptance of ..." is a numbered theme.
_SDG_NUMBER = re.compile(r"^\d{1,2}(?:\s*\.\s*(?:\d{1,2}|[a-z]))?\s*(?:$|[-–—:：])", re.IGNORECASE)
_THEME_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+(?=[^\W\d])")


def sdg_of_theme(value: str) -> str | None:
    """The SDG goal or target a line of a themes list names, in any form sources write it
    there ('S16 SDG 16 - peace ...' -> '16', 'Target 16.2' -> '16.2', '16 - PEACE ...' ->
    '16'); None when the line is a theme."""
    text = one_line(value).lstrip("-–•* ").strip()
    coded = _SDG_THEME_CODE.match(text)
    if coded:
        goal = int(coded.group(1))
        named = sdg_code(coded.group(2)) if coded.group(2) else None
        return named if named and named.split(".")[0] == str(goal) else _goal(goal)
    if _SDG_WORD.match(text) or _SDG_NUMBER.match(text):
        return sdg_code(text)
    return None


def _goal(number: int) -> str | None:
    return str(number) if 1 <= number <= 17 else None


def sdgs_out_of_themes(themes: list[ParsedTheme]) -> tuple[list[ParsedTheme], list[str]]:
    """A row's themes with the SDGs written among them taken out: (themes, SDG codes)."""
    kept, codes = [], []
    for item in themes:
        code = sdg_of_theme(f"{item.code} {item.name}".strip())
        if code:
            codes.append(code)
        else:
            kept.append(item)
    return kept, codes


def state_list(value: object) -> list[str]:
    """The States a recommending-States cell names, one per line or separated by commas or
    semicolons; a comma inside parentheses ('Venezuela (Bolivarian Republic of)') stays."""
    names, depth, current = [], 0, ""
    for char in clean(value) + ";":
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char in ",;\n" and depth <= 0:
            name = current.strip(" .-–•*")
            if name:
                names.append(name)
            current, depth = "", 0
        else:
            current += char
    return list(dict.fromkeys(names))


def sdg_code(value: str) -> str | None:
    """'1.4 - Equal rights ...' -> '1.4'; 'SDG 5', 'Goal 5', '16 - PEACE ...' -> '16';
    '4.A' -> '4.a'. None if the value names no goal 1-17."""
    text = one_line(value).lstrip("- ").strip()
    match = _SDG.match(text)
    if not match:
        return None
    goal = int(match.group(1))
    if not 1 <= goal <= 17:
        return None
    target = match.group(2)
    return f"{goal}.{target.lower()}" if target else str(goal)


def paragraph(text: str) -> tuple[str, str]:
    """Split a leading paragraph number off: '121.1 Ratify ...' -> ('121.1', 'Ratify ...')."""
    match = _PARAGRAPH.match(text)
    if not match:
        return "", text.strip()
    return match.group(1), text[match.end() :].strip()


def excel_date(value: object) -> datetime.date | None:
    """A date from an Excel serial number, a datetime, or ISO text; None if it is none."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float):
        if not 1 <= value < 2958466:
            return None
        return datetime.date(1899, 12, 30) + datetime.timedelta(days=int(value))
    text = one_line(value)
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return excel_date(float(text))
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        return None


def header_key(header: object) -> str:
    """Headers match case-, accent- and spacing-insensitively: 'Reccomending  Body' ->
    'reccomendingbody', 'Thèmes' -> 'themes'."""
    return re.sub(r"[\s_\-]+", "", fold(one_line(header)))


# The last session of each UPR cycle: 1-12 is the first cycle, 13-26 the second, 27-40 the third.
CYCLE_ENDS = (12, 26, 40)


def upr_cycle(session: int) -> int:
    """The UPR cycle of a session: 1-12 -> 1, 13-26 -> 2, 27-40 -> 3, 41 and after -> 4."""
    return 1 + sum(session > end for end in CYCLE_ENDS)
