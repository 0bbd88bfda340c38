"""Turns the demo content (content.py) into documents and recommendations: phrases per topic
combined by a random generator seeded per document, so every run yields the same data."""

import datetime
import functools
import random
import string
from collections import Counter
from dataclasses import dataclass

from rectrack.demo import content
from rectrack.recommendations.models import Recommendation

_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip


@dataclass(frozen=True)
class DemoRecommendation:
    reference: str
    heading: str
    text: str
    type: str
    position: str
    recommending_states: tuple[str, ...]
    themes: tuple[str, ...]
    groups: tuple[str, ...]
    sdg_targets: tuple[str, ...]
    topic: str


@dataclass(frozen=True)
class DemoDocument:
    mechanism: str
    symbol: str
    title: str
    date: datetime.date
    cycle: int | None
    session: int | None
    recommendations: tuple[DemoRecommendation, ...]


@dataclass(frozen=True)
class _Phrase:
    topic: str
    text: str
    themes: tuple[str, ...]
    groups: tuple[str, ...]
    sdg: tuple[str, ...]
    contested: bool
    plain: bool


@functools.cache
def build_documents() -> tuple[DemoDocument, ...]:
    """Every demo document with its recommendations, oldest first; the same on every run."""
    upr = [_upr_document(review) for review in content.UPR_REVIEWS]
    reports = [_report_document(report) for report in content.REPORTS]
    return tuple(sorted([*upr, *reports], key=lambda document: document.date))


def _phrases(topic_key: str, year: int) -> list[_Phrase]:
    topic = content.TOPICS[topic_key]
    phrases = []
    for contested, entries in ((False, topic["actions"]), (True, topic.get("contested", []))):
        for entry in entries:
            entry = {"text": entry} if isinstance(entry, str) else entry
            if not entry.get("since", 0) <= year <= entry.get("until", 9999):
                continue
            themes = tuple(dict.fromkeys([*topic["themes"], *entry.get("themes", [])]))[:3]
            phrases.append(
                _Phrase(
                    topic=topic_key,
                    text=entry["text"],
                    themes=themes,
                    groups=tuple(entry.get("groups", topic.get("groups", [])))[:3],
                    sdg=tuple(entry.get("sdg", topic["sdg"])),
                    contested=contested or entry.get("contested", False),
                    plain=entry.get("plain", False),
                )
            )
    return phrases


def _lower_first(text: str) -> str:
    return text[0].lower() + text[1:]


def _with_detail(phrase: _Phrase, rng: random.Random, chance: float) -> str:
    details = content.TOPICS[phrase.topic].get("details", [])
    if details and not phrase.plain and rng.random() < chance:
        return f"{phrase.text}, {rng.choice(details)}"
    return phrase.text


def _sdg_targets(phrase: _Phrase, rng: random.Random) -> tuple[str, ...]:
    first, *others = phrase.sdg
    extra = rng.randint(0, min(2, len(others)))
    return (first, *rng.sample(others, extra))


def _recommendation(phrase: _Phrase, rng: random.Random, **fields) -> DemoRecommendation:
    return DemoRecommendation(
        themes=phrase.themes,
        groups=phrase.groups,
        sdg_targets=_sdg_targets(phrase, rng),
        topic=phrase.topic,
        **fields,
    )


def _recommending_states(topic_key: str, rng: random.Random) -> tuple[str, ...]:
    count = rng.choices((1, 2, 3), weights=(62, 26, 12))[0]
    usual = content.TOPICS[topic_key].get("states", [])
    states: list[str] = []
    while len(states) < count:
        state = rng.choice(usual if usual and rng.random() < 0.6 else content.RECOMMENDING_STATES)
        if state not in states:
            states.append(state)
    return tuple(states)


def _upr_text(phrase: _Phrase, rng: random.Random) -> str:
    text = _with_detail(phrase, rng, chance=0.4)
    prefixable = content.TOPICS[phrase.topic].get("prefixes", True) and text == phrase.text
    if prefixable and not text.startswith(content.UNPREFIXED_VERBS) and rng.random() < 0.3:
        text = f"{rng.choice(content.UPR_PREFIXES)} {_lower_first(text)}"
    return f"{text}."


def _upr_document(review: dict) -> DemoDocument:
    rng = random.Random(f"{content.SEED}:{review['symbol']}")
    drafts: list[tuple[_Phrase, str]] = []
    for topic_key, count in review["topics"].items():
        phrases = _phrases(topic_key, review["date"].year)
        weights = [3 if phrase.contested else 1 for phrase in phrases]
        uses: Counter[str] = Counter()
        texts = {text for _, text in drafts}
        attempts = 0
        while sum(uses.values()) < count:
            attempts += 1
            if attempts > 100 * count:
                raise ValueError(f"Topic {topic_key!r} has too few phrases for {review['symbol']}.")
            # States press hardest where the State resists: contested phrases come up more.
            phrase = rng.choices(phrases, weights)[0]
            text = _upr_text(phrase, rng)
            # Several States often recommend much the same thing in one review, never twice.
            if uses[phrase.text] < 2 and text not in texts:
                uses[phrase.text] += 1
                texts.add(text)
                drafts.append((phrase, text))
    positions = _upr_positions([phrase for phrase, _ in drafts], review, rng)
    recommendations = tuple(
        _recommendation(
            phrase,
            rng,
            reference=f"{review['paragraph']}.{number}",
            heading="",
            text=text,
            type=Recommendation.Type.RECOMMENDATION,
            position=position,
            recommending_states=_recommending_states(phrase.topic, rng),
        )
        for number, ((phrase, text), position) in enumerate(
            zip(drafts, positions, strict=True), start=1
        )
    )
    return DemoDocument(
        mechanism="UPR",
        symbol=review["symbol"],
        title=review["title"],
        date=review["date"],
        cycle=review["cycle"],
        session=review["session"],
        recommendations=recommendations,
    )


