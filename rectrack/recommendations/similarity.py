"""Similar recommendations, found locally: TF-IDF vectors of the texts compared by cosine.

Plain Python, no network and no extra dependency. The vectors of every recommendation are
built once per process and kept until the table changes (a fingerprint of the row count and
the latest update), with an inverted index so a lookup only visits recommendations sharing
a word. Words are lowercased, stripped of accents and common words, and reduced to a stem
in the text's own language (a light suffix in English, Snowball's stemmer in French, Spanish,
Russian and Arabic), so "Ratify the Convention" and "ratifies the convention" match, and so do
"ratifier la Convention" and "ratifié la Convention". Chinese, written without spaces, is
compared by its pairs of characters.
"""

import math
import re
import threading
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max

from rectrack.recommendations.models import Recommendation
from rectrack.recommendations.search.languages import (
    ARABIC,
    CJK,
    FRENCH,
    RUSSIAN,
    SNOWBALL,
    SPANISH,
    detect,
    strip_arabic_marks,
)
from rectrack.recommendations.search.languages import stem as snowball_stem

STOP_WORDS = frozenset(
    """
    a about above after again against all also an and any are as at be been before being
    between both but by can could de des did do does each el en et for from further had has
    have having he her here his how however i if in into is it its itself la le les los may
    more most must no nor not of on once only or other our out over own per same shall she
    should so some such than that the their them then there these they this those through to
    under until up upon very was we were what when where which while who whom why will with
    within without would y you state states party recommendation recommends recommended
    recommendations ensure take continue consider further
    """.split()  # noqa: SIM905
)
# Each language's common words, and those every recommendation says, once accents are gone.
LANGUAGE_STOP_WORDS = {
    FRENCH: frozenset(
        """
        au aux avec ce ces dans du elle est etat etats il ils leur leurs lui mais ne nos notre
        ou par parti partie parties pas pour qu que qui sa se ses son sont sur un une veiller
        vos votre cet cette afin ainsi recommande recommandation continuer garantir
        """.split()  # noqa: SIM905
    ),
    SPANISH: frozenset(
        """
        al como con del es esta este estado estados las lo mas para parte partes pero por que
        se sin su sus un una garantizar velar seguir recomienda recomendacion
        """.split()  # noqa: SIM905
    ),
    RUSSIAN: frozenset(
        """
        и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только
        ее мне было вот от меня еще нет о из ему для их при также этом том этих государство
        государства государству участник участнику участника продолжать обеспечить
        рекомендует рекомендация
        """.split()  # noqa: SIM905
    ),
    ARABIC: frozenset(
        """
        في من على الى ان عن مع التي الذي هذه هذا ذلك او و ما لا كل بين الدولة الطرف دولة
        ضمان مواصلة توصي
        """.split()  # noqa: SIM905
    ),
}
# Pairs of characters every recommendation in Chinese says: 缔约国 (State party), 建议, 确保.
CHINESE_STOP_PAIRS = frozenset(["缔约", "约国", "建议", "确保", "继续"])
SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ed", "es", "s")
WORD = re.compile(r"[^\W_]+")
CJK_RUN = re.compile(f"[{CJK}]+")
CANDIDATE_TERMS = 10
MAX_DOCUMENT_FREQUENCY = 0.5  # a word in more than half the texts says nothing about one


def _stem(word: str) -> str:
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            return word + "y" if suffix == "ies" else word
    return word


def fold(text: str) -> str:
    """Lowercased, without accents or Arabic vowel marks (the breve of Russian й is kept: it
    makes another letter)."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("й", "\0"))
    kept = "".join(char for char in decomposed if not unicodedata.combining(char))
    return kept.replace("\0", "й").replace("ё", "е").replace("\u0640", "")


def tokens(text: str) -> list[tuple[str, str]]:
    """(stem, word) pairs of a text: lowercased, accents stripped, stop words dropped, words
    stemmed in the text's language (French and Spanish before their accents go: they stem
    better with them); each pair of Chinese characters a word of its own."""
    language = detect(text)
    text = unicodedata.normalize("NFC", strip_arabic_marks(text.lower()))
    stop_words = STOP_WORDS | LANGUAGE_STOP_WORDS.get(language, frozenset())
    pairs = []
    for word in WORD.findall(CJK_RUN.sub(" ", text)):
        folded = fold(word)
        if len(folded) > 2 and folded not in stop_words and not folded.isdigit():
            stemmed = fold(snowball_stem(word, language)) if language in SNOWBALL else _stem(folded)
            pairs.append((stemmed, folded))
    for run in CJK_RUN.findall(text):
        pairs.extend((pair, pair) for pair in _pairs(run) if pair not in CHINESE_STOP_PAIRS)
    return pairs


def _pairs(run: str) -> list[str]:
    return [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]


@dataclass
class Index:
    fingerprint: tuple
    vectors: dict[int, dict[str, float]] = field(default_factory=dict)
    postings: dict[str, list[tuple[int, float]]] = field(default_factory=dict)
    words: dict[str, str] = field(default_factory=dict)  # stem -> its commonest word


def build_index(rows, fingerprint: tuple = ()) -> Index:
    """TF-IDF (sublinear tf, smoothed idf) unit vectors of (pk, text) rows."""
    counted: dict[int, Counter] = {}
    document_frequency: Counter = Counter()
    surface: dict[str, Counter] = defaultdict(Counter)
    for pk, text in rows:
        pairs = tokens(text)
        terms = Counter(stem for stem, _ in pairs)
        for stem, word in pairs:
            surface[stem][word] += 1
        counted[pk] = terms
        document_frequency.update(terms.keys())
    total = len(counted)
    limit = max(2, MAX_DOCUMENT_FREQUENCY * total)
    idf = {
        term: math.log((1 + total) / (1 + df)) + 1
        for term, df in document_frequency.items()
        if df <= limit
    }
    index = Index(fingerprint=fingerprint)
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for pk, terms in counted.items():
        vector = {t: (1 + math.log(n)) * idf[t] for t, n in terms.items() if t in idf}
        norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
        vector = {t: w / norm for t, w in vector.items()}
        index.vectors[pk] = vector
        for term, weight in vector.items():
            postings[term].append((pk, weight))
    index.postings = dict(postings)
    index.words = {stem: words.most_common(1)[0][0] for stem, words in surface.items()}
    return index


_lock = threading.Lock()
_cache: Index | None = None


def _fingerprint() -> tuple:
    figures = Recommendation.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    return (figures["n"], figures["latest"])


def current_index() -> Index:
    """This process's index, rebuilt when a recommendation was added, changed or deleted."""
    global _cache
    fingerprint = _fingerprint()
    with _lock:
        if _cache is None or _cache.fingerprint != fingerprint:
            rows = Recommendation.objects.values_list("pk", "text").iterator(chunk_size=2000)
            _cache = build_index(rows, fingerprint)
        return _cache


