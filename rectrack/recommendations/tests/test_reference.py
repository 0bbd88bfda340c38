"""The reference data Rectrack ships, checked against the UN's own files in ../shared/data."""

import pytest
import yaml

from rectrack.conftest import shared_file
from rectrack.recommendations.models import Mechanism, SdgGoal, SdgTarget
from rectrack.recommendations.reference import MECHANISMS

pytestmark = pytest.mark.django_db


def _clean(text: str) -> str:
    return " ".join(str(text).split())


def _official(name: str) -> dict:
    return yaml.safe_load(shared_file(f"sdg/en/{name}").read_text(encoding="utf-8"))


def test_all_17_goals_are_seeded_with_their_official_titles():
    official = _official("global_goals.yml")
    goals = {goal.number: goal for goal in SdgGoal.objects.all()}
    assert sorted(goals) == list(range(1, 18))
    for number, goal in goals.items():
        assert goal.title == _clean(official[f"{number}-title"])
        assert goal.short_title == _clean(official[f"{number}-short"])


def test_all_169_targets_are_seeded_with_their_official_codes_and_titles():
    official = _official("global_targets.yml")
    expected = {}
    for key, title in official.items():
        goal, target, _ = key.split("-")
        expected[f"{goal}.{target}"] = _clean(title)
    targets = {t.code: t for t in SdgTarget.objects.select_related("goal")}
    assert len(targets) == 169
    assert set(targets) == set(expected)
    for code, target in targets.items():
        assert target.title == expected[code]
        assert str(target.goal.number) == code.split(".")[0]
    assert {"1.a", "17.19", "16.10", "5.c"} <= set(targets)


def test_targets_are_ordered_numbers_first_then_letters():
    codes = list(SdgTarget.objects.filter(goal__number=1).values_list("code", flat=True))
    assert codes == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.a", "1.b"]
    codes = list(SdgTarget.objects.filter(goal__number=16).values_list("code", flat=True))
    assert codes[9:] == ["16.10", "16.a", "16.b"]


def test_upr_and_every_un_treaty_body_are_seeded():
    codes = set(Mechanism.objects.values_list("code", flat=True))
    assert codes >= {
        "UPR",
        "CCPR",
        "CESCR",
        "CAT",
        "SPT",
        "CEDAW",
        "CERD",
        "CRC",
        "CRC-OP-AC",
        "CRC-OP-SC",
        "CMW",
        "CRPD",
        "CED",
    }
    assert Mechanism.objects.get(code="UPR").kind == Mechanism.Kind.UPR
    assert Mechanism.objects.filter(kind=Mechanism.Kind.TREATY_BODY).count() == 12
    assert Mechanism.objects.count() == len(MECHANISMS)
