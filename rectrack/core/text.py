import functools
import re
import unicodedata

_SPACES = re.compile(r"\s+")
_APOSTROPHES = re.compile(r"['\u2019\u02bc]")
_PUNCTUATION = re.compile(r"[^\w\s]")


@functools.lru_cache(maxsize=8192)  # imports ask for the same few hundred labels per row
def label_key(label: str) -> str:
    """The matching key of a taxonomy label, so OHCHR's inconsistent spellings meet: case,
    Unicode composition, '&' or 'and', apostrophes, punctuation and spacing do not matter."""
    text = unicodedata.normalize("NFKC", label).casefold().replace("&", " and ")
    text = _PUNCTUATION.sub(" ", _APOSTROPHES.sub("", text))
    return _SPACES.sub(" ", text).strip()