def _scores(index: Index, vector: dict[str, float], among: set[int] | None) -> dict[int, float]:
    scores: dict[int, float] = defaultdict(float)
    for term, weight in vector.items():
        for pk, other in index.postings.get(term, ()):
            if among is None or pk in among:
                scores[pk] += weight * other
    return scores


def similar_to(pk: int, *, limit: int = 5, index: Index | None = None) -> list[tuple[int, float]]:
    """The most similar other recommendations as (pk, cosine) pairs, best first."""
    index = index or current_index()
    vector = index.vectors.get(pk)
    if not vector:
        return []
    scores = _scores(index, vector, None)
    scores.pop(pk, None)
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    return [(other, round(score, 3)) for other, score in ranked[:limit] if score > 0]


@dataclass
class Proposal:
    members: list[int]
    terms: list[str]

    @property
    def key(self) -> str:
        return str(min(self.members))

    @property
    def name(self) -> str:
        return " · ".join(word.capitalize() for word in self.terms)


def suggest_groups(
    pks: list[int],
    *,
    threshold: float = 0.5,
    max_groups: int = 30,
    max_size: int = 40,
    index: Index | None = None,
) -> list[Proposal]:
    """Groups of similar recommendations among pks (a pure read: nothing is saved).

    Greedy: the recommendation with most neighbours above the threshold seeds a group with
    its still-free neighbours; repeat. Seeds and members compare directly, so groups do not
    drift through chains of pairwise likeness."""
    index = index or current_index()
    neighbours = _neighbours(index, [pk for pk in pks if index.vectors.get(pk)], threshold)
    taken: set[int] = set()
    proposals: list[Proposal] = []
    for seed in sorted(neighbours, key=lambda pk: (-len(neighbours[pk]), pk)):
        if seed in taken:
            continue
        members = [seed] + [o for o, _ in neighbours[seed] if o not in taken][: max_size - 1]
        if len(members) < 2:
            continue
        taken.update(members)
        proposals.append(Proposal(members=sorted(members), terms=_shared_terms(index, members)))
        if len(proposals) >= max_groups:
            break
    return proposals


def _neighbours(
    index: Index, pks: list[int], threshold: float
) -> dict[int, list[tuple[int, float]]]:
    """Each recommendation's neighbours above the threshold, best first. Candidates are those
    sharing two of its heaviest words that are rare among pks (near-duplicates do), then
    scored exactly: the work stays near-linear instead of comparing every pair."""
    postings: dict[str, list[int]] = defaultdict(list)
    for pk in pks:
        for term in index.vectors[pk]:
            postings[term].append(pk)
    cap = max(25, len(pks) // 50)
    neighbours: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for pk in pks:
        vector = index.vectors[pk]
        heaviest = sorted(vector, key=vector.get, reverse=True)[:CANDIDATE_TERMS]
        shared: Counter = Counter()
        for term in heaviest:
            sharing = postings[term]
            if len(sharing) <= cap:
                shared.update(other for other in sharing if other > pk)
        least = 2 if len(heaviest) > 2 else 1
        for other in (other for other, n in shared.items() if n >= least):
            theirs = index.vectors[other]
            score = sum(w * theirs.get(t, 0.0) for t, w in vector.items())
            if score >= threshold:
                neighbours[pk].append((other, score))
                neighbours[other].append((pk, score))
    return {pk: sorted(close, key=lambda x: (-x[1], x[0])) for pk, close in neighbours.items()}


def _shared_terms(index: Index, members: list[int], count: int = 3) -> list[str]:
    """The words that weigh most across a group and occur in at least half its members."""
    weight: Counter = Counter()
    present: Counter = Counter()
    for pk in members:
        for term, w in index.vectors[pk].items():
            weight[term] += w
            present[term] += 1
    shared = [t for t, _ in weight.most_common() if present[t] * 2 >= len(members)]
    return [index.words.get(t, t) for t in shared[:count]]


def similar_recommendations(*, user, recommendation: Recommendation, limit: int = 5) -> list:
    """The recommendations most like this one, across mechanisms and cycles (superseded
    reviews included: repeats are what this is for), as (recommendation, score) pairs."""
    from rectrack.recommendations.selectors import RecommendationFilters, recommendation_list

    ranked = similar_to(recommendation.pk, limit=limit)
    visible = recommendation_list(
        user=user, filters=RecommendationFilters(include_superseded=True)
    ).prefetch_related(None)
    found = visible.in_bulk([pk for pk, _ in ranked])
    return [(found[pk], score) for pk, score in ranked if pk in found]
