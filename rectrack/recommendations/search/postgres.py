"""PostgreSQL: a tsvector column kept by triggers, with a GIN index (migration
0005_full_text_search). Migration 0010_search_in_every_language has the trigger read the
text's language (rectrack_language, the SQL twin of languages.detect) and index it with that
language's configuration: `rectrack` for English and Chinese (English stemming, accents
removed by unaccent, as before), `rectrack_french`, `rectrack_spanish`, `rectrack_russian` and
`rectrack_arabic` (Snowball stemmers that keep stop words, as FTS5 does); Chinese is spread
first (rectrack_search_body). French and Spanish stem better with their accents, so their
lexemes are folded after stemming (rectrack_fold, which is unaccent where it is installed).

The column is maintained by the database and unknown to the model, so the ORM never writes
it; queries name it through _Vector, qualified by the alias of the query's own table."""

from django.db.models import BooleanField, Expression, FloatField, Func, QuerySet, TextField

from rectrack.recommendations.models import Recommendation
from rectrack.recommendations.search import Term
from rectrack.recommendations.search.languages import ARABIC, FRENCH, RUSSIAN, SPANISH

CONFIG = "rectrack"
CONFIGS = {
    FRENCH: "rectrack_french",
    SPANISH: "rectrack_spanish",
    RUSSIAN: "rectrack_russian",
    ARABIC: "rectrack_arabic",
}
FOLDED_AFTER_STEMMING = {FRENCH, SPANISH}


def _in(config: str, term: Term) -> tuple[str, list[str]]:
    # websearch_to_tsquery never raises; terms hold word characters and . / : only.
    if term.prefix:
        return f"to_tsquery('{config}', %s)", [f"{term.text}:*"]
    return f"websearch_to_tsquery('{config}', %s)", [f'"{term.text}"' if term.phrase else term.text]


def _english(term: Term) -> tuple[str, list[str]]:
    if term.family:
        sql = "(" + " || ".join(f"websearch_to_tsquery('{CONFIG}', %s)" for _ in term.family)
        return sql + ")", list(term.family)
    return _in(CONFIG, term)


def _term(term: Term) -> tuple[str, list[str]]:
    """The term in English or in any other language its script is written in. A word English
    ignores (the, of) is ignored, as it always was, whatever the other languages make of it."""
    english, params = _english(term)
    if not term.languages:
        return english, params
    others, other_params = [], []
    for language in term.languages:
        sql, language_params = _in(CONFIGS[language], term)
        if language in FOLDED_AFTER_STEMMING:
            sql = f"rectrack_fold({sql}::text)::tsquery"
        others.append(sql)
        other_params.extend(language_params)
    sql = f"(CASE WHEN numnode({english}) = 0 THEN {english} ELSE {english} || "
    return sql + " || ".join(others) + " END)", [*params, *params, *params, *other_params]


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


class _Vector(Expression):
    """The search_vector column of the query's own recommendations table, qualified by its
    alias (the column is unknown to the model, so the ORM cannot name it)."""

    output_field = TextField()

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name_unless_alias(alias)}.search_vector", []


class _Matches(Func):
    output_field = BooleanField()

    def __init__(self, groups: list[list[Term]]) -> None:
        super().__init__(_Vector())
        self.tsquery, self.params = tsquery(groups)

    def as_sql(self, compiler, connection, **extra):
        vector, params = compiler.compile(self.source_expressions[0])
        return f"{vector} @@ {self.tsquery}", (*params, *self.params)


def ids(groups: list[list[Term]]) -> QuerySet:
    return Recommendation.objects.filter(_Matches(groups)).values("pk")


def search(qs: QuerySet, groups: list[list[Term]]) -> tuple[QuerySet, Func]:
    """qs narrowed to the matches, tested on its own rows (the planner combines the GIN
    index with the other filters' indexes, a bitmap AND, before reading any row), and their
    rank, which PostgreSQL computes only for the rows that pass the query's filters."""
    return qs.filter(_Matches(groups)), _Rank(groups)


class _Rank(_Matches):
    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra):
        vector, params = compiler.compile(self.source_expressions[0])
        return f"ts_rank({vector}, {self.tsquery})", (*params, *self.params)


RANK_DESCENDING = True  # ts_rank: higher is better


def rank(groups: list[list[Term]]) -> Func:
    return _Rank(groups)
