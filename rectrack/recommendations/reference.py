"""Reference data shipped with Rectrack and loaded by data migrations: the UPR, the UN treaty
bodies, a few regional bodies, and the SDG goals and targets (data/sdg.json), each named in
the six UN languages.

data/sdg.json was converted once from open-sdg's translations (MIT licence, credited in the
file and in README) by tools/sdg_reference.py; recommendations/tests/test_reference.py
checks it against them."""

import json
from pathlib import Path

from django.db.models import Q

SDG_FILE = Path(__file__).with_name("data") / "sdg.json"
# The languages of settings.LANGUAGES, as the data migrations know them.
LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh-hans")


def _names(en: str, fr: str, es: str, ru: str, ar: str, zh: str) -> dict[str, str]:
    return {"en": en, "fr": fr, "es": es, "ru": ru, "ar": ar, "zh-hans": zh}


# (code, kind, names): the seeded mechanisms, under their official UN names (the English one
# is the name as seeded). Special procedure mandates are added by users or by imports as
# they are met.
MECHANISMS = [
    (
        "UPR",
        "upr",
        _names(
            "Universal Periodic Review",
            "Examen périodique universel",
            "Examen Periódico Universal",
            "Универсальный периодический обзор",
            "الاستعراض الدوري الشامل",
            "普遍定期审议",
        ),
    ),
    (
        "CCPR",
        "treaty_body",
        _names(
            "Human Rights Committee",
            "Comité des droits de l'homme",
            "Comité de Derechos Humanos",
            "Комитет по правам человека",
            "اللجنة المعنية بحقوق الإنسان",
            "人权事务委员会",
        ),
    ),
    (
        "CESCR",
        "treaty_body",
        _names(
            "Committee on Economic, Social and Cultural Rights",
            "Comité des droits économiques, sociaux et culturels",
            "Comité de Derechos Económicos, Sociales y Culturales",
            "Комитет по экономическим, социальным и культурным правам",
            "اللجنة المعنية بالحقوق الاقتصادية والاجتماعية والثقافية",
            "经济、社会及文化权利委员会",
        ),
    ),
    (
        "CAT",
        "treaty_body",
        _names(
            "Committee against Torture",
            "Comité contre la torture",
            "Comité contra la Tortura",
            "Комитет против пыток",
            "لجنة مناهضة التعذيب",
            "禁止酷刑委员会",
        ),
    ),
    (
        "SPT",
        "treaty_body",
        _names(
            "Subcommittee on Prevention of Torture",
            "Sous-comité pour la prévention de la torture",
            "Subcomité para la Prevención de la Tortura",
            "Подкомитет по предупреждению пыток",
            "اللجنة الفرعية لمنع التعذيب",
            "防范酷刑小组委员会",
        ),
    ),
    (
        "CEDAW",
        "treaty_body",
        _names(
            "Committee on the Elimination of Discrimination against Women",
            "Comité pour l'élimination de la discrimination à l'égard des femmes",
            "Comité para la Eliminación de la Discriminación contra la Mujer",
            "Комитет по ликвидации дискриминации в отношении женщин",
            "اللجنة المعنية بالقضاء على التمييز ضد المرأة",
            "消除对妇女歧视委员会",
        ),
    ),
    (
        "CERD",
        "treaty_body",
        _names(
            "Committee on the Elimination of Racial Discrimination",
            "Comité pour l'élimination de la discrimination raciale",
            "Comité para la Eliminación de la Discriminación Racial",
            "Комитет по ликвидации расовой дискриминации",
            "لجنة القضاء على التمييز العنصري",
            "消除种族歧视委员会",
        ),
    ),
    (
        "CRC",
        "treaty_body",
        _names(
            "Committee on the Rights of the Child",
            "Comité des droits de l'enfant",
            "Comité de los Derechos del Niño",
            "Комитет по правам ребенка",
            "لجنة حقوق الطفل",
            "儿童权利委员会",
        ),
    ),
    (
        "CRC-OP-AC",
        "treaty_body",
        _names(
            "Committee on the Rights of the Child (Optional Protocol on children in armed "
            "conflict)",
            "Comité des droits de l'enfant (Protocole facultatif concernant l'implication "
            "d'enfants dans les conflits armés)",
            "Comité de los Derechos del Niño (Protocolo facultativo relativo a la participación "
            "de niños en los conflictos armados)",
            "Комитет по правам ребенка (Факультативный протокол, касающийся участия детей в "
            "вооруженных конфликтах)",
            "لجنة حقوق الطفل (البروتوكول الاختياري بشأن اشتراك الأطفال في المنازعات المسلحة)",
            "儿童权利委员会（关于儿童卷入武装冲突问题的任择议定书）",
        ),
    ),
    (
        "CRC-OP-SC",
        "treaty_body",
        _names(
            "Committee on the Rights of the Child (Optional Protocol on the sale of children)",
            "Comité des droits de l'enfant (Protocole facultatif concernant la vente d'enfants)",
            "Comité de los Derechos del Niño (Protocolo facultativo relativo a la venta de niños)",
            "Комитет по правам ребенка (Факультативный протокол, касающийся торговли детьми)",
            "لجنة حقوق الطفل (البروتوكول الاختياري بشأن بيع الأطفال)",
            "儿童权利委员会（关于买卖儿童问题的任择议定书）",
        ),
    ),
    (
        "CMW",
        "treaty_body",
        _names(
            "Committee on the Protection of the Rights of All Migrant Workers and Members of "
            "Their Families",
            "Comité pour la protection des droits de tous les travailleurs migrants et des "
            "membres de leur famille",
            "Comité de Protección de los Derechos de Todos los Trabajadores Migratorios y de "
            "Sus Familiares",
            "Комитет по защите прав всех трудящихся-мигрантов и членов их семей",
            "اللجنة المعنية بحماية حقوق جميع العمال المهاجرين وأفراد أسرهم",
            "保护所有移徙工人及其家庭成员权利委员会",
        ),
    ),
    (
        "CRPD",
        "treaty_body",
        _names(
            "Committee on the Rights of Persons with Disabilities",
            "Comité des droits des personnes handicapées",
            "Comité sobre los Derechos de las Personas con Discapacidad",
            "Комитет по правам инвалидов",
            "اللجنة المعنية بحقوق الأشخاص ذوي الإعاقة",
            "残疾人权利委员会",
        ),
    ),
    (
        "CED",
        "treaty_body",
        _names(
            "Committee on Enforced Disappearances",
            "Comité des disparitions forcées",
            "Comité contra la Desaparición Forzada",
            "Комитет по насильственным исчезновениям",
            "اللجنة المعنية بحالات الاختفاء القسري",
            "强迫失踪问题委员会",
        ),
    ),
    (
        "ACHPR",
        "regional",
        _names(
            "African Commission on Human and Peoples' Rights",
            "Commission africaine des droits de l'homme et des peuples",
            "Comisión Africana de Derechos Humanos y de los Pueblos",
            "Африканская комиссия по правам человека и народов",
            "اللجنة الأفريقية لحقوق الإنسان والشعوب",
            "非洲人权和民族权委员会",
        ),
    ),
    (
        "IACHR",
        "regional",
        _names(
            "Inter-American Commission on Human Rights",
            "Commission interaméricaine des droits de l'homme",
            "Comisión Interamericana de Derechos Humanos",
            "Межамериканская комиссия по правам человека",
            "لجنة البلدان الأمريكية لحقوق الإنسان",
            "美洲人权委员会",
        ),
    ),
    (
        "ECSR",
        "regional",
        _names(
            "European Committee of Social Rights",
            "Comité européen des droits sociaux",
            "Comité Europeo de Derechos Sociales",
            "Европейский комитет по социальным правам",
            "اللجنة الأوروبية للحقوق الاجتماعية",
            "欧洲社会权利委员会",
        ),
    ),
]


