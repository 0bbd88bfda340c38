"""Thematic lists and UPR matrices in the layouts OHCHR used before the 2014 lists: group rows
known by their shape whatever word begins them, a separate column of recommending States,
affected persons and an assessment in columns of their own, and SDGs written among themes."""

import io

import docx
import pytest

from rectrack.imports.parsers.thematic_list import ThematicListParser
from rectrack.imports.services import import_file
from rectrack.recommendations.models import Recommendation, Theme

PARSER = ThematicListParser()
MATRIX_HEADERS = [
    "Recommendation",
    "Recommending State",
    "Position",
    "Right or area",
    "Affected persons",
    "Assessment/comments on level of implementation",
]


def matrix(rows: list[list[str]], *, merged: set[int] = frozenset(), title: str = "") -> bytes:
    """A Word table; the rows numbered in `merged` are one cell spanning the table."""
    document = docx.Document()
    if title:
        document.add_paragraph(title)
    width = len(rows[0])
    table = document.add_table(rows=len(rows), cols=width)
    for r, values in enumerate(rows):
        if r in merged:
            table.cell(r, 0).merge(table.cell(r, width - 1)).text = values[0]
            continue
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def matrix_2011() -> bytes:
    rows = [
        MATRIX_HEADERS,
        ["Right or area: 2.1 Acceptance of international norms"],
        [
            "90.1 Ratify the Optional Protocol to the Convention against Torture",
            "Argentina",
            "Accepted",
            "2.1 Acceptance of international norms",
            "- general",
            "Ratified in 2013",
        ],
        [
            "90.2 Ratify the Convention on the Rights of Persons with Disabilities (Spain)",
            "Spain",
            "Accepted",
            "2.1 Acceptance of international norms\n12.4 Rights of persons with disabilities",
            "- persons with disabilities",
            "",
        ],
        ["Cluster 2 - Women's rights", "", "", "", "", ""],
        [
            "90.3 Adopt a law on violence against women (Ukraine)",
            "Slovakia, Venezuela (Bolivarian Republic of)",
            "Noted",
            "Women's rights",
            "- women\n- girls",
            "",
        ],
        ["Equality and non-discrimination"] * 6,
        [
            "90.4 Combat discrimination against Roma",
            "Brazil",
            "Accepted",
            "Racial discrimination",
            "- Roma",
            "",
        ],
    ]
    return matrix(rows, merged={1}, title="UPR of Valdoria (1st Cycle - 10th Session)")


@pytest.fixture(scope="module")
def parsed_2011():
    return PARSER.parse(matrix_2011(), "valdoria-matrix-2011.docx")


def test_group_rows_are_headings_whatever_word_begins_them(parsed_2011):
    assert [row.reference for row in parsed_2011.rows] == ["90.1", "90.2", "90.3", "90.4"]
    headings = [row.extra.get("theme_heading") for row in parsed_2011.rows]
    assert headings == [
        "2.1 Acceptance of international norms",
        "2.1 Acceptance of international norms",
        "Cluster 2 - Women's rights",
        "Equality and non-discrimination",
    ]
    assert not any("position" in issue.message for issue in parsed_2011.issues)


def test_a_column_of_recommending_states_is_read(parsed_2011):
    rows = {row.reference: row for row in parsed_2011.rows}
    assert rows["90.1"].recommending_states == ["Argentina"]
    assert rows["90.2"].recommending_states == ["Spain"]
    assert rows["90.2"].text == "Ratify the Convention on the Rights of Persons with Disabilities"
    assert rows["90.4"].recommending_states == ["Brazil"]
    assert rows["90.3"].recommending_states == ["Slovakia", "Venezuela (Bolivarian Republic of)"]


def test_states_column_disagreeing_with_the_text_is_a_row_issue_naming_both(parsed_2011):
    [issue] = parsed_2011.issues
    assert issue.location == "paragraph 90.3"
    assert issue.column == "Recommending State(s)"
    assert "Slovakia, Venezuela (Bolivarian Republic of)" in issue.message
    assert "Ukraine" in issue.message


