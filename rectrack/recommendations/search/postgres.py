"""PostgreSQL: a tsvector column kept by triggers, with a GIN index, searched with the
`rectrack` text search configuration (English stemming, accents removed by unaccent), all
created by migration 0005_full_text_search.

The column is maintained by the database and unknown to the model, so the ORM never writes
it; queries refer to it unqualified, which is unambiguous (no other table has the column)."""

from django.db.models import BooleanField, FloatField, QuerySet
from django.db.models.expressions import RawSQL

from rectrack.recommendations.models import Recommendation
from rectrack.recommendations.search import Term

CONFIG = "rectrack"


def _term(term: Term) -> tuple[str, list[str]]:
    # websearch_to_tsquery never raises; terms hold word characters and . / : only.
    text = f'"{term.text}"' if term.phrase else term.text
    sql, params = f"websearch_to_tsquery('{CONFIG}', %s)", [text]
    if term.prefix:
        sql, params = f"to_tsquery('{CONFIG}', %s)", [f"{term.text}:*"]
    if term.family:
        sql = "(" + " || ".join(f"websearch_to_tsquery('{CONFIG}', %s)" for _ in term.family)
        sql, params = sql + ")", list(term.family)
    return sql, params


def tsquery(groups: list[list[Term]]) -> tuple[str, list[str]]:
    """The tsquery expression and its parameters: (g1 AND ...) OR (g2 ...), negations as !!."""
    group_sql, params = [], []
    for group in groups:
        parts = []
        for term in group:
            sql, term_params = _term(term)
            parts.append(f"!!{sql}" if term.negated else sql)
            params.extend(term_params)
        group_sql.append("(" + " && ".join(parts) + ")")
    return "(" + " || ".join(group_sql) + ")", params


def ids(groups: list[list[Term]]) -> QuerySet:
    sql, params = tsquery(groups)
    match = RawSQL(f"search_vector @@ {sql}", params, output_field=BooleanField())
    return Recommendation.objects.filter(match).values("pk")


def rank(groups: list[list[Term]]) -> tuple[RawSQL, bool]:
    sql, params = tsquery(groups)
    return RawSQL(f"ts_rank(search_vector, {sql})", params, output_field=FloatField()), True
