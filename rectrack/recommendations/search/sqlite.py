"""SQLite: an FTS5 table (porter stemming, diacritics removed) kept in sync by triggers
(created by migration 0005_full_text_search, made multilingual by
0010_search_in_every_language).

The table is keyed by the recommendation's id, so the document symbol can be indexed with the
recommendation's own text. FTS5 stems English only; the text it indexes is the text as
languages.indexed_text gives it (French, Spanish, Russian and Arabic words already stemmed,
Chinese spread), which the triggers ask of rectrack_search_text, a function every connection
of this process has (see register_functions). A program that writes recommendations without
it (the sqlite3 shell) is refused with "no such function"; reading needs nothing. The table
keeps its own copy of what it indexed, so an update or delete removes the old entry by id
whatever the stemmers make of the old text today.
"""

from django.db import connection
from django.db.models import FloatField, Func, IntegerField, QuerySet, Subquery
from django.db.models.expressions import RawSQL

from rectrack.recommendations.search import Term
from rectrack.recommendations.search.languages import indexed_text, stem_words

TABLE = "recommendations_recommendation_fts"


def register_functions(sender, connection, **kwargs) -> None:
    """On every new SQLite connection (connection_created): the function the search triggers
    index a text with."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "rectrack_search_text", 1, indexed_text, deterministic=True
        )


def _quoted(text: str) -> str:
    # Terms hold word characters and . / : only, never a double quote.
    return '"' + text.replace('"', "") + '"'


def _term(term: Term) -> str:
    """The term as English (FTS5 stems it) or as each other language its script is written
    in (stemmed here, as the index was): one of them must match."""
    star = "*" if term.prefix else ""
    english = _quoted(term.text) + star
    if term.family:
        english = "(" + " OR ".join(_quoted(word) for word in term.family) + ")"
    alternatives = {term.text.lower(): english}
    for language in term.languages:
        stemmed = stem_words(term.text, language)
        alternatives.setdefault(stemmed, _quoted(stemmed) + star)
    if len(alternatives) == 1:
        return english
    return "(" + " OR ".join(alternatives.values()) + ")"


def match_expression(groups: list[list[Term]]) -> str:
    """The FTS5 MATCH string: every term quoted, so user input is never FTS5 syntax."""
    parts = []
    for group in groups:
        positive = " AND ".join(_term(term) for term in group if not term.negated)
        negative = " OR ".join(_term(term) for term in group if term.negated)
        parts.append(f"({positive}) NOT ({negative})" if negative else f"({positive})")
    return " OR ".join(f"({part})" for part in parts)


def ids(groups: list[list[Term]]) -> RawSQL:
    return RawSQL(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", (match_expression(groups),))


# Above this many matches, the other filters lead the search (see search).
MANY_MATCHES = 2000


def _count_matches(match: str, limit: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE {TABLE} MATCH %s LIMIT %s)",
            [match, limit],
        )
        return cursor.fetchone()[0]


class _Unindexed(Func):
    """`+column`: the same value, which SQLite's planner may not look up by index."""

    template = "+%(expressions)s"
    output_field = IntegerField()


def search(qs: QuerySet, groups: list[list[Term]]) -> tuple[QuerySet, Func]:
    """qs narrowed to the matches, and their rank. SQLite's planner knows nothing of how
    many rows a MATCH returns, and always starts from the matches, reading each one's row.
    For a word found in a few rows that is best, and ranking all its matches is cheap; for a
    common word (tens of thousands of rows, each read from the wide table) the other filters
    should lead: read through their index, each row is then checked against the set of
    matches, and only the rows they pass are ranked. The matches are counted (up to
    MANY_MATCHES) to choose, once; `+id` keeps the planner from starting from the matches."""
    match = match_expression(groups)
    if _count_matches(match, MANY_MATCHES + 1) <= MANY_MATCHES:
        return qs.filter(pk__in=ids(groups)), _Bm25(match)
    matching = qs.alias(search_unindexed_pk=_Unindexed("pk")).filter(
        search_unindexed_pk__in=ids(groups)
    )
    return matching, _Bm25(match, within=matching.order_by().values("pk"))


class _Bm25(Func):
    """FTS5's bm25 rank of the outer row (lower is better). The ranks are computed in one
    FTS5 scan, materialised once per statement (SQLite 3.35+) and looked up by id: a
    correlated MATCH per row costs milliseconds each on a large index. With `within` (the
    ids that pass the other filters, as a queryset), only those matches are ranked: the
    scan joins them, and FTS5 computes a rank only for the rows it returns."""

    output_field = FloatField()

    def __init__(self, match: str, within: QuerySet | None = None) -> None:
        super().__init__("pk", *([Subquery(within)] if within is not None else []))
        self.match = match

    def as_sql(self, compiler, connection, **extra):
        pk_sql, pk_params = compiler.compile(self.source_expressions[0])
        lookup = f"SELECT value FROM ranks WHERE ranks.id = {pk_sql})"
        if len(self.source_expressions) == 1:
            ranks = f"SELECT rowid AS id, rank AS value FROM {TABLE} WHERE {TABLE} MATCH %s"
            return f"(WITH ranks AS MATERIALIZED ({ranks}) {lookup}", (self.match, *pk_params)
        within_sql, within_params = compiler.compile(self.source_expressions[1])
        ranks = (
            f"SELECT {TABLE}.rowid AS id, {TABLE}.rank AS value FROM {TABLE} "
            f"JOIN within ON within.id = +{TABLE}.rowid WHERE {TABLE} MATCH %s"
        )
        sql = f"(WITH within(id) AS MATERIALIZED {within_sql}, ranks AS MATERIALIZED ({ranks}) "
        return sql + lookup, (*within_params, self.match, *pk_params)


RANK_DESCENDING = False  # bm25: lower is better


def rank(groups: list[list[Term]]) -> Func:
    """The rank of every match (see search for ranking only some)."""
    return _Bm25(match_expression(groups))
