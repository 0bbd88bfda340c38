"""Imports in other languages: OHCHR thematic lists published in French and Spanish, built
here in the layouts of the real English lists, and UHRI exports with French, Russian, Arabic
and Chinese headers, read by the parsers and imported by the service."""

import io
from collections import Counter

import docx
import pytest

from rectrack.imports import normalise
from rectrack.imports.parsers.base import ParsedTheme
from rectrack.imports.parsers.tabular import match_headers
from rectrack.imports.parsers.thematic_list import ThematicListParser
from rectrack.imports.parsers.uhri import COLUMNS, UhriParser
from rectrack.imports.services import import_file
from rectrack.imports.tests.test_tabular import csv_bytes, xlsx_bytes
from rectrack.recommendations.models import AffectedGroup, Recommendation, Theme
from rectrack.recommendations.services import affected_group_get_or_create, theme_get_or_create

PARSER = ThematicListParser()
NBSP, NNBSP = "\u00a0", "\u202f"  # French typography: a (narrow) no-break space before ":"


def thematic_list(rows: list[list[str]], *, page_header: str = "", title: str = "") -> bytes:
    """A Word document laid out as OHCHR's lists: the review in the page header (or a title
    above the table), one table whose heading rows are merged across every column."""
    document = docx.Document()
    if page_header:
        document.sections[0].header.paragraphs[0].text = page_header
    if title:
        document.add_paragraph(title)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        if len(set(values)) == 1 and values[0]:  # a heading: one cell across the table
            table.cell(r, 0).merge(table.cell(r, len(values) - 1)).text = values[0]
            continue
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# -- French, the 2019 layout (as slovenia-upr34-2019.docx) ----------------------------------
FRENCH_HEADERS = [
    "Recommandation",
    "Position",
    "Liste complète des thèmes",
    "Évaluation/commentaires sur le niveau de mise en œuvre",
]


def heading(text: str) -> list[str]:
    return [text] * 4


def french_list() -> bytes:
    source = f"Source de la position{NBSP}: A/HRC/43/15 - Par. 121"
    source_add = f"Source de la position{NNBSP}: A/HRC/43/15/Add.1 - Par. 5"
    rows = [
        FRENCH_HEADERS,
        heading(f"Thème{NBSP}: Acceptation des normes internationales"),
        [
            "121.1 Ratifier la Convention internationale pour la protection de toutes les "
            f"personnes contre les disparitions forcées (France) (Lituanie);\n{source}",
            "Soutenue",
            "- Acceptation des normes internationales\n- Disparitions forcées\nODD : \n"
            "- 16 - PAIX, JUSTICE ET INSTITUTIONS EFFICACES\nPersonnes concernées : \n"
            "- Personnes disparues",
            "",
        ],
        [
            "121.3 Ratifier le Protocole de 2014 relatif à la Convention sur le travail forcé, "
            "1930 (no 29) (Royaume-Uni de Grande-Bretagne et d’Irlande du Nord);\n" + source,
            "Acceptée",
            "- Acceptation des normes internationales\n- Interdiction de l’esclavage, traite\n"
            f"ODD{NBSP}:\n- 8 - TRAVAIL DÉCENT ET CROISSANCE ÉCONOMIQUE",
            "",
        ],
        [
            "122.2 Ratifier la Convention internationale sur la protection des droits de tous "
            "les travailleurs migrants et des membres de leur famille (Bangladesh) (Égypte);\n"
            + source_add,
            "Notée",
            "- Acceptation des normes internationales\n- Migrants\nODD : \n"
            f"- 10 - INÉGALITÉS RÉDUITES\nPersonnes concernées{NNBSP}: \n"
            "- Migrants et travailleurs domestiques",
            "",
        ],
        FRENCH_HEADERS,  # the header row repeated on the next page
        heading(f"Thème{NNBSP}: Violence à l’égard des femmes"),
        [
            "121.50 Adopter une stratégie globale de lutte contre la violence à l’égard des "
            "femmes (Chili); Ériger le viol conjugal en infraction pénale (Espagne);\n" + source,
            "Soutenue.",
            "- Violence à l’égard des femmes\n- Discrimination à l’égard des femmes\nODD : \n"
            "- 5.2 - Éliminer de la vie publique et de la vie privée toutes les formes de "
            "violence faite aux femmes et aux filles\nPersonnes concernées : \n- Femmes\n- Filles",
            "",
        ],
        [
            "122.40 Incriminer la violence domestique (Iran (République islamique d’));\n"
            + source_add,
            "Prise en note",
            "- Violence à l’égard des femmes\n- Violence domestique\nPersonnes concernées : \n"
            "- Femmes",
            "",
        ],
        heading("THÈME : Droit à la santé"),
        [
            "121.80 Garantir l’accès des Roms aux soins de santé (Pérou);\n"
            "SOURCE DE LA POSITION : A/HRC/43/15 - Par. 121",
            "NOTÉE",
            "- Droit à la santé\nODD : \n- 3 - BONNE SANTÉ ET BIEN-ÊTRE",
            "",
        ],
        [
            "121.81 Envisager une couverture de santé universelle (Ghana);\n" + source,
            "À l’étude",
            "- Droit à la santé",
            "",
        ],
    ]
    return thematic_list(
        rows,
        page_header="EPU de la Slovénie (3e cycle – 34e session)\t\t\tListe thématique des "
        "recommandations\t\t\t\tPage 1 sur 2",
    )


