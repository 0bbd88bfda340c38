"""UHRI JSON downloads made up for tests and the benchmark: records with every key of the real
export (parsers.uhri.JSON_KEYS), written to a file one record at a time, never held whole."""

import json
import random
from pathlib import Path

STATES = ["Slovenia", "Valdoria", "Norland", "Estmark", "Ostravia", "Kestrel Islands"]
BODIES = ["UPR", "CEDAW", "CRC", "CAT", "HRCttee", "CESCR", "SR on torture"]
THEMES = [
    "Women & girls",
    "Violence against women",
    "Right to education",
    "Administration of justice & fair trial",
    "Torture and other cruel, inhuman or degrading treatment",
    "Rights of the child",
    "Right to health",
    "Freedom of opinion and expression",
]
GROUPS = ["Women", "Children", "Persons with disabilities", "Migrants", "Minorities"]
SDGS = [
    "5.2 - Eliminate all forms of violence against women and girls",
    "16.3 - Promote the rule of law and ensure equal access to justice",
    "4.1 - Ensure that all girls and boys complete free primary and secondary education",
]
RECOMMENDING = ["Austria", "Brazil", "Chile", "Denmark", "Egypt", "France", "Ghana", "India"]
WORDS = [
    "ensure",
    "that",
    "all",
    "allegations",
    "of",
    "torture",
    "and",
    "ill-treatment",
    "are",
    "promptly",
    "impartially",
    "and",
    "effectively",
    "investigated",
    "perpetrators",
    "prosecuted",
    "and",
    "victims",
    "provided",
    "with",
    "redress",
    "take",
    "measures",
    "to",
    "combat",
    "discrimination",
    "against",
    "women",
    "in",
    "employment",
    "education",
    "and",
    "political",
    "life",
    "strengthen",
    "the",
    "independence",
    "of",
    "the",
    "national",
    "human",
    "rights",
    "institution",
]


def uhri_record(number: int, *, state: str, per_document: int = 150, **changes) -> dict:
    """Record `number` of a made-up export: a UPR or treaty-body recommendation to `state`,
    about 1,600 bytes of JSON like the real export's, its annotation id unique."""
    pick = random.Random(number)
    document = number // per_document
    body = BODIES[document % len(BODIES)]
    is_upr = body == "UPR"
    session = 20 + document % 30
    words = " ".join(pick.choice(WORDS) for _ in range(pick.randint(105, 170)))
    reference = f"{100 + document % 50}.{number % per_document + 1}"
    record = {
        "AnnotationId": f"{number:08x}-{document:04x}-4d7e-9a55-{state.encode().hex()[:12]:0<12}",
        "AnnotationType": "- Recommendation" if is_upr else "- Observation",
        "Body": f"- {body}",
        "Countries": [state],
        "DocumentId": f"{document:06x}",
        "PublicationDate": f"{2010 + document % 14}-{1 + document % 12:02d}-15T00:00:00",
        "PublicationDateOnUhri": f"{2011 + document % 13}-03-02T10:15:00",
        "Regions": ["Eastern European States"],
        "Sdgs": pick.sample(SDGS, 1),
        "Symbol": f"A/HRC/{session}/{document % 90 + 1}" if is_upr else f"CAT/C/X/CO/{document}",
        "Text": f"{reference} {words.capitalize()}.",
        "Themes": pick.sample(THEMES, 2),
        "AffectedPersons": pick.sample(GROUPS, 1),
        "UprCycle": ["First cycle", "Second cycle", "Third cycle"][document % 3]
        if is_upr
        else None,
        "UprPositions": [pick.choice(["Supported", "Noted"])] if is_upr else [],
        "UprRecommendingCountry": pick.sample(RECOMMENDING, 2) if is_upr else [],
        "UprRecommendingRegions": ["WEOG", "GRULAC"] if is_upr else [],
        "UprSession": str(session) if is_upr else [],
    }
    record.update(changes)
    return record


def write_uhri_json(
    path: Path, count: int, *, states: list[str] | None = None, changed: dict | None = None
) -> Path:
    """Write `count` records (States in turn, a document's records together) to `path` as a
    JSON list, one record at a time. `changed` maps a record number to changed keys."""
    states = states or STATES[:1]
    changed = changed or {}
    per_state = -(-count // len(states))
    with path.open("w", encoding="utf-8") as out:
        out.write("[")
        for number in range(count):
            state = states[number // per_state]
            record = uhri_record(number, state=state, **changed.get(number, {}))
            out.write(("," if number else "") + "\n" + json.dumps(record, ensure_ascii=False))
        out.write("\n]\n")
    return path
