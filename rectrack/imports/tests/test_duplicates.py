"""Rows repeated in a file: an exact repeat is one recommendation, reported apart; a row of the
same identity that says something else is an error naming both rows."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from rectrack.imports.models import ImportRun
from rectrack.imports.services import import_file
from rectrack.imports.tests.test_tabular import csv_bytes
from rectrack.imports.tests.test_upr_info import HEADERS
from rectrack.recommendations.models import Recommendation

pytestmark = pytest.mark.django_db

# As UPR Info exports them (headers of ../shared/data/upr-info/upr-info-sessions-01-05.csv):
# the header is row 1, so these are rows 2 to 6.
ROWS = [
    [
        "Valdoria",
        "Asia",
        "OIC",
        "Enact legislation to protect women's rights, especially against forced marriages.",
        "Austria",
        "WEOG",
        "EU",
        "Accepted",
        "5",
        "Rights of the Child,Women's rights",
        "5",
    ],
    [
        "Valdoria",
        "Asia",
        "OIC",
        "Establish a mechanism to monitor human rights in the administration of justice.",
        "Austria",
        "WEOG",
        "EU",
        "Accepted",
        "5",
        "Justice",
        "5",
    ],
    [
        "Valdoria",
        "Asia",
        "OIC",
        "Submit its delayed reports to the Committee against Torture.",
        "Czech Republic",
        "EEG",
        "EU",
        "Accepted",
        "5",
        "Torture and other CID treatment,Treaty bodies",
        "5",
    ],
    [
        "Valdoria",
        "Asia",
        "OIC",
        "Transform the de facto moratorium on death penalty into a de jure moratorium.",
        "Chile",
        "GRULAC",
        "OAS, OEI",
        "Noted",
        "5",
        "Death penalty",
        "5",
    ],
    [  # the same text from another State: another recommendation, never a repeat
        "Valdoria",
        "Asia",
        "OIC",
        "Transform the de facto moratorium on death penalty into a de jure moratorium.",
        "France",
        "WEOG",
        "EU, OIF",
        "Noted",
        "5",
        "Death penalty",
        "5",
    ],
]


def upr_info(rows: list[list[str]]) -> bytes:
    return csv_bytes([HEADERS, *rows])


def with_row_4_again(**changes: str) -> list[list[str]]:
    """The five rows and, as row 7, row 4 again (changed in the named columns)."""
    repeat = list(ROWS[2])
    for column, value in changes.items():
        repeat[HEADERS.index(column)] = value
    return [*ROWS, repeat]


def test_exact_repeat_is_imported_once_and_reported_as_a_repeat():
    report = import_file(data=upr_info(with_row_4_again()), file_name="upr-info.csv")

    assert report.format == "upr-info"
    assert report.errors == []
    assert report.written
    assert (report.rows, report.created, report.skipped, report.repeated) == (6, 5, 0, 1)
    assert report.duplicates == [{"row": "row 7", "repeats": "row 4"}]
    assert Recommendation.objects.count() == 5
    assert Recommendation.objects.filter(text__startswith="Submit its delayed").count() == 1
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.SUCCEEDED
    assert (run.rows, run.created, run.skipped) == (6, 5, 0)
    assert run.report["repeated"] == 1
    assert run.report["duplicates"] == [{"row": "row 7", "repeats": "row 4"}]


def test_importing_again_finds_every_row_unchanged_and_the_repeat_again():
    data = upr_info(with_row_4_again())
    import_file(data=data, file_name="upr-info.csv")

    again = import_file(data=data, file_name="upr-info.csv")

    assert (again.created, again.unchanged, again.repeated) == (0, 5, 1)
    assert again.errors == []
    assert Recommendation.objects.count() == 5


def test_a_file_repeated_many_times_counts_every_repeat():
    rows = [*ROWS, *ROWS, ROWS[0]]

    report = import_file(data=upr_info(rows), file_name="upr-info.csv")

    assert (report.rows, report.created, report.repeated) == (11, 5, 6)
    assert report.duplicates[0] == {"row": "row 7", "repeats": "row 2"}
    assert report.duplicates[-1] == {"row": "row 12", "repeats": "row 2"}


def test_same_identity_with_another_position_is_an_error_naming_both_rows():
    rows = with_row_4_again(Response="Noted")

    report = import_file(data=upr_info(rows), file_name="upr-info.csv")

    assert not report.written
    assert report.repeated == 0 and report.duplicates == []
    assert [(issue.location, issue.message) for issue in report.errors] == [
        (
            "row 7",
            "row 7 has the same identity as row 4 but different position of the State.",
        )
    ]
    assert Recommendation.objects.count() == 0
    assert ImportRun.objects.get().status == ImportRun.Status.FAILED


def test_near_duplicate_names_every_field_it_differs_in():
    rows = with_row_4_again(Response="Noted", Issue="Treaty bodies", Action="3")

    report = import_file(data=upr_info(rows), file_name="upr-info.csv", skip_invalid=True)

    assert [issue.message for issue in report.errors] == [
        "row 7 has the same identity as row 4 but different position of the State, themes, "
        "action category (UPR Info)."
    ]
    # With --skip-invalid the near-duplicate is skipped, the first row imported.
    assert (report.created, report.skipped, report.repeated) == (5, 1, 0)
    first = Recommendation.objects.get(text__startswith="Submit its delayed")
    assert first.position == Recommendation.Position.SUPPORTED


def test_command_prints_the_repeats_and_counts_them_in_json(capsys, tmp_path):
    path = tmp_path / "upr-info.csv"
    path.write_bytes(upr_info(with_row_4_again()))

    call_command("import", str(path), "--dry-run")
    out = capsys.readouterr().out
    call_command("import", str(path), "--json")
    line = json.loads(capsys.readouterr().out)

    assert "6 rows; 5 would be created, 0 updated, 0 unchanged, 0 skipped." in out
    assert (
        "  1 row repeats an earlier row exactly (one recommendation): row 7 repeats row 4"
    ) in out.splitlines()
    assert (line["created"], line["repeated"], line["errors"]) == (5, 1, [])
    assert line["duplicates"] == [{"row": "row 7", "repeats": "row 4"}]


@pytest.fixture
def uploaded(client, coordinator, settings, tmp_path):
    """The file with a repeat, uploaded and previewed through the web."""
    settings.RECTRACK_IMPORTS_IN_BACKGROUND = False
    settings.VAR_DIR = tmp_path
    client.force_login(coordinator)
    upload = SimpleUploadedFile("upr-info.csv", upr_info(with_row_4_again()))
    client.post(reverse("imports:upload"), {"file": upload, "format": "auto"})
    return ImportRun.objects.get()


def test_import_page_lists_the_repeated_row(client, uploaded):
    assert uploaded.status == ImportRun.Status.PREVIEWED
    html = client.get(reverse("imports:detail", args=[uploaded.pk])).content.decode()

    assert "Would be created</dt><dd>5</dd>" in html
    assert "Repeated rows</dt><dd>1</dd>" in html
    assert "<li>row 7 repeats row 4</li>" in html
    assert "same identity" not in html

    client.post(reverse("imports:confirm", args=[uploaded.pk]))
    html = client.get(reverse("imports:detail", args=[uploaded.pk])).content.decode()
    assert "Imported: 5 created, 0 updated, 0 unchanged." in html
    assert "<li>row 7 repeats row 4</li>" in html
    assert Recommendation.objects.count() == 5


def test_import_page_shows_at_most_fifty_repeats_and_counts_the_rest(client, uploaded):
    uploaded.report = {
        **uploaded.report,
        "repeated": 60,
        "duplicates": [{"row": f"row {n + 100}", "repeats": "row 2"} for n in range(60)],
    }
    uploaded.save()

    html = client.get(reverse("imports:detail", args=[uploaded.pk])).content.decode()

    assert "<li>row 149 repeats row 2</li>" in html
    assert "row 150 repeats" not in html
    assert "… and 10 more repeated rows." in html


def test_viewer_cannot_read_an_import_page(client, uploaded, viewer):
    client.force_login(viewer)

    response = client.get(reverse("imports:detail", args=[uploaded.pk]))

    assert response.status_code in (403, 404)
    assert "repeats" not in response.content.decode()