def test_french_list_reads_six_recommendations_three_supported_three_noted_with_their_themes():
    result = PARSER.parse(french_list(), "slovenie-epu34-2019.docx")

    assert len(result.rows) == 6
    assert Counter(row.position for row in result.rows) == {"supported": 3, "noted": 3}
    positions = {row.reference: row.position for row in result.rows}
    assert positions == {
        "121.1": "supported",
        "121.3": "supported",
        "122.2": "noted",
        "121.50": "supported",
        "122.40": "noted",
        "121.80": "noted",
    }
    rows = {row.reference: row for row in result.rows}
    first = rows["121.1"]
    assert first.text == (
        "Ratifier la Convention internationale pour la protection de toutes les personnes "
        "contre les disparitions forcées"
    )
    assert first.recommending_states == ["France", "Lituanie"]
    assert first.themes == [
        ParsedTheme(name="Acceptation des normes internationales"),
        ParsedTheme(name="Disparitions forcées"),
    ]
    assert first.sdg_codes == ["16"]
    assert first.affected_groups == ["Personnes disparues"]
    assert first.source_of_position == "A/HRC/43/15 - Par. 121"
    assert first.extra == {"theme_heading": "Acceptation des normes internationales"}
    assert (first.country, first.cycle, first.session) == ("Slovénie", 3, 34)
    assert {row.document_symbol for row in result.rows} == {"A/HRC/43/15"}

    labour = rows["121.3"]
    assert labour.recommending_states == ["Royaume-Uni de Grande-Bretagne et d’Irlande du Nord"]
    assert labour.text.endswith("travail forcé, 1930 (no 29)")
    assert labour.sdg_codes == ["8"] and labour.affected_groups == []

    migrants = rows["122.2"]
    assert migrants.recommending_states == ["Bangladesh", "Égypte"]
    assert migrants.affected_groups == ["Migrants et travailleurs domestiques"]
    assert migrants.source_of_position == "A/HRC/43/15/Add.1 - Par. 5"

    violence = rows["121.50"]
    assert violence.text == (
        "Adopter une stratégie globale de lutte contre la violence à l’égard des femmes; "
        "Ériger le viol conjugal en infraction pénale"
    )
    assert violence.recommending_states == ["Chili", "Espagne"]
    assert [theme.name for theme in violence.themes] == [
        "Violence à l’égard des femmes",
        "Discrimination à l’égard des femmes",
    ]
    assert violence.sdg_codes == ["5.2"]
    assert violence.affected_groups == ["Femmes", "Filles"]
    assert violence.extra == {"theme_heading": "Violence à l’égard des femmes"}
    assert rows["122.40"].recommending_states == ["Iran (République islamique d’)"]
    assert rows["121.80"].extra == {"theme_heading": "Droit à la santé"}
    assert rows["121.80"].source_of_position == "A/HRC/43/15 - Par. 121"


def test_an_unknown_french_position_is_an_issue_naming_the_paragraph_and_the_value():
    result = PARSER.parse(french_list(), "slovenie-epu34-2019.docx")

    assert [(issue.location, issue.column) for issue in result.issues] == [
        ("paragraph 121.81", "Position")
    ]
    assert "'À l’étude'" in result.issues[0].message
    assert "French, Spanish, Russian, Arabic or Chinese" in result.issues[0].message


