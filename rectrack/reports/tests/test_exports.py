"""Exports of the filtered list (xlsx, CSV, JSON), checked cell by cell against the database
(the hand-countable fixture of conftest), formula injection, and the xlsx round trip."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from rectrack.followup.models import ProgressUpdate
from rectrack.followup.services.updates import (
    progress_update_approve,
    progress_update_create,
    progress_update_return,
)
from rectrack.imports.services import import_file
from rectrack.recommendations.models import (
    AffectedGroup,
    Cluster,
    Country,
    Document,
    Mechanism,
    Recommendation,
    SavedView,
    SdgGoal,
    SdgTarget,
    Theme,
)
from rectrack.recommendations.selectors import RecommendationFilters
from rectrack.recommendations.services import (
    affected_group_get_or_create,
    country_get_or_create,
    theme_get_or_create,
)
from rectrack.recommendations.tests.factories import make_document, make_recommendation
from rectrack.reports.exports import recommendations_export
from rectrack.reports.exports.matrix import COLUMNS

pytestmark = pytest.mark.django_db
EXPORT = reverse("reports:export")
LABELS = [str(column.label) for column in COLUMNS]
KEYS = [column.key for column in COLUMNS]


def sheet_records(sheet) -> list[dict]:
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == LABELS
    return [dict(zip(KEYS, row, strict=True)) for row in rows[1:]]


def by_reference(records: list[dict]) -> dict[str, dict]:
    found = {record["reference"]: record for record in records}
    assert len(found) == len(records)  # every recommendation once
    return found


@pytest.fixture
def narratives(data, coordinator):
    """r3: a returned update (never exported) besides its submitted one; r2: an approved
    narrative newer than its status changes, which is the latest."""
    returned = progress_update_create(
        user=data.focal,
        recommendation=data.recs[2],
        narrative="Returned draft.",
        status="implemented",
        submit=True,
    )
    progress_update_return(update=returned, reviewer=coordinator, comment="Evidence?")
    progress_update_create(  # a draft, never submitted
        user=data.focal,
        recommendation=data.recs[0],
        narrative="Unsent draft.",
        status="implemented",
    )
    update = progress_update_create(
        user=coordinator,
        recommendation=data.recs[1],
        narrative="Bill tabled in parliament.",
        status="in_progress",
        submit=True,
    )
    progress_update_approve(update=update, reviewer=coordinator)
    return data


def test_xlsx_matrix_holds_every_current_recommendation_once_with_its_follow_up(narratives, viewer):
    data = narratives
    exported = recommendations_export(user=viewer, format="xlsx")
    workbook = load_workbook(io.BytesIO(exported.content))
    assert workbook.sheetnames == ["Recommendations"]
    sheet = workbook["Recommendations"]
    assert sheet.freeze_panes == "C2"
    assert sheet.auto_filter.ref == f"A1:W{4 + 1}"
    assert sheet.column_dimensions["B"].width == 70
    assert sheet["B2"].alignment.wrap_text
    records = by_reference(sheet_records(sheet))
    r1, r2, r3, r4, r5 = data.recs
    assert set(records) == {r1.reference, r2.reference, r3.reference, r4.reference}  # not r5
    assert exported.rows == 4
    first = records[r1.reference]
    assert first["text"] == r1.text
    assert first["mechanism"] == "UPR"
    assert first["document"] == r1.document.symbol
    assert first["position"] == "Supported"
    assert first["themes"] == "A1 Violence against women"  # with its UHRI code
    assert first["sdgs"] == "5\n5.2"  # linked to the goal and to one of its targets
    assert first["clusters"] == "Violence"
    assert first["lead_institutions"] == "Ministry of Justice"
    assert first["actions"].startswith("Train judges (Ongoing, ")
    assert first["implementation_status"] == "Implemented"
    # Only approved narratives: r1's submitted "Law adopted." is not yet approved.
    assert "Law adopted." not in first["latest_progress"]
    assert records[r2.reference]["latest_progress"].endswith(": Bill tabled in parliament.")
    assert records[r2.reference]["sdgs"] == "16.3"
    assert sorted(records[r2.reference]["themes"].split("\n")) == [
        "A Women's rights",
        "B Administration of justice",
    ]
    assert records[r3.reference]["latest_progress"] in ("", None)  # submitted and returned only
    assert records[r3.reference]["sdgs"] == "5"
    everything = " ".join(str(value) for record in records.values() for value in record.values())
    assert "Drafting." not in everything and "Returned draft." not in everything
    assert "Unsent draft." not in everything


def test_xlsx_sheet_per_cluster_puts_each_recommendation_in_its_clusters(data, viewer):
    r1, r2, r3, r4, _r5 = data.recs
    other = Cluster.objects.create(name="Justice: courts/prisons")
    r1.clusters.add(other)
    exported = recommendations_export(user=viewer, format="xlsx", sheets_by="cluster")
    workbook = load_workbook(io.BytesIO(exported.content))
    # Characters Excel forbids in sheet names are replaced; the unclustered come last; the
    # index gives the name the sheet could not have.
    assert workbook.sheetnames == ["Index", "Justice courts prisons", "Violence", "No cluster"]
    sheets = {
        name: set(by_reference(sheet_records(workbook[name]))) for name in workbook.sheetnames[1:]
    }
    assert sheets["Violence"] == {r1.reference, r4.reference}
    assert sheets["Justice courts prisons"] == {r1.reference}
    assert sheets["No cluster"] == {r2.reference, r3.reference}
    assert exported.rows == 4
    index = [[cell.value for cell in row] for row in workbook["Index"].iter_rows()]
    assert index == [
        ["Full name", "Sheet", "Recommendations"],
        ["Justice: courts/prisons", "Justice courts prisons", 1],
        ["Violence", "Violence", 2],
        ["No cluster", "No cluster", 2],
    ]


def test_long_sheet_names_are_cut_at_a_word_unique_and_listed_whole(data, viewer):
    long = "Prohibition of torture and cruel, inhuman or degrading treatment"
    for name in (long + " in prisons", long + " in police custody"):
        Cluster.objects.create(name=name).recommendations.add(data.recs[0])
    exported = recommendations_export(user=viewer, format="xlsx", sheets_by="cluster")
    workbook = load_workbook(io.BytesIO(exported.content))
    titles = workbook.sheetnames[1:3]
    assert titles == ["Prohibition of torture and…", "Prohibition of torture and… (2)"]
    assert all(len(title) <= 31 for title in workbook.sheetnames)
    index = {row[0].value: row[1].value for row in workbook["Index"].iter_rows(min_row=2)}
    assert index[long + " in police custody"] == titles[0]
    assert index[long + " in prisons"] == titles[1]


def test_xlsx_prints_landscape_a_page_wide_with_the_header_on_every_page(data, viewer):
    exported = recommendations_export(user=viewer, format="xlsx")
    sheet = load_workbook(io.BytesIO(exported.content))["Recommendations"]
    setup = sheet.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (
        "landscape",
        9,  # A4
        1,
        0,
    )
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$1"


def test_xlsx_sheet_per_theme(data, viewer):
    exported = recommendations_export(user=viewer, format="xlsx", sheets_by="theme")
    workbook = load_workbook(io.BytesIO(exported.content))
    counts = {name: len(sheet_records(workbook[name])) for name in workbook.sheetnames}
    assert counts == {
        "Administration of justice": 1,
        "Violence against women": 2,
        "Women's rights": 2,
        "No theme": 1,
    }


def test_filters_narrow_the_export_as_they_narrow_the_list(data, viewer):
    cedaw = Mechanism.objects.get(code="CEDAW")
    exported = recommendations_export(
        user=viewer, filters=RecommendationFilters(mechanism=cedaw), format="json"
    )
    document = json.loads(exported.content)
    assert [column["key"] for column in document["columns"]] == KEYS
    records = by_reference(document["recommendations"])
    assert set(records) == {data.recs[2].reference, data.recs[3].reference}
    assert records[data.recs[3].reference]["sdgs"] == ["5.2", "16.3"]
    assert records[data.recs[3].reference]["clusters"] == ["Violence"]
    assert {record["id"] for record in records.values()} == {data.recs[2].pk, data.recs[3].pk}


def test_json_gives_stored_codes_beside_their_labels_in_the_exports_language(data, viewer):
    exported = recommendations_export(user=viewer, format="json", language="fr")
    records = by_reference(json.loads(exported.content)["recommendations"])
    first = records[data.recs[0].reference]
    assert (first["position"], first["position_label"]) == ("supported", "Acceptée")
    assert (first["type"], first["type_label"]) == ("recommendation", "Recommandation")
    assert first["implementation_status"] == data.recs[0].implementation_status == "implemented"
    assert first["implementation_status_label"] == "Mise en œuvre"
    noted = records[data.recs[1].reference]
    assert (noted["position"], noted["position_label"]) == ("noted", "Notée")


HOSTILE = [
    '=HYPERLINK("http://evil.example","Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
    '=IMPORTXML("http://evil.example","//a")',
]


@pytest.fixture
def hostile(viewer):
    review = make_document(mechanism_code="CRC", symbol="=cmd|'/C calc'!A0")
    theme = theme_get_or_create(name="@malicious theme")
    return [
        make_recommendation(document=review, reference=f"9.{n}", text=text, themes=[theme])
        for n, text in enumerate(HOSTILE)
    ]


def test_csv_is_utf8_with_bom_and_neutralises_formulas(hostile, viewer):
    exported = recommendations_export(user=viewer, format="csv")
    assert exported.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0] == LABELS
    records = by_reference([dict(zip(KEYS, row, strict=True)) for row in rows[1:]])
    for n, text in enumerate(HOSTILE):
        record = records[f"9.{n}"]
        assert record["text"] == "'" + text
        assert record["document"] == "'=cmd|'/C calc'!A0"
        assert record["themes"] == "'@malicious theme"
    cells = [cell for row in rows[1:] for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t")) for cell in cells)


def test_xlsx_keeps_formula_like_text_as_text_that_never_runs(hostile, viewer):
    exported = recommendations_export(user=viewer, format="xlsx")
    sheet = load_workbook(io.BytesIO(exported.content))["Recommendations"]
    checked = 0
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f"  # no cell is a formula
            if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@", "\t")):
                assert cell.quotePrefix
                checked += 1
    assert checked == len(HOSTILE) * 3  # text, document symbol, theme of each
    texts = {row[1].value for row in sheet.iter_rows(min_row=2)}
    assert texts == set(HOSTILE)  # shown exactly as written


def country(name: str) -> Country:
    return country_get_or_create(name=name)


@pytest.fixture
def varied():
    """Recommendations with every field the importer reads back."""
    upr = make_document(
        mechanism_code="UPR", symbol="A/HRC/55/9", cycle=4, session=45, country="Valdoria"
    )
    cedaw = make_document(mechanism_code="CEDAW", symbol="CEDAW/C/VLD/CO/8", country="Valdoria")
    women = theme_get_or_create(name="Women's rights")
    justice = theme_get_or_create(name="Access to justice")
    girls = affected_group_get_or_create(name="Girls")
    rural = affected_group_get_or_create(name="Rural women")
    made = [
        make_recommendation(
            document=upr,
            reference="134.1",
            text="Ratify OPCAT; establish a national preventive mechanism.",
            position="supported",
            recommending_countries=[country("Chile"), country("Côte d'Ivoire")],
            themes=[justice],
            sdg_goals=[SdgGoal.objects.get(number=16)],
            uhri_annotation_id="a1b2",
        ),
        make_recommendation(
            document=upr,
            reference="134.2",
            text="=Abolish court fees for victims of violence (Ñuñoa, Kraków).",
            position="noted",
            recommending_countries=[country("Ghana")],
            themes=[women, justice],
            affected_groups=[girls, rural],
            sdg_targets=[SdgTarget.objects.get(code="5.2"), SdgTarget.objects.get(code="16.3")],
        ),
        make_recommendation(
            document=cedaw,
            reference="12",
            text="Adopt a law on gender-based violence.\nConsult women's organisations.",
            affected_groups=[girls],
            sdg_goals=[SdgGoal.objects.get(number=5)],
            sdg_targets=[SdgTarget.objects.get(code="16.3")],
        ),
    ]
    return made


def source_fields() -> dict[str, dict]:
    """What a recommendation's source says, by reference: the fields an import reads."""
    found = {}
    for rec in Recommendation.objects.select_related("document__mechanism", "document__country"):
        found[rec.reference] = {
            "text": rec.text,
            "position": rec.position,
            "type": rec.type,
            "uhri": rec.uhri_annotation_id,
            "document": (
                rec.document.mechanism.code,
                rec.document.symbol,
                rec.document.country.name,
                rec.document.date,
                rec.document.cycle,
                rec.document.session,
            ),
            "states": sorted(c.name for c in rec.recommending_countries.all()),
            "themes": sorted(t.name for t in rec.themes.all()),
            "groups": sorted(g.name for g in rec.affected_groups.all()),
            "goals": sorted(g.number for g in rec.sdg_goals.all()),
            "targets": sorted(t.code for t in rec.sdg_targets.all()),
            "kept": (rec.linked_goal_numbers,),
        }
    return found


