"""Write rectrack/recommendations/data/sdg.json, the SDG goals and targets Rectrack ships,
from open-sdg's translations (MIT licence) in the six UN languages.

Run once when the source changes, from the repository's root, with the test tools
installed (PyYAML):

    .venv/bin/python tools/sdg_reference.py ../shared/data/sdg

The source folder holds one folder per language (ar, en, es, fr, ru, zh-Hans), each with
global_goals.yml ("4-title", "4-short") and global_targets.yml ("16-3-title"), and the
LICENSE whose copyright line the file's credit repeats. Titles are kept as the source writes
them, white space collapsed and accents composed (Unicode NFC, as imports write text: the
source writes é as e and a combining accent in most French, Spanish and Russian titles).
Each target's order within its goal is its number (1.1 -> 1), a lettered target's 100 and
on (1.a -> 100, 1.b -> 101): the means of implementation come last, as officially listed.
"""

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
TARGET = REPO_ROOT / "rectrack" / "recommendations" / "data" / "sdg.json"
# Rectrack's language codes (settings.LANGUAGES) and open-sdg's folder for each.
LANGUAGES = {"ar": "ar", "en": "en", "es": "es", "fr": "fr", "ru": "ru", "zh-hans": "zh-Hans"}
REPOSITORY = "https://github.com/open-sdg/sdg-translations"
_TARGET_KEY = re.compile(r"^(\d{1,2})-(\d{1,2}|[a-z])-title$")


def _clean(text: object) -> str:
    return unicodedata.normalize("NFC", " ".join(str(text).split()))


def _read(folder: Path, name: str) -> dict[str, str]:
    return yaml.safe_load((folder / name).read_text(encoding="utf-8"))


def _copyright(source: Path) -> str:
    for line in (source / "LICENSE").read_text(encoding="utf-8").splitlines():
        if line.strip().lower().startswith("copyright"):
            return line.strip()
    raise SystemExit(f"No copyright line in {source / 'LICENSE'}.")


def _target_order(code: str) -> int:
    part = code.split(".")[1]
    return int(part) if part.isdigit() else 100 + ord(part) - ord("a")


def build(source: Path) -> dict:
    goals: dict[int, dict] = {}
    targets: dict[str, dict] = {}
    for language, folder in LANGUAGES.items():
        for key, title in _read(source / folder, "global_goals.yml").items():
            number, kind = key.split("-")
            field = {"title": "title", "short": "short_title"}[kind]
            goal = goals.setdefault(
                int(number), {"number": int(number), "title": {}, "short_title": {}}
            )
            goal[field][language] = _clean(title)
        for key, title in _read(source / folder, "global_targets.yml").items():
            match = _TARGET_KEY.match(key)
            if match is None:
                raise SystemExit(f"Unexpected key {key!r} in {folder}/global_targets.yml.")
            code = f"{match.group(1)}.{match.group(2)}"
            target = targets.setdefault(code, {"goal": int(match.group(1)), "title": {}})
            target["title"][language] = _clean(title)
    ordered_targets = []
    for number in sorted(goals):
        codes = sorted((c for c, t in targets.items() if t["goal"] == number), key=_target_order)
        ordered_targets.extend(
            {"code": code, "goal": number, "order": _target_order(code), **targets[code]}
            for code in codes
        )
    for entry in [*goals.values(), *ordered_targets]:
        for field in ("title", "short_title"):
            if field in entry and set(entry[field]) != set(LANGUAGES):
                raise SystemExit(f"{entry} lacks a language in {field}.")
    if len(goals) != 17 or len(ordered_targets) != 169:
        raise SystemExit(f"{len(goals)} goals and {len(ordered_targets)} targets: 17 and 169?")
    return {
        "source": (
            "Goal and target titles (and goals' short titles) in Arabic, Chinese, English, "
            f"French, Russian and Spanish from open-sdg's translations ({REPOSITORY}), "
            "converted to this file's format"
        ),
        "licence": f"MIT License, {_copyright(source)}",
        "languages": list(LANGUAGES),
        "goals": [goals[number] for number in sorted(goals)],
        "targets": ordered_targets,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="open-sdg's translations folder")
    parser.add_argument("--output", type=Path, default=TARGET)
    options = parser.parse_args(argv)
    data = build(options.source)
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
    options.output.write_text(text, encoding="utf-8")
    print(f"{options.output}: {len(data['goals'])} goals, {len(data['targets'])} targets.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