@pytest.mark.django_db
def test_french_list_is_detected_and_imported_with_its_positions_and_french_themes():
    report = import_file(
        data=french_list(), file_name="slovenie-epu34-2019.docx", skip_invalid=True
    )

    assert report.format == "thematic-list"
    assert (report.rows, report.created, report.skipped) == (7, 6, 1)
    assert report.by_position == {"supported": 3, "noted": 3}
    assert [(error.location, error.column) for error in report.errors] == [
        ("paragraph 121.81", "Position")
    ]
    assert Recommendation.objects.count() == 6
    first = Recommendation.objects.get(reference="121.1")
    assert first.position == Recommendation.Position.SUPPORTED
    assert first.document.symbol == "A/HRC/43/15"
    assert first.document.country.name == "Slovénie"
    assert sorted(theme.name for theme in first.themes.all()) == [
        "Acceptation des normes internationales",
        "Disparitions forcées",
    ]
    assert [group.name for group in first.affected_groups.all()] == ["Personnes disparues"]
    assert sorted(c.name for c in first.recommending_countries.all()) == ["France", "Lituanie"]
    assert Recommendation.objects.get(reference="122.40").position == "noted"
    accepted = Theme.objects.get(name="Acceptation des normes internationales")
    assert accepted.recommendations.count() == 3


# -- Spanish, the 2014 layout (as slovenia-upr20-2014.docx) ---------------------------------
SPANISH_HEADERS = [
    "Recomendación",
    "Posición",
    "Lista completa de temas",
    "Evaluación/comentarios sobre el nivel de aplicación",
]


def spanish_list() -> bytes:
    source = "Fuente de la posición: A/HRC/58/15/Add.1 - Párr. 3"
    rows = [
        SPANISH_HEADERS,
        heading("Tema: A12 Aceptación de las normas internacionales"),
        [
            "115.1 Adoptar nuevas medidas para ratificar los tratados internacionales de "
            "derechos humanos firmados desde el primer ciclo del EPU (Croacia);\n" + source,
            "Apoyada",
            "A12 Aceptación de las normas internacionales\nPersonas afectadas:\n- general",
            "",
        ],
        [
            "115.2 Acelerar la ratificación de la enmienda al artículo 8 de la Convención "
            "Internacional sobre la Eliminación de todas las Formas de Discriminación Racial "
            "(Bélgica);\n" + source,
            "Aceptada",
            "A12 Aceptación de las normas internacionales\nB32 Discriminación racial\n"
            "G1 Miembros de minorías\nPersonas afectadas:\n- minorías",
            "",
        ],
        [
            "115.17 Adherirse a la Convención para Reducir los Casos de Apatridia (Hungría);\n"
            "FUENTE DE LA POSICIÓN: A/HRC/58/15/Add.1 - Párr. 5",
            "Se toma nota",
            "A12 Aceptación de las normas internacionales\n"
            "D6 Derechos relacionados con el nombre, la identidad y la nacionalidad\n"
            "Personas afectadas:\n- apátridas",
            "",
        ],
        heading("Tema : F13 Violencia contra la mujer"),
        [
            "115.60 Tipificar como delito la violación conyugal "
            "(Venezuela (República Bolivariana de), Perú);\n" + source,
            "Tomada nota",
            "F13 Violencia contra la mujer\nD29 Violencia doméstica\n"
            "Personas afectadas:\n- mujeres",
            "",
        ],
        [
            "115.61 Ratificar el Convenio del Consejo de Europa sobre prevención y lucha contra "
            "la violencia contra las mujeres y la violencia doméstica (Turquía);\n" + source,
            "apoyadas",
            "A12 Aceptación de las normas internacionales\nF13 Violencia contra la mujer\n"
            "Personas afectadas:\n- mujeres\n- niñas",
            "",
        ],
        [
            "115.62 Crear refugios para las víctimas en todas las regiones (Chile);\n" + source,
            "En estudio",
            "F13 Violencia contra la mujer",
            "",
        ],
        [
            "115.63 Establecer un mecanismo nacional de prevención (Uruguay);\n" + source,
            "«Se tomó nota»",
            "F13 Violencia contra la mujer\nPersonas afectadas:\n- mujeres",
            "",
        ],
    ]
    return thematic_list(
        rows,
        page_header="EPU de Valdoria (2.º ciclo – 20.º período de sesiones)\t\t\tLista temática "
        "de recomendaciones\t\t\t\tPágina 1 de 2",
    )


