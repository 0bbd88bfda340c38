import datetime

import pytest

from rectrack.imports import normalise, vocabulary
from rectrack.imports.parsers.base import ParsedTheme


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Supported", "supported"),
        ("- Accepted", "supported"),
        ("  SUPPORTED. ", "supported"),
        ("Noted", "noted"),
        ("Rejected", "noted"),
        ("not supported", "noted"),
        ("Partially supported", "partially_supported"),
        ("Supported/Noted", "partially_supported"),
        ("Pending", "pending"),
        ("", ""),
        (None, ""),
        ("Maybe", None),
    ],
)
def test_positions_are_read_in_every_spelling_the_sources_use(raw, expected):
    assert normalise.position(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.4 - Equal rights to economic resources", "1.4"),
        ("- 16 - PEACE, JUSTICE AND STRONG INSTITUTIONS", "16"),
        ("SDG 5", "5"),
        ("Goal 5: Gender equality", "5"),
        ("16.10", "16.10"),
        ("4.A - Build and upgrade education facilities", "4.a"),
        ("Target 17.19", "17.19"),
        ("18", None),
        ("0.1", None),
        ("gender equality", None),
    ],
)
def test_sdg_codes(raw, expected):
    assert normalise.sdg_code(raw) == expected


def test_themes_keep_their_uhri_code_when_given():
    assert normalise.theme("A12 Acceptance of international norms") == ParsedTheme(
        name="Acceptance of international norms", code="A12"
    )
    assert normalise.theme("- Right to health") == ParsedTheme(name="Right to health")
    assert normalise.theme("B31 Equality & non-discrimination").code == "B31"


def test_mechanisms_are_named_by_code():
    assert normalise.mechanism_code("- CAT") == "CAT"
    assert normalise.mechanism_code("Committee against Torture") == "CAT"
    assert normalise.mechanism_code("Committee on the Rights of the Child") == "CRC"
    assert normalise.mechanism_code("- SR on torture") == "SR on torture"


def test_multi_valued_cells_give_one_value_per_line():
    assert normalise.listed("- Women\n- Girls\r\n-  Rural women ") == [
        "Women",
        "Girls",
        "Rural women",
    ]
    assert normalise.listed("") == []


def test_paragraph_numbers_are_split_off_the_text():
    assert normalise.paragraph("121.1 Ratify the Convention") == ("121.1", "Ratify the Convention")
    assert normalise.paragraph("49. The Committee") == ("49", "The Committee")
    assert normalise.paragraph("Ratify it") == ("", "Ratify it")


def test_dates_from_excel_serials_datetimes_and_iso_text():
    assert normalise.excel_date(43831) == datetime.date(2020, 1, 1)
    assert normalise.excel_date("43831") == datetime.date(2020, 1, 1)
    assert normalise.excel_date("2019-12-13T00:00:00") == datetime.date(2019, 12, 13)
    assert normalise.excel_date(
        datetime.datetime(2021, 3, 1, 12, tzinfo=datetime.UTC)
    ) == datetime.date(2021, 3, 1)
    assert normalise.excel_date("") is None
    assert normalise.excel_date("not a date") is None
    assert normalise.excel_date(-5) is None


def test_headers_match_whatever_their_case_and_spacing():
    assert normalise.header_key(" Reccomending  Body ") == normalise.header_key("reccomending body")
    assert normalise.header_key("UPR_Position") == normalise.header_key("upr position")


