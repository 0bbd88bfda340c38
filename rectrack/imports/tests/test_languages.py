"""Imports in other languages: UHRI exports with French, Russian, Arabic and Chinese headers,
read by the parser and imported by the service."""

import pytest

from rectrack.imports import normalise
from rectrack.imports.parsers.tabular import match_headers
from rectrack.imports.parsers.uhri import COLUMNS, UhriParser
from rectrack.imports.services import import_file
from rectrack.imports.tests.test_tabular import csv_bytes, xlsx_bytes
from rectrack.recommendations.models import Recommendation

# -- UHRI exports with French, Russian, Arabic and Chinese headers ---------------------------
# Language -> the export's headers, one for each of UHRI_FIELDS, and the words its rows use.
UHRI_FIELDS = ("text", "countries", "body", "symbol", "themes", "affected", "sdgs", "states")
UHRI_FIELDS += ("position", "type", "session")
UHRI_EXPORTS = {
    "fr": {
        "headers": (
            "Texte",
            "Pays concernés",
            "Organe recommandant",
            "Cote du document",
            "Thèmes",
            "Personnes concernées",
            "ODD",
            "États recommandants EPU",
            "Position EPU",
            "Type",
            "Session EPU",
        ),
        "State": "Slovénie",
        "UPR": ("EPU", "Examen périodique universel"),
        "CAT": "Comité contre la torture",
        "recommendation": "Recommandation",
        "observation": "Observations finales",
        "supported": "Soutenue",
        "noted": "Prise en note",
        "unknown": "Peut-être",
        "goal": "Objectif 16",
        "texts": ("Ratifier la Convention", "Abolir la peine de mort", "Le Comité recommande."),
    },
    "ru": {
        "headers": (
            "Текст",
            "Соответствующие страны",
            "Рекомендующий орган",
            "Условное обозначение документа",
            "Темы",
            "Затрагиваемые лица",
            "ЦУР",
            "Рекомендующие государства УПО",
            "Позиция УПО",
            "Тип",
            "Сессия УПО",
        ),
        "State": "Словения",
        "UPR": ("УПО", "Универсальный периодический обзор"),
        "CAT": "Комитет против пыток",
        "recommendation": "Рекомендация",
        "observation": "Заключительные замечания",
        "supported": "Поддержана",
        "noted": "Принята к сведению",
        "unknown": "Возможно",
        "goal": "Цель 16",
        "texts": ("Ратифицировать Конвенцию", "Отменить смертную казнь", "Комитет рекомендует."),
    },
    "ar": {
        "headers": (
            "النص",
            "البلدان المعنية",
            "الهيئة الموصية",
            "رمز الوثيقة",
            "المواضيع",
            "الأشخاص المتأثرون",
            "أهداف التنمية المستدامة",
            "الدول الموصية في الاستعراض الدوري الشامل",
            "الموقف في الاستعراض الدوري الشامل",
            "النوع",
            "دورة الاستعراض الدوري الشامل",
        ),
        "State": "سلوفينيا",
        "UPR": ("الاستعراض الدوري الشامل", "الاستعراض الدوري الشامل"),
        "CAT": "لجنة مناهضة التعذيب",
        "recommendation": "توصية",
        "observation": "الملاحظات الختامية",
        "supported": "مؤيَّدة",  # with a shadda
        "noted": "أُحيط علماً بها",  # with harakat and tanween
        "unknown": "ربما",
        "goal": "الهدف 16",
        "texts": ("التصديق على الاتفاقية", "إلغاء عقوبة الإعدام", "توصي اللجنة."),
    },
    "zh": {
        "headers": (
            "案文",
            "有关国家",
            "提出建议的机构",
            "文件编号",
            "主题",
            "受影响者",
            "可持续发展目标",
            "普遍定期审议建议国",
            "普遍定期审议立场",
            "类型",
            "普遍定期审议届会",
        ),
        "State": "斯洛文尼亚",
        "UPR": ("普遍定期审议", "普遍定期审议"),
        "CAT": "禁止酷刑委员会",
        "recommendation": "建议",
        "observation": "结论性意见",
        "supported": "「支持」",
        "noted": "已注意到",
        "unknown": "考虑中",
        "goal": "目标16",
        "texts": ("批准《公约》", "废除死刑", "委员会建议。"),
    },
}