def test_spanish_list_reads_six_recommendations_three_supported_three_noted_with_coded_themes():
    result = PARSER.parse(spanish_list(), "valdoria-epu20.docx")

    assert {row.reference: row.position for row in result.rows} == {
        "115.1": "supported",
        "115.2": "supported",
        "115.17": "noted",
        "115.60": "noted",
        "115.61": "supported",
        "115.63": "noted",
    }
    rows = {row.reference: row for row in result.rows}
    assert rows["115.1"].themes == [
        ParsedTheme(name="Aceptación de las normas internacionales", code="A12")
    ]
    assert rows["115.1"].affected_groups == ["general"]
    assert rows["115.1"].recommending_states == ["Croacia"]
    assert rows["115.1"].source_of_position == "A/HRC/58/15/Add.1 - Párr. 3"
    assert [(theme.code, theme.name) for theme in rows["115.2"].themes] == [
        ("A12", "Aceptación de las normas internacionales"),
        ("B32", "Discriminación racial"),
        ("G1", "Miembros de minorías"),
    ]
    assert [theme.code for theme in rows["115.17"].themes] == ["A12", "D6"]
    assert rows["115.17"].source_of_position == "A/HRC/58/15/Add.1 - Párr. 5"
    assert rows["115.60"].recommending_states == ["Venezuela (República Bolivariana de)", "Perú"]
    assert rows["115.60"].extra == {"theme_heading": "F13 Violencia contra la mujer"}
    assert rows["115.61"].affected_groups == ["mujeres", "niñas"]
    assert all(not row.sdg_codes for row in result.rows)
    assert {(row.country, row.cycle, row.session) for row in result.rows} == {("Valdoria", 2, 20)}
    assert {row.document_symbol for row in result.rows} == {"A/HRC/58/15"}

    (issue,) = result.issues
    assert (issue.location, issue.column) == ("paragraph 115.62", "Position")
    assert "'En estudio'" in issue.message


@pytest.mark.django_db
def test_spanish_themes_with_a_uhri_code_join_the_known_theme_and_others_keep_their_name():
    known = theme_get_or_create(name="Acceptance of international norms", code="A12")

    report = import_file(data=spanish_list(), file_name="valdoria-epu20.docx", skip_invalid=True)

    assert (report.format, report.created, report.skipped) == ("thematic-list", 6, 1)
    assert report.by_position == {"supported": 3, "noted": 3}
    assert known.recommendations.count() == 4  # 115.1, 115.2, 115.17 and 115.61
    assert not Theme.objects.filter(name="Aceptación de las normas internacionales").exists()
    violence = Theme.objects.get(code="F13")
    assert violence.name == "Violencia contra la mujer"  # a new theme keeps the list's name
    assert violence.recommendations.count() == 3  # 115.60, 115.61 and 115.63
    assert sorted(report.new_entries["themes"]) == [
        "B32 Discriminación racial",
        "D29 Violencia doméstica",
        "D6 Derechos relacionados con el nombre, la identidad y la nacionalidad",
        "F13 Violencia contra la mujer",
        "G1 Miembros de minorías",
    ]
    noted = Recommendation.objects.filter(position="noted").order_by("reference")
    assert [r.reference for r in noted] == ["115.17", "115.60", "115.63"]


# -- the 2024 layout in French: SDGs in their own column, a heading giving a UHRI code -------
def test_a_theme_named_as_its_coded_heading_takes_the_heading_code():
    data = thematic_list(
        [
            [
                "Recommandation et État recommandant",
                "Position de l’État examiné",
                "Thèmes relatifs aux droits de l’homme et groupes de personnes",
                "ODD pertinents",
            ],
            heading(f"Thème{NBSP}: A12 Acceptation des normes internationales"),
            [
                "48.1 Ratifier le Protocole facultatif se rapportant à la Convention contre la "
                "torture (Bolivie (État plurinational de));\n"
                "Source de la position : A/HRC/58/15 - Par. 48",
                "Soutenue",
                "- Acceptation des normes internationales\n- Interdiction de la torture\n"
                f"Groupes de personnes{NBSP}:\n- Personnes privées de liberté",
                "- 16.3 - Promouvoir l’état de droit\nObjectif 5",
            ],
        ],
        title="Liste thématique des recommandations – EPU de la Valdorie (4e cycle – 48e session)",
    )

    (row,) = PARSER.parse(data, "valdorie-epu48.docx").rows

    assert row.themes == [
        ParsedTheme(name="Acceptation des normes internationales", code="A12"),
        ParsedTheme(name="Interdiction de la torture"),
    ]
    assert row.affected_groups == ["Personnes privées de liberté"]
    assert row.sdg_codes == ["16.3", "5"]
    assert row.recommending_states == ["Bolivie (État plurinational de)"]
    assert (row.country, row.cycle, row.session) == ("Valdorie", 4, 48)
    assert row.position == "supported"


