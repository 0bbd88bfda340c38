"""`rectrack import`: one JSON object per file, exit 0 / 1 / 2."""

import csv
import io
import json
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rectrack.conftest import shared_file
from rectrack.imports.models import ImportRun
from rectrack.imports.tests.test_services import MAPPING, ROWS, table
from rectrack.recommendations.models import Document, Recommendation
from rectrack.recommendations.services import country_get_or_create

pytestmark = pytest.mark.django_db


def run_import(capsys, *args):
    code = 0
    try:
        call_command("import", *args)
    except SystemExit as exit:
        code = exit.code
    out, err = capsys.readouterr()
    return code, out, err


def test_json_output_has_one_object_per_file(capsys, tmp_path):
    matrix = tmp_path / "matrix.csv"
    matrix.write_bytes(table(ROWS))
    thematic = shared_file("ohchr-thematic-lists/slovenia-upr20-2014.docx")
    mapping = ",".join(f"{field}={column}" for field, column in MAPPING.items())
    code, out, _ = run_import(capsys, str(thematic), "--json")
    assert code == 0
    report = json.loads(out)
    assert {
        key: report[key]
        for key in (
            "format",
            "rows",
            "created",
            "updated",
            "unchanged",
            "skipped",
            "errors",
            "by_position",
        )
    } == {
        "format": "thematic-list",
        "rows": 163,
        "created": 163,
        "updated": 0,
        "unchanged": 0,
        "skipped": 0,
        "errors": [],
        "by_position": {"supported": 142, "noted": 21},
    }
    code, out, _ = run_import(
        capsys, str(thematic), str(matrix), "--json", "--format", "auto", "--map", mapping
    )
    lines = [json.loads(line) for line in out.splitlines()]
    assert [(r["format"], r["unchanged"], r["created"]) for r in lines] == [
        ("thematic-list", 163, 0),
        ("table", 0, 3),
    ]


def test_dry_run_writes_nothing(capsys):
    thematic = shared_file("ohchr-thematic-lists/slovenia-upr34-2019.docx")
    code, out, _ = run_import(capsys, str(thematic), "--dry-run")
    assert code == 0
    assert "215 would be created" in out
    assert Recommendation.objects.count() == 0


def test_errors_exit_1_and_name_the_file_row_and_column(capsys, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(table([["1", "", "UPR", "A/1", "Supported", "", "", ""]]))
    code, _, err = run_import(
        capsys, str(bad), "--format", "table", "--map", "text=Recommendation,reference=No."
    )
    assert code == 1
    assert "bad.csv: row 2, Recommendation: " in err
    assert Recommendation.objects.count() == 0


def test_bad_usage_exits_2(capsys, tmp_path):
    with pytest.raises(CommandError) as error:
        call_command("import", str(tmp_path / "missing.csv"))
    assert error.value.returncode == 2
    with pytest.raises(CommandError) as error:
        call_command("import", str(tmp_path), "--map", "text")
    assert error.value.returncode == 2


# --state: one State's rows of a file covering many


def upr_info_rows_by_state() -> Counter:
    """The real export read with the csv module alone: how many rows each State has."""
    data = shared_file("upr-info/upr-info-sessions-01-05.csv").read_bytes().decode("mac_roman")
    return Counter(row["To"].strip() for row in csv.DictReader(io.StringIO(data, newline="")))


def test_state_keeps_one_states_rows_and_says_how_many_were_left_out(capsys):
    by_state = upr_info_rows_by_state()
    kept, total = by_state["Senegal"], sum(by_state.values())
    assert 0 < kept < total
    path = shared_file("upr-info/upr-info-sessions-01-05.csv")
    code, out, _ = run_import(capsys, str(path), "--state", "senegal", "--json")
    assert code == 0
    report = json.loads(out)
    assert (report["state"], report["created"], report["left_out"]) == (
        "senegal",
        kept,
        total - kept,
    )
    assert Recommendation.objects.count() == kept
    assert set(Recommendation.objects.values_list("document__country__name", flat=True)) == {
        "Senegal"
    }
    code, out, _ = run_import(capsys, str(path), "--state", "Senegal", "--dry-run")
    assert f"only Senegal: {total - kept} rows of other States left out." in out
    assert f"{kept} unchanged" in out


def test_state_by_its_recorded_iso_code(capsys):
    country_get_or_create(name="Senegal", iso_code="SEN")
    path = shared_file("upr-info/upr-info-sessions-01-05.csv")
    code, out, _ = run_import(capsys, str(path), "--state", "sen", "--json")
    assert code == 0
    report = json.loads(out)
    assert (report["state"], report["created"]) == ("Senegal", upr_info_rows_by_state()["Senegal"])


def test_an_unknown_iso_code_is_bad_usage_and_a_state_not_in_the_file_imports_nothing(capsys):
    path = shared_file("upr-info/upr-info-sessions-01-05.csv")
    with pytest.raises(CommandError) as error:
        call_command("import", str(path), "--state", "XQZ")
    assert error.value.returncode == 2
    assert "No State has the ISO code XQZ" in str(error.value)
    code, _, err = run_import(capsys, str(path), "--state", "Atlantis")
    assert code == 1
    total = sum(upr_info_rows_by_state().values())
    assert f"no row is for Atlantis; nothing imported ({total} rows of other States" in err
    assert Recommendation.objects.count() == 0


# Outcomes said once, and true


def test_skip_invalid_with_no_valid_row_fails_and_says_nothing_was_imported(capsys, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(table([["1", "", "UPR", "A/1", "Supported", "", "", ""]]))
    mapping = "text=Recommendation,reference=No."
    code, out, err = run_import(
        capsys, str(bad), "--format", "table", "--map", mapping, "--skip-invalid", "--json"
    )
    assert code == 1
    report = json.loads(out)
    assert (report["written"], report["created"], report["skipped"]) == (False, 0, 1)
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED
    assert run.error == "bad.csv: no row is valid (1 have errors); nothing imported."
    assert Recommendation.objects.count() == 0


def test_cli_names_the_review_it_superseded(capsys):
    older = shared_file("ohchr-thematic-lists/slovenia-upr20-2014.docx")
    newer = shared_file("ohchr-thematic-lists/slovenia-upr34-2019.docx")
    run_import(capsys, str(older))
    old_document = Document.objects.get()
    code, out, _ = run_import(capsys, str(newer), "--json")
    assert code == 0
    [review] = json.loads(out)["superseded"]
    assert (review["document"], review["recommendations"]) == (str(old_document), 163)
    assert review["url"] == f"/recommendations/?document={old_document.pk}&superseded=on"