# -- values in the six UN languages ---------------------------------------------------------
# (value as a source writes it, Position): the spellings of OHCHR's lists and UN documents
# in French, Spanish, Russian, Arabic and Chinese, with the variants sources write.
POSITIONS_IN_OTHER_LANGUAGES = [
    # French
    ("Acceptée", "supported"),
    ("Accepté", "supported"),
    ("acceptées", "supported"),
    ("Soutenue", "supported"),
    ("SOUTENUES", "supported"),
    ("Appuyée", "supported"),
    ("Notée", "noted"),
    ("Noté", "noted"),
    ("Prise en note", "noted"),
    ("Pris en note", "noted"),
    ("Prises en note", "noted"),
    ("Non soutenue", "noted"),
    ("Rejetée", "noted"),
    ("Partiellement soutenue", "partially_supported"),
    ("Soutenue / Notée", "partially_supported"),
    ("En attente", "pending"),
    ("Sans réponse", "pending"),
    # Spanish
    ("Aceptada", "supported"),
    ("Aceptado", "supported"),
    ("Apoyada", "supported"),
    ("apoyadas", "supported"),
    ("Tomada nota", "noted"),
    ("Tomado nota", "noted"),
    ("Se toma nota", "noted"),
    ("Se tomó nota", "noted"),
    ("Rechazada", "noted"),
    ("No apoyada", "noted"),
    ("Parcialmente apoyada", "partially_supported"),
    ("Pendiente", "pending"),
    # Russian
    ("Поддержана", "supported"),
    ("Поддержано", "supported"),
    ("поддержаны", "supported"),
    ("Принята", "supported"),
    ("Принята к сведению", "noted"),
    ("Принято к сведению", "noted"),
    ("Отмечена", "noted"),
    ("Отмечено", "noted"),
    ("Отклонена", "noted"),
    ("Отклонёна", "noted"),  # written with ё
    ("Не поддержана", "noted"),
    ("Частично поддержана", "partially_supported"),
    ("Нет ответа", "pending"),
    # Arabic
    ("مؤيدة", "supported"),
    ("مؤيد", "supported"),
    ("مؤيَّدة", "supported"),  # shadda
    ("مـؤيـدة", "supported"),  # tatweel
    ("مقبولة", "supported"),
    ("أحيط علما بها", "noted"),
    ("أُحيطَ علماً بها", "noted"),  # harakat and tanween
    ("احيط علما بها", "noted"),  # bare alef
    ("إحيط علما بها", "noted"),  # alef with hamza below
    ("أحيط بها علماً", "noted"),
    ("غير مؤيدة", "noted"),
    ("مرفوضة", "noted"),
    ("مؤيدة جزئياً", "partially_supported"),
    ("معلقة", "pending"),
    # Chinese
    ("支持", "supported"),
    ("支持的", "supported"),
    ("得到支持", "supported"),
    ("接受", "supported"),
    ("注意到", "noted"),
    ("已注意到", "noted"),
    ("注意到的", "noted"),
    ("不支持", "noted"),
    ("部分支持", "partially_supported"),
    ("待定", "pending"),
]
# Surroundings that must not matter: punctuation, quotes, brackets, bullets, stray spaces.
WRAPPINGS = [
    "{}",
    "  {}  ",
    "{}.",
    "- {}",
    "« {} »",
    "«{}»",
    "“{}”",
    "({})",
    "「{}」",
    "【{}】",
    "{}。",
]


@pytest.mark.parametrize(("raw", "expected"), POSITIONS_IN_OTHER_LANGUAGES)
@pytest.mark.parametrize("wrapping", WRAPPINGS)
def test_positions_are_read_in_the_six_languages_whatever_their_surroundings(
    raw, expected, wrapping
):
    assert normalise.position(wrapping.format(raw)) == expected
    assert normalise.position(wrapping.format(raw.upper())) == expected
    assert normalise.position(wrapping.format(raw.replace(" ", "\u00a0"))) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Acceptee", "supported"),  # accents left out
        ("NOTEE", "noted"),
        ("Soutenue\u202f.", "supported"),  # a narrow no-break space before the full stop
        ("Ａｃｃｅｐｔéｅ", "supported"),  # full-width letters
        ("Принята\nк сведению", "noted"),  # a line break inside the cell
        ("ﻣﺆﻳﺪﺓ", "supported"),  # Arabic presentation forms
        ("支持 的", "supported"),  # a space between Chinese characters
    ],
)
def test_positions_ignore_accents_width_line_breaks_and_arabic_letter_forms(raw, expected):
    assert normalise.position(raw) == expected


def test_every_spelling_of_the_vocabulary_reads_back_as_its_position_and_type():
    for table, read in (
        (vocabulary.POSITIONS, normalise.position),
        (vocabulary.TYPES, normalise.recommendation_type),
    ):
        for value, languages in table.items():
            for spelling in vocabulary.spellings(languages):
                assert read(spelling) == value, spelling
                assert read(f"« {spelling.upper()} »") == value, spelling


@pytest.mark.parametrize(
    "raw",
    ["Peut-être", "À l’étude", "En estudio", "Возможно", "ربما", "考虑中", "Under consideration"],
)
def test_an_unknown_position_in_any_language_is_none_for_the_parser_to_report(raw):
    assert normalise.position(raw) is None


@pytest.mark.parametrize("raw", ["", "  ", None, "-", "- "])
def test_an_empty_position_cell_is_no_position(raw):
    assert normalise.position(raw) == ""


def test_punctuation_alone_is_an_unknown_position_not_an_empty_one():
    assert normalise.position("?") is None
    assert normalise.position("—") is None


