"""The OHCHR thematic list parser: the real 2014 and 2019 lists, a 2024 list built here, and
every way a file can be unreadable."""

import io
import zipfile
from collections import Counter

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rectrack.conftest import shared_file
from rectrack.imports import normalise
from rectrack.imports.parsers.base import FileError, ParsedTheme
from rectrack.imports.parsers.thematic_list import ThematicListParser

PARSER = ThematicListParser()
HEADERS_2024 = [
    "Recommendation and recommending State",
    "Position of the State under review",
    "Human rights themes and groups of persons",
    "Relevant SDGs",
]


def real(name: str):
    path = shared_file(f"ohchr-thematic-lists/{name}")
    return PARSER.parse(path.read_bytes(), path.name)


@pytest.fixture(scope="module")
def upr20():
    return real("slovenia-upr20-2014.docx")


@pytest.fixture(scope="module")
def upr34():
    return real("slovenia-upr34-2019.docx")


def by_reference(result) -> dict:
    return {row.reference: row for row in result.rows}


def assert_text_is_clean(row) -> None:
    assert not row.text.startswith(row.reference)
    assert "source of position" not in row.text.casefold()
    for state in row.recommending_states:
        assert f"({state})" not in row.text
    assert not row.text.endswith(";")


def docx_bytes(rows: list[list[str]], *, title: str = "", merge_headings: bool = True) -> bytes:
    """A Word document holding one table: the first row is the header."""
    document = docx.Document()
    if title:
        document.add_paragraph(title)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        if merge_headings and values[0].startswith("Theme:"):
            table.cell(r, 0).merge(table.cell(r, len(values) - 1)).text = values[0]
            continue
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def thematic_list_2024(order: list[int] | None = None) -> bytes:
    rows = [
        HEADERS_2024,
        ["Theme: Acceptance of international norms"] * 4,
        [
            "48.1 Ratify the Optional Protocol to the Convention against Torture "
            "(Bolivia (Plurinational State of));\nSource of Position: A/HRC/58/15 - Para 48",
            "Supported",
            "- Acceptance of international norms\n"
            "- Prohibition of torture & cruel, inhuman or degrading treatment\n"
            "Groups of Persons:\n- Persons deprived of their liberty & detainees",
            "- 16.3 - Promote the rule of law at the national and international levels",
        ],
        HEADERS_2024,  # the header row repeated on the next page
        ["Theme: Women's rights"] * 4,
        [
            "48.2 Adopt a comprehensive strategy on violence against women "
            "(Congo (Democratic Republic of the), Iran (Islamic Republic of)); "
            "Criminalize marital rape (Chile);\n"
            "Source of position: A/HRC/58/15/Add.1 - Para. 4",
            "Noted",
            "- Violence against women\n- Women's rights\nGroups of Persons:\n- Women\n- girls",
            "5.2 - Eliminate all forms of violence against all women and girls\nGoal 5",
        ],
        [
            "48.3 Ensure safe drinking water in Roma settlements "
            "(Venezuela (Bolivarian Republic of)) (Spain);\n"
            "Source of Position: A/HRC/58/15 - Para 48",
            "Under consideration",
            "- Right to water\nGroups of Persons:\n- Roma, Gypsies, Sinti & Travellers",
            "6.1 - Achieve universal and equitable access to safe drinking water",
        ],
        [
            "48.4 Guarantee the independence of the ombudsperson (Germany);\n"
            "SOURCE OF POSITION: A/HRC/58/15 - Para 48",
            "Supported",
            "- National Human Rights Institution (NHRI)",
            "- Goal 18\n- 16.a - Strengthen relevant national institutions",
        ],
        ["48.5", "Supported", "- Right to health", ""],
    ]
    if order:
        rows = [[row[i] for i in order] for row in rows]
    return docx_bytes(
        rows, title="Thematic list of recommendations – UPR of Valdoria (4th cycle – 48th session)"
    )


