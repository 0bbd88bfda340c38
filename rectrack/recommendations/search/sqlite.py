"""SQLite: an FTS5 table (porter stemming, diacritics removed) kept in sync by triggers
(created by migration 0005_full_text_search).

The table is contentless: it holds the index only, keyed by the recommendation's id, so the
document symbol can be indexed with the recommendation's own text. Triggers give FTS5 the old
values on update and delete, as a contentless table requires.
"""

from django.db.models import FloatField, Func
from django.db.models.expressions import RawSQL

from rectrack.recommendations.search import Term

TABLE = "recommendations_recommendation_fts"


def _quoted(text: str) -> str:
    # Terms hold word characters and . / : only, never a double quote.
    return '"' + text.replace('"', "") + '"'


def _term(term: Term) -> str:
    expression = _quoted(term.text) + ("*" if term.prefix else "")
    if term.family:
        expression = "(" + " OR ".join(_quoted(word) for word in term.family) + ")"
    return expression


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


class _Bm25(Func):
    """FTS5's bm25 rank of the outer row (lower is better). The matches' ranks are computed
    in one FTS5 scan, materialised once per statement (SQLite 3.35+) and looked up by id: a
    correlated MATCH per row costs milliseconds each on a large index."""

    template = (
        f"(WITH ranks AS MATERIALIZED (SELECT rowid AS id, rank AS value FROM {TABLE} "
        f"WHERE {TABLE} MATCH %%s) SELECT value FROM ranks WHERE ranks.id = %(expressions)s)"
    )
    output_field = FloatField()

    def __init__(self, match: str) -> None:
        super().__init__("pk")
        self.match = match

    def as_sql(self, compiler, connection, **extra):
        sql, params = super().as_sql(compiler, connection, **extra)
        return sql, (self.match, *params)


def rank(groups: list[list[Term]]) -> tuple[Func, bool]:
    return _Bm25(match_expression(groups)), False
