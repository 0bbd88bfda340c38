"""The reference data Rectrack ships, checked against the UN's own files in ../shared/data:
the SDG titles in the six languages as open-sdg translates them (sdg/<language>/)."""

import unicodedata

import pytest
import yaml
from django.conf import settings
from django.utils import translation

from rectrack.conftest import shared_file
from rectrack.recommendations.models import Mechanism, SdgGoal, SdgTarget
from rectrack.recommendations.reference import MECHANISMS, sdg_reference

pytestmark = pytest.mark.django_db
# Rectrack's language codes and open-sdg's folders.
OPEN_SDG_FOLDERS = {
    "ar": "ar",
    "en": "en",
    "es": "es",
    "fr": "fr",
    "ru": "ru",
    "zh-hans": "zh-Hans",
}


def _clean(text: str) -> str:
    """White space collapsed, accents composed (open-sdg writes most French, Spanish and
    Russian titles decomposed, é as e and a combining accent: the same text to Unicode)."""
    return unicodedata.normalize("NFC", " ".join(str(text).split()))


def _official(name: str, language: str = "en") -> dict:
    folder = OPEN_SDG_FOLDERS[language]
    return yaml.safe_load(shared_file(f"sdg/{folder}/{name}").read_text(encoding="utf-8"))


def test_the_shipped_file_holds_open_sdgs_titles_in_every_language():
    shipped = sdg_reference()
    assert set(OPEN_SDG_FOLDERS) == {code for code, _name in settings.LANGUAGES}
    assert shipped["languages"] == [code for code, _name in settings.LANGUAGES]
    assert [goal["number"] for goal in shipped["goals"]] == list(range(1, 18))
    assert len(shipped["targets"]) == 169
    for language in OPEN_SDG_FOLDERS:
        goals = _official("global_goals.yml", language)
        for goal in shipped["goals"]:
            assert goal["title"][language] == _clean(goals[f"{goal['number']}-title"])
            assert goal["short_title"][language] == _clean(goals[f"{goal['number']}-short"])
        targets = {
            key.removesuffix("-title").replace("-", "."): _clean(title)
            for key, title in _official("global_targets.yml", language).items()
        }
        assert {target["code"]: target["title"][language] for target in shipped["targets"]} == (
            targets
        )


def test_the_shipped_file_credits_open_sdg_and_its_mit_licence():
    shipped = sdg_reference()
    licence = shared_file("sdg/LICENSE").read_text(encoding="utf-8")
    copyright_line = next(line for line in licence.splitlines() if line.startswith("Copyright"))
    assert licence.startswith("MIT License")
    assert "open-sdg" in shipped["source"]
    assert shipped["licence"] == f"MIT License, {copyright_line}"


def test_goals_and_targets_are_seeded_with_their_titles_in_each_language():
    goal, target = SdgGoal.objects.get(number=4), SdgTarget.objects.get(code="16.3")
    for language in OPEN_SDG_FOLDERS:
        goals = _official("global_goals.yml", language)
        targets = _official("global_targets.yml", language)
        with translation.override(language):
            assert goal.display_title == _clean(goals["4-title"])
            assert goal.display_short_title == _clean(goals["4-short"])
            assert str(goal) == f"4. {_clean(goals['4-short'])}"
            assert target.display_title == _clean(targets["16-3-title"])


def test_seeded_mechanisms_are_named_in_each_language():
    upr = Mechanism.objects.get(code="UPR")
    names = {}
    for language in OPEN_SDG_FOLDERS:
        with translation.override(language):
            names[language] = upr.display_name
    assert names == {
        "ar": "الاستعراض الدوري الشامل",
        "en": "Universal Periodic Review",
        "es": "Examen Periódico Universal",
        "fr": "Examen périodique universel",
        "ru": "Универсальный периодический обзор",
        "zh-hans": "普遍定期审议",
    }
    assert upr.name == "Universal Periodic Review"  # as seeded, whatever the language
    for code, _kind, seeded in MECHANISMS:
        mechanism = Mechanism.objects.get(code=code)
        assert mechanism.name == seeded["en"]
        assert mechanism.names() == set(seeded.values())


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