def test_2014_list_reads_163_recommendations_142_supported_21_noted(upr20):
    assert upr20.format == "thematic-list"
    assert upr20.issues == []
    assert len(upr20.rows) == 163
    assert Counter(row.position for row in upr20.rows) == {"supported": 142, "noted": 21}
    assert len({row.reference for row in upr20.rows}) == 163
    assert all(row.themes and all(theme.code for theme in row.themes) for row in upr20.rows)
    assert sum(1 for row in upr20.rows if row.affected_groups) == 162  # 115.34 names none
    assert not any(row.sdg_codes for row in upr20.rows)
    assert {(r.country, r.cycle, r.session, r.document_symbol) for r in upr20.rows} == {
        ("Slovenia", 2, 20, "A/HRC/28/15")
    }
    assert {(row.mechanism, row.type) for row in upr20.rows} == {("UPR", "recommendation")}
    for row in upr20.rows:
        assert row.recommending_states
        assert row.location == f"paragraph {row.reference}"
        assert_text_is_clean(row)


def test_2014_rows_match_the_document(upr20):
    rows = by_reference(upr20)
    first = rows["115.1"]
    assert first.text == (
        "Take further steps for the ratification of several international treaties in the "
        "field of human rights that were signed by Slovenia since the first UPR cycle"
    )
    assert first.recommending_states == ["Croatia"]
    assert first.position == "supported"
    assert first.themes == [ParsedTheme(name="Acceptance of international norms", code="A12")]
    assert first.affected_groups == ["general"]
    assert first.source_of_position == "A/HRC/28/15/Add.1 - Para. 3"
    assert first.extra == {"theme_heading": "A12 Acceptance of international norms"}

    racial = rows["115.2"]
    assert [(theme.code, theme.name) for theme in racial.themes] == [
        ("A12", "Acceptance of international norms"),
        ("B32", "Racial discrimination"),
        ("G1", "Members of minorities"),
    ]
    assert racial.affected_groups == [
        "minorities/ racial, ethnic, linguistic, religious or descent-based groups"
    ]

    icrmw = rows["115.8"]
    assert icrmw.text == "Ratify ICRMW"
    assert icrmw.recommending_states == [
        "Senegal",
        "Sierra Leone",
        "Venezuela (Bolivarian Republic of)",
        "Peru",
        "Uruguay",
    ]
    assert icrmw.source_of_position == "A/HRC/28/15/Add.1 - Para. 5"

    migrants = rows["115.6"]
    assert migrants.recommending_states == ["Iran (Islamic Republic of)"]
    assert migrants.text.endswith("Members of Their Families (ICRMW)")

    statelessness = rows["115.17"]
    assert (statelessness.position, statelessness.recommending_states) == ("noted", ["Hungary"])
    assert [theme.code for theme in statelessness.themes] == ["A12", "D6"]

    merged = rows["115.38"]
    assert merged.recommending_states == ["Egypt", "Peru", "Azerbaijan"]
    assert merged.text.count("; ") == 2 and "Paris Principles; take more" in merged.text

    odd_source = rows["115.161"]
    assert odd_source.source_of_position == "A/HRC/28/15/Add.1, para. 3 - Para. 3"
    assert odd_source.document_symbol == "A/HRC/28/15"
    assert odd_source.affected_groups[1:] == ["non-citizens", "stateless persons"]


def test_2019_list_reads_215_recommendations_182_supported_33_noted(upr34):
    assert upr34.issues == []
    assert len(upr34.rows) == 215
    assert Counter(row.position for row in upr34.rows) == {"supported": 182, "noted": 33}
    assert len({row.reference for row in upr34.rows}) == 215
    assert all(row.themes for row in upr34.rows)
    assert not any(theme.code for row in upr34.rows for theme in row.themes)
    assert sum(1 for row in upr34.rows if row.sdg_codes) == 202
    assert sum(len(row.sdg_codes) for row in upr34.rows) == 317
    assert sum(1 for row in upr34.rows if row.affected_groups) == 196
    assert {(r.country, r.cycle, r.session, r.document_symbol) for r in upr34.rows} == {
        ("Slovenia", 3, 34, "A/HRC/43/15")
    }
    for row in upr34.rows:
        assert row.recommending_states
        assert_text_is_clean(row)