def test_inflected_entries_stand_for_every_gender_and_number():
    assert vocabulary.forms("fr", "noté*") == ["noté", "notée", "notés", "notées"]
    assert vocabulary.forms("fr", "pris* en note") == [
        "pris en note",
        "prise en note",
        "prises en note",
    ]
    assert vocabulary.forms("es", "apoyado*") == ["apoyado", "apoyada", "apoyados", "apoyadas"]
    assert vocabulary.forms("ru", "отмечен*") == ["отмечен", "отмечена", "отмечено", "отмечены"]
    assert "مؤيدة" in vocabulary.forms("ar", "مؤيد*")
    assert vocabulary.forms("zh", "支持") == ["支持"]
    assert len(vocabulary.forms("fr", "soutenu*/noté*")) == 16


def test_a_spelling_given_two_values_is_refused_when_the_table_is_read():
    table = {"supported": {"fr": ("notée",)}, "noted": {"fr": ("Notée",)}}
    with pytest.raises(ValueError, match="'Notée' reads as both 'supported' and 'noted'"):
        normalise.lookup(table)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Recommandation", "recommendation"),
        ("- Recommandations", "recommendation"),
        ("Observations finales", "observation"),
        ("Sujets de préoccupation", "observation"),
        ("Recomendación", "recommendation"),
        ("Observaciones finales", "observation"),
        ("Рекомендация", "recommendation"),
        ("Заключительные замечания", "observation"),
        ("توصية", "recommendation"),
        ("الملاحظات الختامية", "observation"),
        ("建议", "recommendation"),
        ("结论性意见", "observation"),
        ("Rapport", None),
        ("", ""),
    ],
)
def test_types_are_read_in_the_six_languages(raw, expected):
    assert normalise.recommendation_type(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("EPU", "UPR"),
        ("- Examen périodique universel", "UPR"),
        ("Examen Periódico Universal", "UPR"),
        ("УПО", "UPR"),
        ("الاستعراض الدوري الشامل", "UPR"),
        ("普遍定期审议", "UPR"),
        ("Comité contre la torture", "CAT"),
        ("Comité des droits de l’enfant", "CRC"),
        ("Comité pour l'élimination de la discrimination à l'égard des femmes", "CEDAW"),
        ("Comité de Derechos Económicos, Sociales y Culturales", "CESCR"),
        ("Sous-comité pour la prévention de la torture", "SPT"),
        ("Комитет по правам ребёнка", "CRC"),
        ("Комитет по трудящимся-мигрантам", "CMW"),
        ("لجنة حقوق الطفل", "CRC"),
        ("اللجنة المعنية بحقوق الإنسان", "CCPR"),
        ("经济社会文化权利委员会", "CESCR"),
        ("经济、社会及文化权利委员会", "CESCR"),
        ("禁止酷刑委员会", "CAT"),
        ("Rapporteur spécial sur la torture", "Rapporteur spécial sur la torture"),
    ],
)
def test_mechanisms_are_named_by_code_in_the_six_languages(raw, expected):
    assert normalise.mechanism_code(raw) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("SR on torture", True),
        ("Special Rapporteur on the right to food", True),
        ("Rapporteuse spéciale sur la violence contre les femmes", True),
        ("Experte indépendante sur l’orientation sexuelle", True),
        ("Relator Especial sobre la tortura", True),
        ("Grupo de Trabajo sobre la Detención Arbitraria", True),
        ("Специальный докладчик по вопросу о пытках", True),
        ("المقرر الخاص المعني بالتعذيب", True),
        ("酷刑问题特别报告员", True),  # Chinese puts the title last
        ("特别报告员（酷刑）", True),
        ("Sri Lanka", False),
        ("Committee against Torture", False),
    ],
)
def test_special_procedures_are_recognised_by_their_title_in_the_six_languages(name, expected):
    assert normalise.is_special_procedure(name) is expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ODD 16", "16"),
        ("Objectif 5 : Égalité entre les sexes", "5"),
        ("Cible 5.2", "5.2"),
        ("Objetivo 5", "5"),
        ("Meta 16.3", "16.3"),
        ("ЦУР 5", "5"),
        ("Цель 5", "5"),
        ("Задача 5.2", "5.2"),
        ("الهدف 16", "16"),
        ("الغاية 5.2", "5.2"),
        ("可持续发展目标5", "5"),
        ("目标 16：和平、正义与强大机构", "16"),
        ("具体目标5.2", "5.2"),
        ("16 - PAIX, JUSTICE ET INSTITUTIONS EFFICACES", "16"),
        ("Objectif 18", None),
    ],
)
def test_sdg_codes_are_read_after_the_word_for_goal_or_target_in_the_six_languages(raw, expected):
    assert normalise.sdg_code(raw) == expected