def test_xlsx_round_trip_into_an_empty_database_gives_back_the_same_recommendations(varied, viewer):
    before = source_fields()
    exported = recommendations_export(user=viewer, format="xlsx")
    Recommendation.objects.all().delete()
    Document.objects.all().delete()
    for model in (Theme, AffectedGroup, Country):
        model.objects.all().delete()
    report = import_file(data=exported.content, file_name=exported.file_name)
    assert report.errors == []
    assert (report.format, report.created) == ("rectrack", 3)
    assert source_fields() == before
    again = import_file(data=exported.content, file_name=exported.file_name)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_export_view_downloads_the_filtered_list(client, data, viewer):
    client.force_login(viewer)
    response = client.get(EXPORT, {"format": "csv", "mechanism": "UPR", "position": "noted"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="rectrack-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == [data.recs[1].reference]


def test_export_view_refuses_unknown_formats_and_bad_filters(client, data, viewer):
    client.force_login(viewer)
    assert client.get(EXPORT, {"format": "exe"}).status_code == 400
    response = client.get(EXPORT, {"format": "csv", "mechanism": "NOPE"})
    assert response.status_code == 400
    assert "mechanism" in response.content.decode()


def test_anonymous_users_cannot_export(client, data):
    response = client.get(EXPORT, {"format": "json"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_list_offers_exports_of_what_it_shows(client, data, viewer):
    client.force_login(viewer)
    html = client.get(reverse("recommendations:list"), {"mechanism": "CEDAW"}).content.decode()
    assert f'href="{EXPORT}?format=xlsx&amp;mechanism=CEDAW"' in html
    assert f'href="{EXPORT}?format=xlsx&amp;sheets=cluster&amp;mechanism=CEDAW"' in html


def test_export_costs_a_fixed_number_of_queries(data, viewer, django_assert_max_num_queries):
    for _n in range(30):
        make_recommendation(document=data.recs[0].document, themes=[data.women])
    with django_assert_max_num_queries(20):
        exported = recommendations_export(user=viewer, format="xlsx")
    assert exported.rows == 34


def test_export_command_writes_the_filtered_list_or_a_saved_view(data, viewer, tmp_path):
    out = io.StringIO()
    path = tmp_path / "upr.xlsx"
    call_command(
        "export", output=str(path), user=viewer.username, filters="mechanism=UPR", stdout=out
    )
    assert "2 recommendations written" in out.getvalue()
    records = sheet_records(load_workbook(path)["Recommendations"])
    assert {record["mechanism"] for record in records} == {"UPR"}
    SavedView.objects.create(user=viewer, name="CEDAW", query_string="mechanism=CEDAW")
    path = tmp_path / "cedaw.json"
    call_command("export", output=str(path), user=viewer.username, saved_view="CEDAW", stdout=out)
    assert len(json.loads(path.read_bytes())["recommendations"]) == 2
    with pytest.raises(CommandError, match="mechanism"):
        call_command("export", output=str(path), user=viewer.username, filters="mechanism=NOPE")
    with pytest.raises(CommandError, match="No active user"):
        call_command("export", output=str(path), user="nobody")
    assert ProgressUpdate.objects.exists()  # the fixture's updates are untouched


@pytest.mark.django_db(transaction=True)
def test_a_large_export_is_written_in_the_background_with_progress_for_its_owner_only(
    client, committed_data, viewer, coordinator, settings, tmp_path, task_queue
):
    from rectrack.reports.jobs import report_job_get

    settings.RECTRACK_EXPORT_BACKGROUND_ABOVE = 3
    settings.VAR_DIR = tmp_path
    client.force_login(viewer)
    small = client.get(EXPORT, {"format": "csv", "mechanism": "CEDAW"})  # 2: at once
    assert small["Content-Disposition"].startswith("attachment;")
    response = client.get(EXPORT, {"format": "xlsx", "language": "fr"})
    assert response.status_code == 302
    job_url = response["Location"]
    assert job_url.startswith("/reports/jobs/")
    job = report_job_get(user=viewer, job_id=job_url.strip("/").split("/")[-1])
    assert (job.kind, job.total) == ("export", 4)
    task_queue.run()  # the queued job, run as `rectrack worker` does
    page = client.get(job_url).content.decode()
    assert "The export is ready: 4 recommendations." in page
    assert "<h1>Export</h1>" in page
    download = client.get(job_url + "download/")
    assert download["Content-Disposition"].startswith(
        'attachment; filename="rectrack-recommendations-'
    )
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    sheet = workbook.worksheets[0]
    assert sheet["A1"].value == "Référence"  # in the language asked
    assert sheet.max_row == 1 + 4
    client.force_login(coordinator)  # nobody else sees or downloads it
    assert client.get(job_url).status_code == 404
    assert client.get(job_url + "download/").status_code == 404


def test_export_progress_is_told_every_hundred_recommendations(data, viewer):
    from rectrack.recommendations.tests.factories import make_recommendation

    for _n in range(200):
        make_recommendation(document=data.recs[0].document)
    told = []
    exported = recommendations_export(user=viewer, format="csv", progress=told.append)
    assert exported.rows == 204 and told == [100, 200]