def test_2019_rows_match_the_document(upr34):
    rows = by_reference(upr34)
    first = rows["121.1"]
    assert first.text == (
        "Ratify the International Convention for the Protection of All Persons from "
        "Enforced Disappearance"
    )
    assert first.recommending_states == ["France", "Lithuania"]
    assert first.position == "supported"
    assert [theme.name for theme in first.themes] == [
        "Acceptance of international norms",
        "Enforced disappearances",
    ]
    assert first.sdg_codes == ["16"]
    assert first.affected_groups == ["Disappeared persons"]
    assert first.source_of_position == "A/HRC/43/15 - Para 121"

    merged = rows["121.2"]
    assert merged.recommending_states == ["Ukraine", "Slovakia"]
    assert merged.text.startswith("Complete the process of ratification")
    assert "Disappearance; Increase efforts towards ratification" in merged.text

    labour = rows["121.3"]
    assert labour.recommending_states == ["United Kingdom of Great Britain and Northern Ireland"]
    assert labour.text.endswith("Forced Labour Convention, 1930 (No. 29)")
    assert labour.sdg_codes == ["8"] and labour.affected_groups == []

    migrants = rows["122.2"]
    assert (migrants.position, migrants.recommending_states) == ("noted", ["Bangladesh", "Egypt"])
    assert migrants.sdg_codes == ["10"]
    assert migrants.affected_groups == ["Migrants & domestic workers"]
    assert migrants.source_of_position == "A/HRC/43/15/Add.1 - Para.5"
    assert migrants.document_symbol == "A/HRC/43/15"

    statelessness = rows["122.7"]
    assert statelessness.recommending_states == ["Slovakia", "Spain", "North Macedonia"]
    assert statelessness.text == "Ratify the 1961 Convention on the Reduction of Statelessness"

    no_paragraph = rows["122.143"]
    assert no_paragraph.source_of_position == "A/HRC/43/15/Add.1"
    assert no_paragraph.document_symbol == "A/HRC/43/15"


def test_2024_layout_reads_its_own_columns_headings_and_states_with_parentheses():
    result = PARSER.parse(thematic_list_2024(), "valdoria-upr48-2024.docx")
    assert [row.reference for row in result.rows] == ["48.1", "48.2", "48.4"]
    torture, violence, ombudsperson = result.rows
    assert torture.recommending_states == ["Bolivia (Plurinational State of)"]
    assert torture.text == "Ratify the Optional Protocol to the Convention against Torture"
    assert torture.affected_groups == ["Persons deprived of their liberty & detainees"]
    assert torture.sdg_codes == ["16.3"]
    assert torture.extra == {"theme_heading": "Acceptance of international norms"}
    assert (torture.country, torture.cycle, torture.session) == ("Valdoria", 4, 48)
    assert torture.document_symbol == "A/HRC/58/15"

    assert violence.position == "noted"
    assert violence.recommending_states == [
        "Congo (Democratic Republic of the)",
        "Iran (Islamic Republic of)",
        "Chile",
    ]
    assert violence.text == (
        "Adopt a comprehensive strategy on violence against women; Criminalize marital rape"
    )
    assert [theme.name for theme in violence.themes] == ["Violence against women", "Women's rights"]
    assert violence.affected_groups == ["Women", "girls"]
    assert violence.sdg_codes == ["5.2", "5"]
    assert violence.source_of_position == "A/HRC/58/15/Add.1 - Para. 4"
    assert violence.document_symbol == "A/HRC/58/15"
    assert violence.extra == {"theme_heading": "Women's rights"}

    assert ombudsperson.sdg_codes == ["16.a"]
    assert ombudsperson.source_of_position == "A/HRC/58/15 - Para 48"

    issues = [(issue.location, issue.column) for issue in result.issues]
    assert issues == [
        ("paragraph 48.3", "Position"),
        ("paragraph 48.4", "SDGs"),
        ("paragraph 48.5", "Recommendation"),
    ]
    assert "'Under consideration'" in result.issues[0].message
    assert normalise.ACCEPTED_POSITIONS in result.issues[0].message
    assert "Goal 18" in result.issues[1].message