def _upr_positions(phrases: list[_Phrase], review: dict, rng: random.Random) -> list[str]:
    """The State notes contested recommendations first, up to the review's share of noted,
    and takes one position on recommendations that say the same thing."""
    Position = Recommendation.Position
    same: dict[str, list[int]] = {}
    for index, phrase in enumerate(phrases):
        same.setdefault(phrase.text, []).append(index)
    groups = list(same.values())
    rng.shuffle(groups)
    groups.sort(key=lambda group: not phrases[group[0]].contested)
    target = round(len(phrases) * review["noted_share"])
    noted: list[int] = []
    for group in groups:
        if len(noted) >= target:
            break
        noted.extend(group)
    others = [index for index in range(len(phrases)) if index not in noted]
    partial = rng.sample(others, review["partially_supported"])
    pending = rng.sample([i for i in others if i not in partial], review["pending"])
    positions = [Position.SUPPORTED] * len(phrases)
    for chosen, position in (
        (noted, Position.NOTED),
        (partial, Position.PARTIALLY_SUPPORTED),
        (pending, Position.PENDING),
    ):
        for index in chosen:
            positions[index] = position
    return positions


def _report_document(report: dict) -> DemoDocument:
    rng = random.Random(f"{content.SEED}:{report['symbol']}")
    kind = report.get("type", Recommendation.Type.OBSERVATION)
    paragraph = report["first_paragraph"]
    recommendations: list[DemoRecommendation] = []
    for topic_key, sizes, *heading in report["sections"]:
        available = _phrases(topic_key, report["date"].year)
        if len(available) < sum(sizes):
            raise ValueError(f"Topic {topic_key!r} has too few phrases for {report['symbol']}.")
        phrases = rng.sample(available, sum(sizes))
        for size in sizes:
            # Treaty bodies state a concern in one paragraph and recommend in the next.
            paragraph += 1 if report.get("concerns", True) else 0
            group, phrases = phrases[:size], phrases[size:]
            for letter, phrase in zip(string.ascii_lowercase, group, strict=False):
                clause = _with_detail(phrase, rng, chance=0.25)
                if size == 1:
                    reference, text = str(paragraph), _chapeau(report, clause, rng)
                else:
                    reference, text = f"{paragraph}({letter})", f"{clause}."
                recommendations.append(
                    _recommendation(
                        phrase,
                        rng,
                        reference=reference,
                        heading=heading[0] if heading else content.TOPICS[topic_key]["heading"],
                        text=text,
                        type=kind,
                        position="",
                        recommending_states=(),
                    )
                )
            paragraph += 1
    if "follow_up" in report:
        recommendations.append(_follow_up(report, recommendations, paragraph + 1, rng))
    return DemoDocument(
        mechanism=report["mechanism"],
        symbol=report["symbol"],
        title=report["title"],
        date=report["date"],
        cycle=None,
        session=None,
        recommendations=tuple(recommendations),
    )


def _chapeau(report: dict, clause: str, rng: random.Random) -> str:
    chapeaus = report["chapeaus"]
    template = chapeaus[0] if rng.random() < 0.6 else rng.choice(chapeaus[1:])
    return template.format(
        action=_lower_first(clause), previous=report["previous"], old=rng.randint(9, 40)
    )


def _follow_up(
    report: dict, recommendations: list[DemoRecommendation], paragraph: int, rng: random.Random
) -> DemoRecommendation:
    """The paragraph asking for an interim report on a few urgent recommendations."""
    chosen = rng.sample(recommendations, 3)
    chosen.sort(key=lambda item: (int(item.reference.split("(")[0]), item.reference))
    references = [item.reference.replace("(", " (") for item in chosen]
    date = report["date"]
    deadline = date.replace(year=date.year + report["follow_up"]["years"])
    text = report["follow_up"]["text"].format(
        paragraphs=f"{', '.join(references[:-1])} and {references[-1]}",
        deadline=f"{deadline.day} {_MONTHS[deadline.month - 1]} {deadline.year}",
    )
    return DemoRecommendation(
        reference=str(paragraph),
        heading="Follow-up procedure",
        text=text,
        type=Recommendation.Type.OBSERVATION,
        position="",
        recommending_states=(),
        themes=("Cooperation with treaty bodies",),
        groups=(),
        sdg_targets=("16.6", "17.18"),
        topic="follow_up",
    )