def sdg_reference() -> dict:
    """The SDG framework as shipped: {"goals": [...17], "targets": [...169]}, each title
    (and each goal's short title) as {language: text} in the six languages."""
    return json.loads(SDG_FILE.read_text(encoding="utf-8"))


def _in_languages(field: str, values: dict[str, str]) -> dict[str, str]:
    """{"translated_title_fr": ..., ...}: the columns of `field` in each language, named as
    django-modeltranslation names them."""
    return {f"{field}_{code.replace('-', '_')}": values[code] for code in LANGUAGES}


def _has_translations(model) -> bool:
    """Migration 0002 runs with the models as they were before names in each language."""
    return any(field.name == "translated_name_en" for field in model._meta.get_fields())


def reference_data_load(*, mechanism_model, goal_model, target_model) -> None:
    """Create or refresh the seeded mechanisms and the SDG framework (idempotent), with
    their names in each language once the models have them (migration 0012): the SDG
    titles always, the mechanisms' names where a language has none yet (an administrator
    may have renamed one).

    Takes the model classes so the data migrations can pass their historical models."""
    translated = _has_translations(mechanism_model)
    for code, kind, names in MECHANISMS:
        mechanism_model.objects.get_or_create(
            code=code, defaults={"name": names["en"], "kind": kind}
        )
        if translated:
            for column, name in _in_languages("translated_name", names).items():
                unnamed = Q(**{f"{column}__isnull": True}) | Q(**{column: ""})
                mechanism_model.objects.filter(unnamed, code=code).update(**{column: name})
    sdg = sdg_reference()
    goals = {}
    for goal in sdg["goals"]:
        defaults = {"title": goal["title"]["en"], "short_title": goal["short_title"]["en"]}
        if translated:
            defaults |= _in_languages("translated_title", goal["title"])
            defaults |= _in_languages("translated_short_title", goal["short_title"])
        goals[goal["number"]], _ = goal_model.objects.update_or_create(
            number=goal["number"], defaults=defaults
        )
    for target in sdg["targets"]:
        defaults = {
            "goal": goals[target["goal"]],
            "order": target["order"],
            "title": target["title"]["en"],
        }
        if translated:
            defaults |= _in_languages("translated_title", target["title"])
        target_model.objects.update_or_create(code=target["code"], defaults=defaults)
