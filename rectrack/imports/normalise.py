"""Pure functions that turn the values sources write into Rectrack's values.

No database, no side effects: each takes a string and returns a normalised value, or None
where the value is not recognised (the parser then reports a RowIssue).
"""

import datetime
import functools
import re
import unicodedata

from rectrack.imports.parsers.base import ParsedTheme

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f]+")

# Source spellings of the State's position (case- and spacing-insensitive) -> Position value.
POSITIONS = {
    "supported": "supported",
    "accepted": "supported",
    "accept": "supported",
    "support": "supported",
    "noted": "noted",
    "note": "noted",
    "not supported": "noted",
    "not accepted": "noted",
    "rejected": "noted",
    "partially supported": "partially_supported",
    "partially accepted": "partially_supported",
    "supported in part": "partially_supported",
    "supported/noted": "partially_supported",
    "partially supported/noted": "partially_supported",
    "pending": "pending",
    "pending response": "pending",
    "no response": "pending",
    "deferred": "pending",
}
ACCEPTED_POSITIONS = (
    "Supported, Accepted, Noted, Not supported, Rejected, Partially supported, Pending"
)

TYPES = {
    "recommendation": "recommendation",
    "recommendations": "recommendation",
    "upr recommendation": "recommendation",
    "concluding observation": "observation",
    "concluding observations": "observation",
    "observation": "observation",
    "concern": "observation",
    "concerns": "observation",
}

# Names by which sources call the seeded mechanisms -> their short codes.
MECHANISM_NAMES = {
    "universal periodic review": "UPR",
    "human rights committee": "CCPR",
    "committee on economic social and cultural rights": "CESCR",
    "committee against torture": "CAT",
    "subcommittee on prevention of torture": "SPT",
    "committee on the elimination of discrimination against women": "CEDAW",
    "committee on the elimination of racial discrimination": "CERD",
    "committee on the rights of the child": "CRC",
    "committee on migrant workers": "CMW",
    "committee on the rights of persons with disabilities": "CRPD",
    "committee on enforced disappearances": "CED",
}

_THEME_CODE = re.compile(r"^([A-H]\d{1,3})\s+(.+)$")
_SDG = re.compile(
    r"^(?:sdg|goal|target)?\s*(\d{1,2})(?:\s*\.\s*(\d{1,2}|[a-z]))?(?=$|[\s:\-–—])", re.IGNORECASE
)
_PARAGRAPH = re.compile(r"^\s*(\d{1,4}(?:\.\d{1,4})*)\s*\.?\s+(?=\S)")


def clean(value: object) -> str:
    """A cell's text with Unicode composed, spaces collapsed and line ends kept single."""
    if value is None:
        return ""
    return _clean_text(str(value))


@functools.lru_cache(maxsize=8192)  # a file repeats its States, sessions, themes in every row
def _clean_text(value: str) -> str:
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
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


def position(value: object) -> str | None:
    """A Position value; '' for an empty cell; None when the spelling is unknown."""
    key = one_line(value).lstrip("- ").casefold().rstrip(".")
    if not key:
        return ""
    return POSITIONS.get(key)


def recommendation_type(value: object) -> str | None:
    key = one_line(value).lstrip("- ").casefold()
    if not key:
        return ""
    return TYPES.get(key)


def mechanism_code(value: object) -> str:
    """'- CAT' -> 'CAT'; 'Committee against Torture' -> 'CAT'; a special procedure keeps its
    own name ('SR on torture')."""
    name = one_line(value).lstrip("- ").strip()
    return MECHANISM_NAMES.get(name.casefold().replace(",", "").replace("'", ""), name)


def theme(value: str) -> ParsedTheme:
    """'A12 Acceptance of international norms' -> code A12 and the name; '- Name' -> name."""
    text = one_line(value).lstrip("- ").strip()
    match = _THEME_CODE.match(text)
    if match:
        return ParsedTheme(name=match.group(2).strip(), code=match.group(1))
    return ParsedTheme(name=text)


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
    """Headers match case- and spacing-insensitively: 'Reccomending  Body' -> 'reccomendingbody'."""
    return re.sub(r"[\s_\-]+", "", one_line(header).casefold())


# The last session of each UPR cycle: 1-12 is the first cycle, 13-26 the second, 27-40 the third.
CYCLE_ENDS = (12, 26, 40)


def upr_cycle(session: int) -> int:
    """The UPR cycle of a session: 1-12 -> 1, 13-26 -> 2, 27-40 -> 3, 41 and after -> 4."""
    return 1 + sum(session > end for end in CYCLE_ENDS)
