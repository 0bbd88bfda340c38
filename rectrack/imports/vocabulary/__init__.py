"""The words sources write, in the six UN languages, for each value and header Rectrack reads.

One table per concept: canonical value -> language -> spellings. Spellings are compared as
normalise.word_key (or header_key for column headers) makes them, so case, accents, spacing,
surrounding punctuation and Arabic diacritics, tatweel and alef forms never need listing. A
word followed by "*" takes its language's gender and number endings (ENDINGS): "accepté*"
stands for accepté, acceptée, acceptés and acceptées. English spellings are the ones Rectrack
has always read; the others follow the UN's terms in those languages (its documents, OHCHR's
lists and indexes). A source writing a spelling Rectrack does not read gets a row issue
naming it: add the spelling here, in its concept's table.
"""

import itertools
import re

from rectrack.imports.vocabulary.headers import (
    NOT_STATE_WORDS,
    SOURCE_OF_POSITION,
    THEMATIC_LIST_COLUMNS,
    THEMATIC_LIST_LABELS,
    UHRI_COLUMNS,
)
from rectrack.imports.vocabulary.values import (
    MECHANISMS,
    POSITIONS,
    SDG_PREFIXES,
    SPECIAL_PROCEDURE_PREFIXES,
    TYPES,
    Table,
)

LANGUAGES = ("en", "fr", "es", "ru", "ar", "zh")
__all__ = [
    "LANGUAGES",
    "MECHANISMS",
    "NOT_STATE_WORDS",
    "POSITIONS",
    "SDG_PREFIXES",
    "SOURCE_OF_POSITION",
    "SPECIAL_PROCEDURE_PREFIXES",
    "THEMATIC_LIST_COLUMNS",
    "THEMATIC_LIST_LABELS",
    "TYPES",
    "Table",
    "UHRI_COLUMNS",
    "forms",
    "inflections",
    "spellings",
]

# -- gender and number endings ---------------------------------------------------------------
# Language -> (ending a base form may carry, the endings that replace it), first match used:
# the masculine singular of a participle or adjective becomes every gender and number.
ENDINGS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "fr": (("s", ("s", "se", "ses")), ("", ("", "e", "s", "es"))),
    "es": (("o", ("o", "a", "os", "as")),),
    "ru": (("", ("", "а", "о", "ы")),),
    "ar": (("", ("", "ة", "ات", "ون", "ين")),),
}
_INFLECTED = re.compile(r"(\w+)\*")


def inflections(language: str, word: str) -> list[str]:
    """A base form with its language's gender and number endings: 'noté' -> noté, notée,
    notés, notées; 'apoyado' -> apoyado, apoyada, apoyados, apoyadas."""
    for ending, replacements in ENDINGS.get(language, ()):
        if word.endswith(ending):
            stem = word[: len(word) - len(ending)]
            return [stem + replacement for replacement in replacements]
    return [word]


def forms(language: str, spelling: str) -> list[str]:
    """Every spelling a vocabulary entry stands for, each starred word inflected."""
    parts = _INFLECTED.split(spelling)
    choices = [
        inflections(language, part) if index % 2 else [part] for index, part in enumerate(parts)
    ]
    return ["".join(choice) for choice in itertools.product(*choices)]


def spellings(table: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """One concept's spellings in every language, English first, each with its forms."""
    found: list[str] = []
    for language in LANGUAGES:
        for spelling in table.get(language, ()):
            found += [form for form in forms(language, spelling) if form not in found]
    return tuple(found)
