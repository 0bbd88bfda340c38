"""Full-text search over recommendations: one interface, one implementation per database.

The indexed text of a recommendation is its text, its paragraph reference and its document's
symbol, stemmed in English and accent-insensitive. SQLite keeps an FTS5 table in sync with
triggers; PostgreSQL keeps a tsvector column (with a GIN index) in sync with triggers. Both are
created by migration 0005_full_text_search, so every write, including bulk_create, bulk_update,
QuerySet.update and QuerySet.delete, is searchable at once.

A user's query is parsed here, once, into terms that never carry database syntax:

    ratify torture          both words (stemmed)
    "death penalty"         the phrase
    educat*                 a prefix
    -death                  without the word
    women OR girls          either group

Anything else (brackets, stray quotes, operators, punctuation) is ignored, never an error.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Expression, Max, QuerySet

from rectrack.recommendations.models import Recommendation

MAX_TERMS = 32
MAX_WORD = 100

# A word, possibly with inner dots, slashes or colons: 121.1, A/HRC/43/15.
_WORD = re.compile(r"\w+(?:[./:]\w+)*")
_PHRASE_OR_CHUNK = re.compile(r'"([^"]*)"?|(\S+)')
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


def parse(query: str) -> list[list[Term]]:
    """The query as groups joined by OR, each group's terms joined by AND; empty if nothing
    searchable is left. Groups without a positive term are dropped."""
    groups: list[list[Term]] = [[]]
    count = 0
    for match in _PHRASE_OR_CHUNK.finditer(query or ""):
        if count >= MAX_TERMS:
            break
        phrase, chunk = match.group(1), match.group(2)
        if phrase is not None:
            words = [word[:MAX_WORD] for word in _WORD.findall(phrase)]
            if words:
                groups[-1].append(Term(" ".join(words), phrase=len(words) > 1))
                count += 1
            continue
        if chunk == "OR":
            groups.append([])
            continue
        negated = chunk.startswith("-")
        words = _WORD.findall(chunk)
        for index, word in enumerate(words):
            last = index == len(words) - 1
            prefix = last and chunk.endswith("*") and word.isalnum()
            groups[-1].append(Term(word[:MAX_WORD], prefix=prefix, negated=negated))
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
    Updates and deletes inside are indexed by their triggers as always."""
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
            "SELECT r.id, r.text, r.reference, coalesce(d.symbol, '') "
            "FROM recommendations_recommendation r "
            "JOIN recommendations_document d ON d.id = r.document_id WHERE r.id > %s",
            [newest],
        )
