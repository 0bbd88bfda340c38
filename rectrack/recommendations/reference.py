"""Reference data shipped with Rectrack and loaded by data migrations: the UPR, the UN treaty
bodies, a few regional bodies, and the SDG goals and targets (data/sdg.json)."""

import json
from pathlib import Path

SDG_FILE = Path(__file__).with_name("data") / "sdg.json"

# (code, name, kind): the seeded mechanisms. Special procedure mandates are added by users
# or by imports as they are met.
MECHANISMS = [
    ("UPR", "Universal Periodic Review", "upr"),
    ("CCPR", "Human Rights Committee", "treaty_body"),
    ("CESCR", "Committee on Economic, Social and Cultural Rights", "treaty_body"),
    ("CAT", "Committee against Torture", "treaty_body"),
    ("SPT", "Subcommittee on Prevention of Torture", "treaty_body"),
    ("CEDAW", "Committee on the Elimination of Discrimination against Women", "treaty_body"),
    ("CERD", "Committee on the Elimination of Racial Discrimination", "treaty_body"),
    ("CRC", "Committee on the Rights of the Child", "treaty_body"),
    (
        "CRC-OP-AC",
        "Committee on the Rights of the Child (Optional Protocol on children in armed conflict)",
        "treaty_body",
    ),
    (
        "CRC-OP-SC",
        "Committee on the Rights of the Child (Optional Protocol on the sale of children)",
        "treaty_body",
    ),
    (
        "CMW",
        "Committee on the Protection of the Rights of All Migrant Workers and Members of "
        "Their Families",
        "treaty_body",
    ),
    ("CRPD", "Committee on the Rights of Persons with Disabilities", "treaty_body"),
    ("CED", "Committee on Enforced Disappearances", "treaty_body"),
    ("ACHPR", "African Commission on Human and Peoples' Rights", "regional"),
    ("IACHR", "Inter-American Commission on Human Rights", "regional"),
    ("ECSR", "European Committee of Social Rights", "regional"),
]


def sdg_reference() -> dict:
    """The SDG framework as shipped: {"goals": [...17], "targets": [...169]}."""
    return json.loads(SDG_FILE.read_text(encoding="utf-8"))


def reference_data_load(*, mechanism_model, goal_model, target_model) -> None:
    """Create or refresh the seeded mechanisms and the SDG framework (idempotent).

    Takes the model classes so the data migration can pass its historical models."""
    for code, name, kind in MECHANISMS:
        mechanism_model.objects.get_or_create(code=code, defaults={"name": name, "kind": kind})
    sdg = sdg_reference()
    goals = {}
    for goal in sdg["goals"]:
        goals[goal["number"]], _ = goal_model.objects.update_or_create(
            number=goal["number"],
            defaults={"title": goal["title"], "short_title": goal["short_title"]},
        )
    for target in sdg["targets"]:
        target_model.objects.update_or_create(
            code=target["code"],
            defaults={
                "goal": goals[target["goal"]],
                "order": target["order"],
                "title": target["title"],
            },
        )