def test_numbered_rights_become_the_themes_later_lists_name(parsed_2011):
    rows = {row.reference: row for row in parsed_2011.rows}
    assert [theme.name for theme in rows["90.2"].themes] == [
        "Acceptance of international norms",
        "Rights of persons with disabilities",
    ]


def test_affected_persons_and_assessment_columns_are_read(parsed_2011):
    rows = {row.reference: row for row in parsed_2011.rows}
    assert rows["90.3"].affected_groups == ["women", "girls"]
    assert rows["90.1"].extra["assessment"] == "Ratified in 2013"
    assert rows["90.1"].position == "supported"
    assert rows["90.3"].position == "noted"
    assert (parsed_2011.rows[0].country, parsed_2011.rows[0].session) == ("Valdoria", 10)


def test_a_french_matrix_with_its_own_words_reads_the_same():
    rows = [
        [
            "Recommandation",
            "État recommandant",
            "Position",
            "Droit ou domaine",
            "Personnes concernées",
        ],
        ["Domaine : 2.1 Acceptation des normes internationales"] * 5,
        [
            "90.1 Ratifier le Protocole facultatif",
            "Argentine",
            "Acceptée",
            "Acceptation des normes internationales",
            "- enfants",
        ],
    ]
    result = PARSER.parse(matrix(rows), "valdorie.docx")
    [row] = result.rows
    assert result.issues == []
    assert row.recommending_states == ["Argentine"]
    assert row.affected_groups == ["enfants"]
    assert row.extra["theme_heading"] == "2.1 Acceptation des normes internationales"


@pytest.mark.django_db
def test_the_2011_matrix_imports_with_its_states_and_groups():
    report = import_file(
        data=matrix_2011(), file_name="valdoria-matrix-2011.docx", skip_invalid=True
    )
    assert (report.created, report.skipped) == (3, 1)
    assert not Recommendation.objects.filter(reference="90.3").exists()
    spain = Recommendation.objects.get(reference="90.2")
    assert [c.name for c in spain.recommending_countries.all()] == ["Spain"]
    assert sorted(t.name for t in spain.themes.all()) == [
        "Acceptance of international norms",
        "Rights of persons with disabilities",
    ]
    assert [g.name for g in spain.affected_groups.all()] == ["persons with disabilities"]


SDG_THEMES_2018 = [
    "Recommendation",
    "Position",
    "Full list of themes",
]


@pytest.mark.django_db
def test_sdgs_coded_among_themes_become_sdg_links_not_themes():
    rows = [
        SDG_THEMES_2018,
        ["Theme: A12 Acceptance of international norms"] * 3,
        [
            "110.1 Ratify the Optional Protocol (Chile);",
            "Supported",
            "A12 Acceptance of international norms\n"
            "S16 SDG 16 - peace, justice and strong institutions\n"
            "S05 SDG 5 - gender equality\n"
            "Affected persons:\n- general",
        ],
        [
            "110.2 End child labour (Peru);",
            "Supported",
            "B51 Right to an effective remedy\nTarget 8.7\n16 - PEACE, JUSTICE AND STRONG "
            "INSTITUTIONS\nAffected persons:\n- children",
        ],
    ]
    report = import_file(
        data=matrix(rows, merged={1}, title="UPR of Valdoria (3rd Cycle - 30th Session)"),
        file_name="valdoria-2018.docx",
    )
    assert report.created == 2, report.errors
    first = Recommendation.objects.get(reference="110.1")
    assert sorted(goal.number for goal in first.sdg_goals.all()) == [5, 16]
    assert [t.name for t in first.themes.all()] == ["Acceptance of international norms"]
    second = Recommendation.objects.get(reference="110.2")
    assert [target.code for target in second.sdg_targets.all()] == ["8.7"]
    assert [goal.number for goal in second.sdg_goals.all()] == [16]
    assert not Theme.objects.filter(name__icontains="SDG").exists()
    assert not Theme.objects.filter(name__startswith="16").exists()