def test_columns_are_found_by_their_header_text_in_any_order_and_spelling():
    order = [1, 3, 0, 2]
    data = thematic_list_2024(order)
    result = PARSER.parse(data, "reordered.docx")
    assert [row.reference for row in result.rows] == ["48.1", "48.2", "48.4"]
    assert result.rows[1].sdg_codes == ["5.2", "5"]
    shouting = docx_bytes(
        [
            ["RECOMMENDATION", "  position ", "Full  list of Themes"],
            ["12.1 Ratify OPCAT (Chile);", "Accepted", "A12 Acceptance of international norms"],
        ]
    )
    (row,) = PARSER.parse(shouting, "shouting.docx").rows
    assert (row.reference, row.position, row.recommending_states) == (
        "12.1",
        "supported",
        ["Chile"],
    )
    assert row.themes == [ParsedTheme(name="Acceptance of international norms", code="A12")]


def test_heading_rows_are_skipped_even_when_each_cell_holds_the_text():
    data = docx_bytes(
        [
            HEADERS_2024,
            ["Theme: Right to health"] * 4,
            ["7.1 Improve access to health care (Peru);", "Supported", "- Right to health", ""],
        ],
        merge_headings=False,
    )
    result = PARSER.parse(data, "unmerged.docx")
    assert [row.reference for row in result.rows] == ["7.1"]
    assert result.issues == []


def test_detect_is_sure_of_thematic_lists_and_zero_for_anything_else():
    for name in ("slovenia-upr20-2014.docx", "slovenia-upr34-2019.docx"):
        path = shared_file(f"ohchr-thematic-lists/{name}")
        assert PARSER.detect(path.read_bytes(), name) >= 0.9
    assert PARSER.detect(thematic_list_2024(), "list.docx") >= 0.9
    assert PARSER.detect(b"No.,Recommendation\n1,Ratify\n", "matrix.csv") == 0
    assert PARSER.detect(docx_bytes([["Name", "Age"], ["Ada", "36"]]), "people.docx") == 0
    assert PARSER.detect(b"", "empty.docx") == 0


