import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rectrack.conftest import shared_file
from rectrack.imports.models import ColumnMapping, ImportRun
from rectrack.imports.services import import_file
from rectrack.imports.tests.test_services import MAPPING, ROWS, table
from rectrack.recommendations.models import Document, Recommendation
from rectrack.recommendations.services import country_get_or_create

pytestmark = pytest.mark.django_db
UPLOAD = reverse("imports:upload")


@pytest.fixture(autouse=True)
def _imports_in_the_request(settings, tmp_path):
    settings.RECTRACK_IMPORTS_IN_BACKGROUND = False
    settings.VAR_DIR = tmp_path


def docx_upload(name="slovenia-upr34-2019.docx"):
    path = shared_file(f"ohchr-thematic-lists/{name}")
    return SimpleUploadedFile(name, path.read_bytes())


@pytest.mark.parametrize("persona", ["viewer", "focal_point"])
def test_only_coordinators_and_administrators_may_import(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(UPLOAD).status_code == 403
    response = client.post(UPLOAD, {"file": docx_upload(), "format": "auto"})
    assert response.status_code == 403
    assert client.get(reverse("imports:list")).status_code == 403
    assert not ImportRun.objects.exists() and not Recommendation.objects.exists()


def test_coordinator_previews_then_confirms_an_import(client, coordinator):
    client.force_login(coordinator)
    response = client.post(UPLOAD, {"file": docx_upload(), "format": "auto"})
    run = ImportRun.objects.get()
    assert response.url == reverse("imports:detail", args=[run.pk])
    html = client.get(response.url).content.decode()
    assert "Preview: nothing has been imported yet" in html
    assert "Would be created</dt><dd>215" in html
    assert Recommendation.objects.count() == 0
    client.post(reverse("imports:confirm", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportRun.Status.SUCCEEDED
    assert (run.created, run.user) == (215, coordinator)
    assert Recommendation.objects.count() == 215
    assert run.stored_file == ""  # the private copy of the upload is gone once imported
    html = client.get(reverse("imports:list")).content.decode()
    assert "slovenia-upr34-2019.docx" in html
    # Confirming twice imports nothing more.
    client.post(reverse("imports:confirm", args=[run.pk]))
    assert Recommendation.objects.count() == 215


def test_a_bad_file_is_refused_on_the_upload_page_with_its_name(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        UPLOAD, {"file": SimpleUploadedFile("empty.docx", b""), "format": "auto"}
    )
    assert "The submitted file is empty." in response.content.decode()
    response = client.post(
        UPLOAD, {"file": SimpleUploadedFile("x.docx", b"not a docx"), "format": "auto"}
    )
    run = ImportRun.objects.get()
    html = client.get(reverse("imports:detail", args=[run.pk])).content.decode()
    assert "Not imported" in html and "x.docx" in html
    assert Recommendation.objects.count() == 0


def test_a_spreadsheet_of_unknown_layout_is_mapped_column_by_column(client, coordinator):
    client.force_login(coordinator)
    client.post(UPLOAD, {"file": SimpleUploadedFile("ministry.csv", table(ROWS)), "format": "auto"})
    run = ImportRun.objects.get()
    html = client.get(reverse("imports:detail", args=[run.pk])).content.decode()
    assert "Column mapping" in html and '<option value="Recommendation">' in html
    response = client.post(
        reverse("imports:mapping", args=[run.pk]),
        {
            "map_text": "Recommendation",
            "map_reference": "No.",
            "map_mechanism": "Body",
            "map_document": "Symbol",
            "map_position": "Response",
            "name": "Ministry matrix",
        },
    )
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == ImportRun.Status.PREVIEWED and run.report["created"] == 3
    client.post(reverse("imports:confirm", args=[run.pk]))
    assert Recommendation.objects.count() == 3
    from rectrack.imports.models import ColumnMapping

    assert ColumnMapping.objects.get().mapping["text"] == "Recommendation"


def test_file_names_and_imported_text_are_shown_escaped(client, coordinator):
    client.force_login(coordinator)
    rows = [["1", "<script>alert(1)</script>", "UPR", "A/1", "Supported", "", "", ""]]
    client.post(
        UPLOAD, {"file": SimpleUploadedFile("<b>evil</b>.csv", table(rows)), "format": "auto"}
    )
    run = ImportRun.objects.get()
    client.post(reverse("imports:mapping", args=[run.pk]), {"map_text": "Recommendation"})
    html = client.get(reverse("imports:detail", args=[run.pk])).content.decode()
    assert "<script>alert" not in html and "<b>evil</b>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.django_db(transaction=True)
def test_web_imports_wait_in_the_task_queue_until_a_worker_runs_them(client, settings, task_queue):
    """The request returns at once, leaving the import queued (no thread), in the database
    and in Redis;
    `rectrack worker` runs it, and the run's page reports the outcome."""
    from rectrack.accounts.models import User
    from rectrack.accounts.services import user_create
    from rectrack.conftest import reference_data

    reference_data()
    settings.RECTRACK_IMPORTS_IN_BACKGROUND = True
    user_create(username="bg-coordinator", password="x" * 12, role=User.Role.COORDINATOR)
    client.force_login(User.objects.get(username="bg-coordinator"))
    response = client.post(
        UPLOAD, {"file": docx_upload("slovenia-upr20-2014.docx"), "format": "auto"}
    )
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.QUEUED
    assert task_queue.waiting() == ["rectrack.imports.tasks.import_run_task"]
    html = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert "Waiting to start: the import begins as soon as the background worker is free." in html

    task_queue.run()  # as `rectrack worker --batch`: what waits, then stops
    run.refresh_from_db()
    assert run.status == ImportRun.Status.PREVIEWED
    assert run.report["created"] == 163
    html = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert "Would be created</dt><dd>163" in html and "<html" not in html
    client.post(reverse("imports:confirm", args=[run.pk]))
    assert ImportRun.objects.get().status == ImportRun.Status.QUEUED
    assert Recommendation.objects.count() == 0
    task_queue.run()
    assert ImportRun.objects.get().status == ImportRun.Status.SUCCEEDED
    assert Recommendation.objects.count() == 163
    assert task_queue.waiting() == []


# The result page: one true outcome, superseded reviews named, one State's rows


def test_importing_the_valid_rows_says_imported_once_and_never_nothing_imported(
    client, coordinator
):
    client.force_login(coordinator)
    mapping = ColumnMapping.objects.create(name="Matrix", mapping=MAPPING)
    rows = [*ROWS, ["15", "", "CEDAW", "CEDAW/C/VLD/CO/8", "", "", "", ""]]
    client.post(
        UPLOAD,
        {
            "file": SimpleUploadedFile("matrix.csv", table(rows)),
            "format": "table",
            "saved_mapping": mapping.pk,
        },
    )
    run = ImportRun.objects.get()
    html = client.get(reverse("imports:detail", args=[run.pk])).content.decode()
    assert "<h2>Not imported</h2>" in html and "1 rows have errors; nothing imported." in html
    client.post(reverse("imports:confirm", args=[run.pk]), {"skip_invalid": "1"})
    run.refresh_from_db()
    assert (run.status, run.created, run.skipped, run.error) == ("succeeded", 3, 1, "")
    html = client.get(reverse("imports:detail", args=[run.pk])).content.decode()
    assert "<h2>Imported</h2>" in html
    assert "Imported: 3 created, 0 updated, 0 unchanged. 1 row with errors was skipped." in html
    assert "nothing imported" not in html and "Succeeded" not in html


def test_result_page_names_the_review_it_superseded_with_a_link_to_show_them(client, coordinator):
    path = shared_file("ohchr-thematic-lists/slovenia-upr20-2014.docx")
    import_file(data=path.read_bytes(), file_name=path.name)
    older = Document.objects.get()
    client.force_login(coordinator)
    client.post(UPLOAD, {"file": docx_upload("slovenia-upr34-2019.docx"), "format": "auto"})
    run = ImportRun.objects.latest("pk")
    link = f'<a href="/recommendations/?document={older.pk}&amp;superseded=on">show them</a>'
    html = client.get(reverse("imports:detail", args=[run.pk])).content.decode()
    assert (
        f"This import will supersede <bdi>{older}</bdi> (163 recommendations will be hidden" in html
    )
    assert link in html
    client.post(reverse("imports:confirm", args=[run.pk]))
    html = client.get(reverse("imports:detail", args=[run.pk])).content.decode()
    assert (
        f"This import superseded <bdi>{older}</bdi> (163 recommendations now hidden by default): "
        f"{link}" in html
    )
    older.refresh_from_db()
    assert older.status == Document.Status.SUPERSEDED
    shown = client.get(f"/recommendations/?document={older.pk}&superseded=on")
    assert "163 recommendations found." in shown.content.decode()


def test_upload_page_keeps_one_states_rows_of_a_upr_info_export(client, coordinator):
    country_get_or_create(name="Senegal")
    client.force_login(coordinator)
    page = client.get(UPLOAD).content.decode()
    assert '<datalist id="state-options"><option value="Senegal"></option></datalist>' in page
    path = shared_file("upr-info/upr-info-sessions-01-05.csv")
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    client.post(UPLOAD, {"file": upload, "format": "auto", "state": "Senegal"})
    run = ImportRun.objects.get()
    kept, left_out = run.report["created"], run.report["left_out"]
    assert kept > 0 and kept + left_out == 6094  # the export's rows (test_upr_info)
    html = client.get(reverse("imports:detail", args=[run.pk])).content.decode()
    assert '<dd dir="auto"><bdi>Senegal</bdi> only</dd>' in html
    assert f"Rows of other States left out</dt><dd>{left_out}</dd>" in html
    client.post(reverse("imports:confirm", args=[run.pk]))
    assert Recommendation.objects.count() == kept
    assert set(Recommendation.objects.values_list("document__country__name", flat=True)) == {
        "Senegal"
    }


def test_upload_page_refuses_an_iso_code_no_state_has(client, coordinator):
    client.force_login(coordinator)
    response = client.post(UPLOAD, {"file": docx_upload(), "format": "auto", "state": "ZZ"})
    assert response.status_code == 200
    assert "No State has the ISO code ZZ" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_result_page_reads_positions_new_entries_and_changes_in_words(client, coordinator):
    import_file(data=table(ROWS), file_name="matrix.csv", format="table", mapping=MAPPING)
    changed = [row[:] for row in ROWS]
    changed[2][4] = "Noted"
    mapping = ColumnMapping.objects.create(name="Matrix", mapping=MAPPING)
    client.force_login(coordinator)
    client.post(
        UPLOAD,
        {
            "file": SimpleUploadedFile("matrix.csv", table(changed)),
            "format": "table",
            "saved_mapping": mapping.pk,
        },
    )
    run = ImportRun.objects.latest("pk")
    html = client.get(reverse("imports:detail", args=[run.pk])).content.decode()
    assert '<th scope="row">Position of the State</th><td dir="auto">Supported</td>' in html
    assert '<td dir="auto">Noted</td>' in html and ">supported<" not in html
    assert "Position: Noted</dt><dd>1</dd>" in html
    assert "Position: No position</dt><dd>2</dd>" in html
    assert "<h3>Examples of recommendations that would be updated</h3>" in html
    assert "Examples: " not in html
    first = ImportRun.objects.earliest("pk")
    html = client.get(reverse("imports:detail", args=[first.pk])).content.decode()
    assert (
        "<strong>New reviews and documents</strong> (2): <bdi>CEDAW/C/VLD/CO/8; A/HRC/55/9</bdi>"
        in html
    )
    assert "<strong>New States</strong> (2): <bdi>Chile; Ghana</bdi>" in html
    assert "<h3>Examples of recommendations created</h3>" in html