TRANSLATED_HEADERS = {
    "es": [
        "Recomendación y Estado recomendante",
        "Posición del Estado examinado",
        "Temas de derechos humanos y grupos de personas",
        "ODS pertinentes",
    ],
    "ru": [
        "Рекомендация и рекомендующее государство",
        "Позиция государства, в отношении которого проводится обзор",
        "Темы прав человека и группы лиц",
        "Соответствующие ЦУР",
    ],
    "ar": [
        "التوصية والدولة الموصية",
        "موقف الدولة موضوع الاستعراض",
        "مواضيع حقوق الإنسان وفئات الأشخاص",
        "أهداف التنمية المستدامة ذات الصلة",
    ],
    "zh": ["建议和提出建议的国家", "受审议国对建议的立场", "人权主题和人群", "相关可持续发展目标"],
}


@pytest.mark.parametrize("language", TRANSLATED_HEADERS)
def test_thematic_list_columns_are_found_by_spanish_russian_arabic_and_chinese_headers(language):
    row = ["1.1 Ratify OPCAT (Chile);", "Supported", "- Torture", "Goal 16"]
    data = thematic_list([TRANSLATED_HEADERS[language], row])

    assert PARSER.detect(data, "list.docx") >= 0.9
    (read,) = PARSER.parse(data, "list.docx").rows
    assert (read.reference, read.position) == ("1.1", "supported")
    assert (read.themes, read.sdg_codes) == ([ParsedTheme("Torture")], ["16"])


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


@pytest.mark.django_db
def test_french_list_themes_and_groups_join_those_named_so_in_french():
    known = theme_get_or_create(name="Acceptance of international norms")
    known.translated_name_fr = "Acceptation des normes internationales"
    known.save()
    missing = affected_group_get_or_create(name="Disappeared persons")
    missing.translated_name_fr = "Personnes disparues"
    missing.save()

    report = import_file(
        data=french_list(), file_name="slovenie-epu34-2019.docx", skip_invalid=True
    )

    assert report.created == 6
    first = Recommendation.objects.get(reference="121.1")
    assert sorted(theme.name for theme in first.themes.all()) == [
        "Acceptance of international norms",  # the known theme, by its French name
        "Disparitions forcées",  # new: no theme goes by this name in any language
    ]
    assert [group.name for group in first.affected_groups.all()] == ["Disappeared persons"]
    assert known.recommendations.count() == 3
    assert not Theme.objects.filter(name="Acceptation des normes internationales").exists()
    assert not AffectedGroup.objects.filter(name="Personnes disparues").exists()
    assert "Acceptation des normes internationales" not in report.new_entries["themes"]
    assert "Personnes disparues" not in report.new_entries.get("affected groups", [])


@pytest.mark.django_db
def test_a_mechanism_named_in_another_language_is_the_seeded_one():
    data = csv_bytes(
        [
            ["Recommandation", "Organe", "Cote"],
            ["Adopter une loi.", "Comité contre la torture", "CAT/C/VLD/CO/2"],
            ["Ratifier le protocole.", "Examen périodique universel", "A/HRC/43/15"],
        ]
    )
    mapping = {"text": "Recommandation", "mechanism": "Organe", "document": "Cote"}
    report = import_file(data=data, file_name="liste.csv", format="table", mapping=mapping)

    assert report.created == 2
    codes = {r.text: r.document.mechanism.code for r in Recommendation.objects.all()}
    assert codes == {"Adopter une loi.": "CAT", "Ratifier le protocole.": "UPR"}
    assert "mechanisms" not in report.new_entries