def no_table_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Thematic list of recommendations")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rezipped(data: bytes, replace: dict[str, bytes], *, padding_mb: int = 0) -> bytes:
    """A copy of a .docx with some members replaced and perhaps a member of padding."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            target.writestr(member.filename, replace.get(member.filename, source.read(member)))
        if padding_mb:
            with target.open("word/media/padding.bin", "w", force_zip64=True) as padding:
                for _ in range(padding_mb):
                    padding.write(b"\0" * 2**20)
    return out.getvalue()


def bad_files() -> list:
    good = thematic_list_2024()
    document_xml = zipfile.ZipFile(io.BytesIO(good)).read("word/document.xml")
    cases = [
        ("empty", b"", "the file is empty"),
        ("random", b"\x13\x37 not a word document at all", "is not a Word .docx file"),
        ("truncated", good[: len(good) // 2], "is damaged or truncated"),
        ("encrypted", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "encrypted"),
        ("zip-not-docx", zip_of({"data.txt": b"x"}), "no word/document.xml"),
        ("bad-xml", rezipped(good, {"word/document.xml": b"<w:document"}), "cannot be read"),
        ("no-table", no_table_docx(), "holds no table"),
        (
            "wrong-headers",
            docx_bytes([["Name", "Age"], ["Ada", "36"]]),
            "no recommendations table found: expected headers 'Recommendation', 'Position'",
        ),
        (
            "ratio-bomb",
            rezipped(good, {"word/document.xml": document_xml + b" " * (20 * 2**20)}),
            "refused as a possible zip bomb",
        ),
    ]
    return [pytest.param(*case, id=case[0]) for case in cases]


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize(("case", "data", "message"), bad_files())
def test_unreadable_files_raise_file_error_naming_the_file_and_the_problem(case, data, message):
    with pytest.raises(FileError) as raised:
        PARSER.parse(data, f"{case}.docx")
    assert str(raised.value).startswith(f"{case}.docx: ")
    assert message in str(raised.value)
    assert PARSER.detect(data, f"{case}.docx") == 0


def test_wrong_headers_message_lists_the_headers_found():
    with pytest.raises(FileError, match="found 'Name', 'Age'"):
        PARSER.parse(docx_bytes([["Name", "Age"], ["Ada", "36"]]), "people.docx")


def test_a_docx_unpacking_to_more_than_200_mb_is_refused_before_it_is_opened():
    bomb = rezipped(no_table_docx(), {}, padding_mb=201)
    assert len(bomb) < 2**20
    with pytest.raises(
        FileError, match="padding.bin is compressed more than 100 to 1 .*possible zip bomb"
    ):
        PARSER.parse(bomb, "bomb.docx")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.one_of(st.binary(max_size=2048), st.binary(max_size=2048).map(b"PK\x03\x04".__add__))
)
def test_random_bytes_raise_only_file_error_and_detect_never_raises(data):
    assert PARSER.detect(data, "random.docx") == 0
    with pytest.raises(FileError):
        PARSER.parse(data, "random.docx")


SMALL_LIST = docx_bytes(
    [HEADERS_2024, ["1.1 Ratify OPCAT (Chile);", "Supported", "- Torture", "Goal 16"]]
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(at=st.integers(0, len(SMALL_LIST) - 1), value=st.integers(0, 255))
def test_a_damaged_docx_parses_or_raises_file_error(at, value):
    data = SMALL_LIST[:at] + bytes([value]) + SMALL_LIST[at + 1 :]
    assert 0 <= PARSER.detect(data, "damaged.docx") <= 1
    try:
        result = PARSER.parse(data, "damaged.docx")
    except FileError:
        return
    assert len(result.rows) <= 1


def test_a_list_split_over_two_tables_reads_whole_with_the_review_from_the_page_header():
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = (
        "UPR of Bolivia (Plurinational State of) (4th Cycle – 46th session)\t\t"
        "Thematic list of recommendations"
    )
    for values in (
        ["110.1 Ratify OPCAT (Chile);", "Supported"],
        ["Strengthen the ombudsperson (Peru);", "Noted"],
    ):
        table = document.add_table(rows=2, cols=2)
        for c, header in enumerate(["Recommendation", "Position"]):
            table.cell(0, c).text = header
        for c, value in enumerate(values):
            table.cell(1, c).text = value
        document.add_paragraph("")
    out = io.BytesIO()
    document.save(out)
    result = PARSER.parse(out.getvalue(), "bolivia.docx")
    assert [(row.location, row.recommending_states) for row in result.rows] == [
        ("paragraph 110.1", ["Chile"]),
        ("table 2, row 2", ["Peru"]),
    ]
    first = result.rows[0]
    assert (first.country, first.cycle, first.session) == (
        "Bolivia (Plurinational State of)",
        4,
        46,
    )
    assert PARSER.detect(out.getvalue(), "bolivia.docx") == 0.6  # no themes column


def test_a_cell_over_the_length_limit_is_an_issue_naming_paragraph_and_column(settings):
    settings.RECTRACK_IMPORT_MAX_CELL_CHARS = 200
    data = docx_bytes(
        [
            ["Recommendation", "Position", "Full list of themes"],
            ["12.1 Ratify OPCAT (Chile);", "Supported", "A12 Acceptance of international norms"],
            ["12.2 Protect human rights defenders (Peru);", "Supported", "- Torture\n" * 40],
        ]
    )
    result = PARSER.parse(data, "long-cell.docx")
    assert [row.reference for row in result.rows] == ["12.1"]
    [issue] = result.issues
    assert (issue.location, issue.column) == ("paragraph 12.2", "Themes")
    assert "over the limit of 200" in issue.message
