"""Full-text search over recommendations: one interface, one implementation per database.

The indexed text of a recommendation is its text, its paragraph reference and its document's
symbol, stemmed in the text's own language (English, French, Spanish, Russian or Arabic, read
from the text: see languages) and accent-insensitive; Chinese, written without spaces, is
found inside longer words. SQLite keeps an FTS5 table in sync with triggers; PostgreSQL keeps
a tsvector column (with a GIN index) in sync with triggers. Both were created by migration
0005_full_text_search and made multilingual by 0010_search_in_every_language, so every write,
including bulk_create, bulk_update, QuerySet.update and QuerySet.delete, is searchable at once.

A searched word is looked for in every language its script is written in (a word in Latin
script stemmed as English, French and Spanish), since the language of a query says nothing
about the language of the recommendations it should find.

A user's query is parsed here, once, into terms that never carry database syntax:

    ratify torture          both words (stemmed)
    "death penalty"         the phrase
    educat*                 a prefix
    -death                  without the word
    women OR girls          either group

    禁止酷刑                 these characters, also inside a longer run (no spaces needed)

Anything else (brackets, stray quotes, operators, punctuation) is ignored, never an error.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Expression, Max, QuerySet

from rectrack.recommendations.models import Recommendation
from rectrack.recommendations.search.languages import (
    CJK,
    has_cjk,
    script_languages,
    spread_cjk,
    strip_arabic_marks,
)

MAX_TERMS = 32
MAX_WORD = 100

# A word, possibly with inner dots, slashes or colons: 121.1, A/HRC/43/15.
_WORD = re.compile(r"\w+(?:[./:]\w+)*")
_PHRASE_OR_CHUNK = re.compile(r'"([^"]*)"?|(\S+)')
_CJK_RUN = re.compile(f"([{CJK}]+)")
# Porter and Snowball do not join "ratify" (stem ratifi) and "ratification" (stem ratif): a
# word of the -ify family is also searched as the family's two other stems.
_IFY = re.compile(r"^(\w{2,}?if)(?:y|ies|ied|ying|ication|ications)$")


@dataclass(frozen=True)
class Term:
    """One searched word or phrase, made only of word characters (and . / : inside words)."""

    text: str
    phrase: bool = False
    prefix: bool = False
    negated: bool = False

    @property
    def family(self) -> tuple[str, ...]:
        """For ratify, ratified, ratification ...: ("ratify", "ratification"), which stem to
        the family's two stems; empty for other words."""
        if self.phrase or self.prefix:
            return ()
        match = _IFY.match(self.text.lower())
        return (match.group(1) + "y", match.group(1) + "ication") if match else ()

    @property
    def languages(self) -> tuple[str, ...]:
        """The stemmed languages the term is also searched in, besides English (see
        languages.script_languages)."""
        return script_languages(self.text)


def _segments(word: str) -> list[tuple[str, bool]]:
    """A word's pieces as (text, written without spaces): "UPR建议" is ("UPR", False) and
    ("建 建议 议", True), each run of such characters spread as the index spreads it."""
    word = word[:MAX_WORD]
    if not has_cjk(word):
        return [(word, False)]
    pieces = []
    for piece in _CJK_RUN.split(word):
        if piece:
            cjk = has_cjk(piece)
            pieces.append((spread_cjk(piece).strip() if cjk else piece, cjk))
    return pieces


def parse(query: str) -> list[list[Term]]:
    """The query as groups joined by OR, each group's terms joined by AND; empty if nothing
    searchable is left. Groups without a positive term are dropped."""
    groups: list[list[Term]] = [[]]
    count = 0
    for match in _PHRASE_OR_CHUNK.finditer(strip_arabic_marks(query or "")):
        if count >= MAX_TERMS:
            break
        phrase, chunk = match.group(1), match.group(2)
        if phrase is not None:
            words = [text for word in _WORD.findall(phrase) for text, _ in _segments(word)]
            if words:
                text = " ".join(words)
                groups[-1].append(Term(text, phrase=" " in text))
                count += 1
            continue
        if chunk == "OR":
            groups.append([])
            continue
        negated = chunk.startswith("-")
        words = _WORD.findall(chunk)
        pieces = [piece for word in words for piece in _segments(word)]
        for index, (text, cjk) in enumerate(pieces):
            # A run of Chinese is a phrase of its spread; "*" adds nothing to it.
            last = index == len(pieces) - 1
            prefix = last and not cjk and chunk.endswith("*") and text.isalnum()
            groups[-1].append(Term(text, phrase=" " in text, prefix=prefix, negated=negated))
            count += 1
    return [group for group in groups if any(not term.negated for term in group)]


def _backend():
    if connection.vendor == "postgresql":
        from rectrack.recommendations.search import postgres

        return postgres
    from rectrack.recommendations.search import sqlite

    return sqlite


def search_ids(query: str) -> QuerySet | Expression:
    """The ids of the recommendations matching the query, for `pk__in`; none if the query
    has nothing searchable in it."""
    groups = parse(query)
    if not groups:
        return Recommendation.objects.none().values("pk")
    return _backend().ids(groups)


def search_ranked(qs: QuerySet[Recommendation], query: str) -> QuerySet[Recommendation]:
    """The queryset ordered by relevance to the query, best first (ties by id); unchanged if
    the query has nothing searchable in it. Does not filter: combine with search_ids, or use
    recommendation_search, which ranks only the rows that pass the filters."""
    groups = parse(query)
    if not groups:
        return qs
    return _ranked(qs, _backend().rank(groups))


def recommendation_search(qs: QuerySet[Recommendation], query: str) -> QuerySet[Recommendation]:
    """The recommendations of qs matching the query, most relevant first. Only the matches
    that pass qs's filters are ranked: a common word matches a large part of a big
    collection, and ranking is the costly part of a search."""
    groups = parse(query)
    if not groups:
        return qs.none()
    matching, rank = _backend().search(qs, groups)
    return _ranked(matching, rank)


def _ranked(qs: QuerySet[Recommendation], rank: Expression) -> QuerySet[Recommendation]:
    descending = _backend().RANK_DESCENDING
    return qs.alias(search_rank=rank).order_by(
        "-search_rank" if descending else "search_rank", "pk"
    )


@contextmanager
def deferred_indexing() -> Iterator[None]:
    """For a bulk insert of recommendations: on SQLite, the row trigger stands aside and the
    rows inserted inside are indexed in one statement on the way out (a tenth of the cost).
    All in one transaction, so a failure leaves neither rows nor index entries behind, and
    other connections never see the trigger standing aside. On PostgreSQL, nothing changes.
    Updates and deletes inside are indexed by their triggers as always (a row updated inside
    is then indexed already, and left alone on the way out)."""
    if connection.vendor != "sqlite":
        with transaction.atomic():
            yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        newest = Recommendation.objects.aggregate(newest=Max("pk"))["newest"] or 0
        cursor.execute("INSERT INTO recommendations_search_deferred DEFAULT VALUES")
        yield
        cursor.execute("DELETE FROM recommendations_search_deferred")
        cursor.execute(
            "INSERT INTO recommendations_recommendation_fts(rowid, text, reference, symbol) "
            "SELECT r.id, rectrack_search_text(r.text), r.reference, coalesce(d.symbol, '') "
            "FROM recommendations_recommendation r "
            "JOIN recommendations_document d ON d.id = r.document_id WHERE r.id > %s "
            "AND NOT EXISTS (SELECT 1 FROM recommendations_recommendation_fts f "
            "WHERE f.rowid = r.id)",
            [newest],
        )