def test_headers_match_whatever_their_accents_and_arabic_marks():
    assert normalise.header_key("THÈMES") == normalise.header_key("Themes")
    assert normalise.header_key("Recomendación") == normalise.header_key("recomendacion")
    assert normalise.header_key("الـتَّوصية") == normalise.header_key("التوصية")
    assert normalise.header_key("Position de l’EPU") == normalise.header_key("Position de l'EPU")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Thème : Droit à la santé", ("heading", "Droit à la santé")),
        ("Thème\u00a0: Droit à la santé", ("heading", "Droit à la santé")),
        ("Thème\u202f: Droit à la santé", ("heading", "Droit à la santé")),
        ("THEME:Right to health", ("heading", "Right to health")),
        ("Tema: Derecho a la salud", ("heading", "Derecho a la salud")),
        ("主题：儿童：保护", ("heading", "儿童：保护")),
        ("Personnes concernées :", ("groups", "")),
        ("ODD : 16", ("sdgs", "16")),
        (
            "Children: definition; general principles",
            ("", "Children: definition; general principles"),
        ),
        ("Thème principal : santé", ("", "Thème principal : santé")),
    ],
)
def test_a_label_and_its_colon_are_read_in_any_language_and_spacing(line, expected):
    labels = {"theme": "heading", "tema": "heading", "主题": "heading"}
    labels |= {"personnes concernees": "groups", "odd": "sdgs"}
    assert normalise.labelled(line, labels) == expected


def test_french_and_spanish_states_in_parentheses_are_taken_out_of_the_text():
    assert normalise.recommending_states(
        "Ratifier la Convention (no 29) (Royaume-Uni de Grande-Bretagne et d’Irlande du Nord); "
        "Ériger le viol conjugal en infraction (Iran (République islamique d’), Égypte);"
    ) == (
        "Ratifier la Convention (no 29); Ériger le viol conjugal en infraction",
        [
            "Royaume-Uni de Grande-Bretagne et d’Irlande du Nord",
            "Iran (République islamique d’)",
            "Égypte",
        ],
    )
    assert normalise.recommending_states(
        "Aplicar la Convención (Convenio sobre los Trabajadores Domésticos) (Perú)"
    ) == ("Aplicar la Convención (Convenio sobre los Trabajadores Domésticos)", ["Perú"])


SDGS_AMONG_THEMES = [
    ("S16 SDG 16 - peace, justice and strong institutions", "16"),
    ("S05 SDG 5 - gender equality", "5"),
    ("S01 SDG 1 - no poverty", "1"),
    ("- S17 SDG 17 - partnerships for the goals", "17"),
    ("SDG 16", "16"),
    ("Goal 16", "16"),
    ("16 - PEACE, JUSTICE AND STRONG INSTITUTIONS", "16"),
    ("16.2", "16.2"),
    ("Target 16.2", "16.2"),
    ("16.2 - End abuse, exploitation, trafficking", "16.2"),
    ("ODD 5", "5"),
    ("Cible 5.2", "5.2"),
    # themes, not SDGs
    ("A12 Acceptance of international norms", None),
    ("2.1 Acceptance of international norms", None),
    ("Women's rights", None),
    ("2030 Agenda", None),
    ("S18 Something else", None),
    ("Sexual orientation and gender identity", None),
]


@pytest.mark.parametrize(("raw", "expected"), SDGS_AMONG_THEMES)
def test_sdgs_written_among_themes_are_recognised_in_every_form(raw, expected):
    assert normalise.sdg_of_theme(raw) == expected


def test_sdgs_out_of_themes_keeps_the_themes_and_returns_the_codes():
    themes = [
        normalise.theme("A12 Acceptance of international norms"),
        normalise.theme("S16 SDG 16 - peace, justice and strong institutions"),
        normalise.theme("Target 8.7"),
    ]
    kept, codes = normalise.sdgs_out_of_themes(themes)
    assert [(t.code, t.name) for t in kept] == [("A12", "Acceptance of international norms")]
    assert codes == ["16", "8.7"]


def test_state_lists_split_on_commas_semicolons_and_lines_but_not_inside_parentheses():
    assert normalise.state_list("Venezuela (Bolivarian Republic of), Peru;\nUkraine") == [
        "Venezuela (Bolivarian Republic of)",
        "Peru",
        "Ukraine",
    ]
    assert normalise.state_list("") == []
