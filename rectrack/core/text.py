import functools
import re
import unicodedata

_SPACES = re.compile(r"\s+")
_APOSTROPHES = re.compile(r"['\u2019\u02bc]")
_PUNCTUATION = re.compile(r"[^\w\s]")
# The same for ASCII text: the apostrophe dropped, every other mark (not "_") a space.
_ASCII_MARKS = {
    ord(char): "" if char == "'" else " "
    for char in map(chr, range(128))
    if _PUNCTUATION.match(char) and not char.isspace()
}


@functools.lru_cache(maxsize=8192)  # imports ask for the same few hundred labels per row
def label_key(label: str) -> str:
    """The matching key of a taxonomy label, so OHCHR's inconsistent spellings meet: case,
    Unicode composition, '&' or 'and', apostrophes, punctuation and spacing do not matter."""
    if label.isascii():  # most labels and texts: the same key by a faster road
        return " ".join(label.lower().replace("&", " and ").translate(_ASCII_MARKS).split())
    return _unicode_key(label)


def _unicode_key(label: str) -> str:
    text = unicodedata.normalize("NFKC", label).casefold().replace("&", " and ")
    text = _PUNCTUATION.sub(" ", _APOSTROPHES.sub("", text))
    return _SPACES.sub(" ", text).strip()
