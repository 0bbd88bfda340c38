"""`rectrack import`: one JSON object per file, exit 0 / 1 / 2."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rectrack.conftest import shared_file
from rectrack.imports.tests.test_services import MAPPING, ROWS, table
from rectrack.recommendations.models import Recommendation

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