def uhri_export(language: str) -> tuple[bytes, str]:
    """Four rows: a supported and a noted UPR recommendation, a treaty body's concluding
    observation, and a UPR recommendation whose position no vocabulary knows. Arabic and
    Russian as CSV, French and Chinese as workbooks."""
    words = UHRI_EXPORTS[language]
    ratify, abolish, observe = words["texts"]
    state, (upr, upr_in_full) = f"- {words['State']}", words["UPR"]
    upr_row = [state, f"- {upr}", "A/HRC/43/15", "- Theme", "- Group", f"- {words['goal']}"]
    rows = [
        [ratify, *upr_row, "- France\n- Lituanie", words["supported"], words["recommendation"], 34],
        [f"{ratify} 2", state, f"- {upr_in_full}", "A/HRC/43/15", "", "", "- 10", "- Chili"]
        + [words["noted"], words["recommendation"], 34],
        [observe, state, f"- {words['CAT']}", "CAT/C/SVN/CO/4", "", "", "", "", ""]
        + [f"- {words['observation']}", ""],
        [abolish, *upr_row, "- Pérou", words["unknown"], words["recommendation"], 34],
    ]
    table = [list(words["headers"]), *rows]
    if language in ("ar", "ru"):
        return csv_bytes(table), f"uhri-{language}.csv"
    return xlsx_bytes(table), f"uhri-{language}.xlsx"


@pytest.mark.parametrize("language", UHRI_EXPORTS)
def test_uhri_export_headers_in_another_language_are_each_read_as_their_field(language):
    data, name = uhri_export(language)
    headers = list(UHRI_EXPORTS[language]["headers"])

    assert match_headers(headers, COLUMNS, name) == {f: i for i, f in enumerate(UHRI_FIELDS)}
    assert UhriParser().detect(data, name) >= 0.9
    result = UhriParser().parse(data, name)

    supported, noted, observation = result.rows
    assert (supported.mechanism, supported.type, supported.position) == (
        "UPR",
        "recommendation",
        "supported",
    )
    assert (supported.session, supported.cycle) == (34, 3)
    assert supported.document_symbol == "A/HRC/43/15"
    assert len(supported.recommending_states) == 2 and supported.sdg_codes == ["16"]
    assert len(supported.themes) == 1 and len(supported.affected_groups) == 1
    assert supported.country == UHRI_EXPORTS[language]["State"]  # as the file names it
    assert (noted.position, noted.sdg_codes) == ("noted", ["10"])
    assert (observation.mechanism, observation.type, observation.position) == (
        "CAT",
        "observation",
        "",
    )


@pytest.mark.django_db
@pytest.mark.parametrize("language", UHRI_EXPORTS)
def test_uhri_export_in_another_language_imports_and_reports_the_unknown_position(language):
    data, name = uhri_export(language)
    words = UHRI_EXPORTS[language]

    report = import_file(data=data, file_name=name, skip_invalid=True)

    assert report.format == "uhri"
    assert (report.rows, report.created, report.skipped) == (4, 3, 1)
    assert report.by_position == {"supported": 1, "noted": 1, "none": 1}
    (error,) = report.errors
    assert (error.location, error.column) == ("row 5", words["headers"][8])
    assert repr(words["unknown"]) in error.message
    assert Recommendation.objects.filter(document__mechanism__code="UPR").count() == 2
    assert Recommendation.objects.get(document__mechanism__code="CAT").type == "observation"


def test_no_uhri_header_names_two_fields_in_any_language():
    owners: dict[str, str] = {}
    for name, spellings in COLUMNS.items():
        for spelling in spellings:
            assert owners.setdefault(normalise.header_key(spelling), name) == name, spelling
