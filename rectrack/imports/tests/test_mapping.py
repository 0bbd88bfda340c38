"""A complete column mapping: values fixed for the whole file, every field a target (lead and
supporting institutions among them, assigned after the rows are written), and saved mappings
offered again for files with the same headers."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rectrack.followup.models import Assignment
from rectrack.followup.services.planning import assignment_set
from rectrack.imports.assignments import institution_key
from rectrack.imports.models import ColumnMapping, ImportRun
from rectrack.imports.parsers.base import FileError
from rectrack.imports.parsers.table import TableParser, headers_signature
from rectrack.imports.services import import_file
from rectrack.imports.tests.test_commands import run_import
from rectrack.imports.tests.test_tabular import xlsx_bytes
from rectrack.institutions.models import Institution
from rectrack.recommendations.models import Document, Recommendation

pytestmark = pytest.mark.django_db
UPLOAD = reverse("imports:upload")
HEADERS = ["No.", "Recommendation", "Responsible ministry", "Supporting", "Status"]
MATRIX = [
    HEADERS,
    [
        "1",
        "Criminalise torture in line with article 1",
        "Ministry of Justice",
        "MOH; OMB",
        "Supported",
    ],
    [
        "2",
        "Investigate deaths in custody",
        "moj",
        "Ministry of Health, Ministere de l'Education",
        "",
    ],
    ["3", "Train prison doctors on the Istanbul Protocol", "  MINISTRY  OF   HEALTH ", "", "Noted"],
    ["4", "Close unofficial places of detention", "Ministry of Magic", "MOJ", "Supported"],
    ["5", "Compensate victims", "Ministry of Justice", "Ministry of Magic\nDept. of Mysteries", ""],
]
MAPPING = {
    "reference": "No.",
    "text": "Recommendation",
    "lead_institution": "Responsible ministry",
    "supporting_institutions": "Supporting",
    "position": "Status",
    "fixed:mechanism": "CAT",
    "fixed:country": "Valdoria",
    "fixed:document": "CAT/C/VAL/CO/1",
    "fixed:date": "2024-05-01",
    "fixed:type": "observation",
}


@pytest.fixture
def ministries(db) -> dict[str, Institution]:
    names = {
        "MOJ": "Ministry of Justice",
        "MOH": "Ministry of Health",
        "MOE": "Ministère de l'Éducation",
        "OMB": "Ombudsman's Office",
    }
    return {code: Institution.objects.create(code=code, name=name) for code, name in names.items()}


def assignments_by_reference() -> dict[str, dict[str, list[str]]]:
    found: dict[str, dict[str, list[str]]] = {}
    for assignment in Assignment.objects.select_related("recommendation", "institution"):
        roles = found.setdefault(assignment.recommendation.reference, {})
        roles.setdefault(assignment.role, []).append(assignment.institution.name)
    return {
        ref: {role: sorted(names) for role, names in roles.items()} for ref, roles in found.items()
    }


EXPECTED = {
    "1": {
        "lead": ["Ministry of Justice"],
        "supporting": ["Ministry of Health", "Ombudsman's Office"],
    },
    "2": {
        "lead": ["Ministry of Justice"],
        "supporting": ["Ministry of Health", "Ministère de l'Éducation"],
    },
    "3": {"lead": ["Ministry of Health"]},
    "4": {"supporting": ["Ministry of Justice"]},
    "5": {"lead": ["Ministry of Justice"]},
}


def import_matrix(user, *, rows=MATRIX, mapping=MAPPING, **options):
    return import_file(
        data=xlsx_bytes(rows),
        file_name="matrix.xlsx",
        format="table",
        mapping=mapping,
        user=user,
        **options,
    )


def test_a_ministry_matrix_lands_in_one_document_with_its_assignments(coordinator, ministries):
    report = import_matrix(coordinator)

    assert report.written and report.created == 5 and report.errors == []
    document = Document.objects.get()
    assert document.symbol == "CAT/C/VAL/CO/1"
    assert (document.mechanism.code, document.country.name) == ("CAT", "Valdoria")
    assert document.date == datetime.date(2024, 5, 1)
    recommendations = Recommendation.objects.order_by("reference")
    assert [r.reference for r in recommendations] == ["1", "2", "3", "4", "5"]
    assert {r.document_id for r in recommendations} == {document.pk}
    assert {r.type for r in recommendations} == {Recommendation.Type.OBSERVATION}
    assert [r.position for r in recommendations] == ["supported", "", "noted", "supported", ""]
    assert assignments_by_reference() == EXPECTED
    assert report.institutions["assigned"] == 9
    assert report.institutions["matched"] == {
        "Ministry of Justice": 4,
        "Ministry of Health": 3,
        "Ombudsman's Office": 1,
        "Ministère de l'Éducation": 1,
    }
    # Unknown ministries are listed with their rows, never created.
    assert report.institutions["unknown"] == {
        "Ministry of Magic": {"count": 2, "rows": ["row 5", "row 6"]},
        "Dept. of Mysteries": {"count": 1, "rows": ["row 6"]},
    }
    assert Institution.objects.count() == 4
    assert not Institution.objects.filter(name__icontains="magic").exists()
    run = ImportRun.objects.get()
    assert run.report["institutions"]["assigned"] == 9


def test_importing_the_matrix_again_assigns_nothing_twice(coordinator, ministries):
    import_matrix(coordinator)
    again = import_matrix(coordinator)

    assert (again.created, again.unchanged) == (0, 5)
    assert again.institutions["assigned"] == 0
    assert Assignment.objects.count() == 9
    assert assignments_by_reference() == EXPECTED


def test_a_dry_run_lists_the_institutions_and_assigns_nothing(coordinator, ministries):
    report = import_matrix(coordinator, dry_run=True)

    assert report.dry_run and not report.written and report.created == 5
    assert report.institutions["assigned"] == 9
    assert sorted(report.institutions["unknown"]) == ["Dept. of Mysteries", "Ministry of Magic"]
    assert Assignment.objects.count() == 0 and Recommendation.objects.count() == 0


def test_a_recommendation_with_another_lead_keeps_it_and_the_report_says_so(
    coordinator, ministries
):
    import_matrix(coordinator)
    first = Recommendation.objects.get(reference="1")
    assignment_set(
        recommendation=first, institution=ministries["OMB"], role="lead", user=coordinator
    )

    report = import_matrix(coordinator)

    assert report.institutions["leads_kept"] == [
        {
            "row": "row 2",
            "reference": "1",
            "kept": "Ombudsman's Office",
            "given": "Ministry of Justice",
        }
    ]
    lead = first.assignments.get(role="lead")
    assert lead.institution.name == "Ombudsman's Office"
    # The lead the file names is not slipped in as supporting either: it stays as it was.
    assert sorted(first.assignments.values_list("institution__code", "role")) == [
        ("MOH", "supporting"),
        ("MOJ", "supporting"),
        ("OMB", "lead"),
    ]


def test_assigning_institutions_needs_a_coordinator(ministries):
    report = import_matrix(None)

    assert not report.written
    assert "only a coordinator may do" in report.errors[0].message
    assert "matrix.xlsx" in report.errors[0].message
    assert Recommendation.objects.count() == 0 and Assignment.objects.count() == 0


def test_a_fixed_date_that_is_no_date_is_one_message_naming_the_field(coordinator):
    report = import_matrix(coordinator, mapping={**MAPPING, "fixed:date": "2024-13-45"})

    assert not report.written and len(report.errors) == 1
    assert report.errors[0].message == (
        "matrix.xlsx: the fixed value for date cannot be used: Not a date: '2024-13-45'."
    )
    assert Recommendation.objects.count() == 0


def test_a_paragraph_given_twice_with_two_leads_is_an_error_naming_the_field(coordinator):
    again = ["1", MATRIX[1][1], "Ministry of Health", "MOH; OMB", "Supported"]
    report = import_matrix(coordinator, rows=[*MATRIX, again])

    assert not report.written
    assert [issue.message for issue in report.errors] == [
        "row 7 has the same identity as row 2 but different lead institution."
    ]
    assert Recommendation.objects.count() == 0


def test_a_filled_cell_wins_over_the_fixed_value():
    rows = [["Text", "State", "Body"], ["Do a", "Ruritania", ""], ["Do b", "", "CRC"]]
    mapping = {"text": "Text", "country": "State", "mechanism": "Body"}
    fixed = {"fixed:country": "Valdoria", "fixed:mechanism": "CAT", "fixed:session": "34"}

    result = TableParser().parse(xlsx_bytes(rows), "t.xlsx", mapping={**mapping, **fixed})

    assert [(r.country, r.mechanism, r.session) for r in result.rows] == [
        ("Ruritania", "CAT", 34),
        ("Valdoria", "CRC", 34),
    ]


def test_fixed_values_only_for_fields_a_whole_file_shares():
    data = xlsx_bytes([["Text"], ["Do a"]])
    with pytest.raises(FileError, match="no fixed value can be given for reference, text"):
        TableParser().parse(
            data, "t.xlsx", mapping={"text": "Text", "fixed:text": "x", "fixed:reference": "1"}
        )


def test_institutions_match_whatever_their_case_accents_and_spacing():
    assert institution_key("  MINISTÈRE de l’éducation ") == institution_key(
        "Ministere de l'Education"
    )
    assert institution_key("Ministry of Health") != institution_key("Ministry of Justice")


def test_files_with_the_same_headers_share_a_signature_in_any_order_and_case():
    assert headers_signature(HEADERS) == headers_signature(
        ["status", "  Recommendation", "no.", "Supporting", "Responsible  Ministry"]
    )
    assert headers_signature(HEADERS) != headers_signature([*HEADERS, "Deadline"])
    assert headers_signature(["", " "]) == ""


# -- the import command ------------------------------------------------------------------------
def command_args(path) -> list[str]:
    columns = {key: value for key, value in MAPPING.items() if not key.startswith("fixed:")}
    return [
        str(path),
        "--format",
        "table",
        "--map",
        ",".join(f"{field}={column}" for field, column in columns.items()),
        "--set",
        "mechanism=CAT",
        "--set",
        "country=Valdoria",
        "--set",
        "document=CAT/C/VAL/CO/1",
        "--set",
        "date=2024-05-01",
        "--set",
        "document_title=Concluding observations, first report",
    ]


def test_the_command_sets_fixed_values_and_assigns_as_the_user_named(
    capsys, tmp_path, coordinator, ministries
):
    path = tmp_path / "matrix.xlsx"
    path.write_bytes(xlsx_bytes(MATRIX))

    code, out, _err = run_import(
        capsys, *command_args(path), "--user", coordinator.username, "--json"
    )

    assert code == 0
    report = json.loads(out)
    assert report["created"] == 5 and report["institutions"]["assigned"] == 9
    assert sorted(report["institutions"]["unknown"]) == ["Dept. of Mysteries", "Ministry of Magic"]
    document = Document.objects.get()
    assert (document.symbol, document.country.name, document.date) == (
        "CAT/C/VAL/CO/1",
        "Valdoria",
        datetime.date(2024, 5, 1),
    )
    assert document.title == "Concluding observations, first report"
    assert ImportRun.objects.get().user == coordinator
    assert assignments_by_reference() == EXPECTED


def test_the_command_prints_the_institutions_and_without_a_user_assigns_nothing(
    capsys, tmp_path, coordinator, ministries
):
    path = tmp_path / "matrix.xlsx"
    path.write_bytes(xlsx_bytes(MATRIX))

    code, out, _err = run_import(
        capsys, *command_args(path), "--user", coordinator.username, "--dry-run"
    )
    assert code == 0
    assert "institutions: 9 assignments would be made (Ministry of Justice: 4;" in out
    assert "unknown institution 'Ministry of Magic', not created nor assigned: row 5, row 6" in out

    code, _out, err = run_import(capsys, *command_args(path))
    assert code == 1
    assert "only a coordinator may do" in err
    assert Recommendation.objects.count() == 0


def test_the_command_refuses_bad_fixed_values_and_unknown_saved_mappings(capsys, tmp_path):
    path = tmp_path / "matrix.xlsx"
    path.write_bytes(xlsx_bytes(MATRIX))
    with pytest.raises(Exception, match="no fixed value can be given for text"):
        run_import(capsys, str(path), "--format", "table", "--set", "text=x")
    with pytest.raises(Exception, match="--set takes one field=value pair"):
        run_import(capsys, str(path), "--format", "table", "--set", "date")
    with pytest.raises(Exception, match="no saved column mapping is named 'Nope'"):
        run_import(capsys, str(path), "--mapping", "Nope")
    with pytest.raises(Exception, match="no active user is named 'nobody'"):
        run_import(capsys, str(path), "--user", "nobody")
    code, _out, err = run_import(capsys, *command_args(path), "--set", "date=May the first")
    assert code == 1
    assert "the fixed value for date cannot be used: Not a date: 'May the first'." in err


def test_the_command_uses_a_saved_mapping_with_its_fixed_values(
    capsys, tmp_path, coordinator, ministries
):
    ColumnMapping.objects.create(name="CAT matrix", mapping=MAPPING)
    path = tmp_path / "matrix.xlsx"
    path.write_bytes(xlsx_bytes(MATRIX))

    code, out, _err = run_import(
        capsys,
        str(path),
        "--mapping",
        "CAT matrix",
        "--format",
        "table",
        "--set",
        "document=CAT/C/VAL/CO/2",
        "--user",
        coordinator.username,
        "--json",
    )

    assert code == 0 and json.loads(out)["created"] == 5
    assert Document.objects.get().symbol == "CAT/C/VAL/CO/2"  # --set adds to the saved one
    assert Document.objects.get().mechanism.code == "CAT"


# -- the web mapping step ----------------------------------------------------------------------
@pytest.fixture
def _imports_in_the_request(settings, tmp_path):
    settings.RECTRACK_IMPORTS_IN_BACKGROUND = False
    settings.VAR_DIR = tmp_path


MAPPING_FORM = {
    "map_reference": "No.",
    "map_text": "Recommendation",
    "map_lead_institution": "Responsible ministry",
    "map_supporting_institutions": "Supporting",
    "map_position": "Status",
    "fixed_mechanism": "CAT",
    "fixed_country": "Valdoria",
    "fixed_document": "CAT/C/VAL/CO/1",
    "fixed_date": "2024-05-01",
    "fixed_type": "observation",
    "name": "Valdoria CAT matrix",
}


def upload(client, rows=MATRIX, name="matrix.xlsx") -> ImportRun:
    client.post(UPLOAD, {"file": SimpleUploadedFile(name, xlsx_bytes(rows)), "format": "auto"})
    return ImportRun.objects.order_by("-pk").first()


@pytest.mark.usefixtures("_imports_in_the_request")
def test_web_mapping_with_fixed_values_previews_confirms_and_is_offered_again(
    client, coordinator, ministries
):
    client.force_login(coordinator)
    run = upload(client)
    html = client.get(reverse("imports:detail", args=[run.pk])).content.decode()
    assert "Values for the whole file" in html
    assert 'name="fixed_date"' in html and 'type="date"' in html
    assert '<option value="CAT">' in html  # the mechanisms offered
    assert "was saved for files with these headers" not in html

    response = client.post(reverse("imports:mapping", args=[run.pk]), MAPPING_FORM)
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == ImportRun.Status.PREVIEWED and run.report["created"] == 5
    html = client.get(reverse("imports:detail", args=[run.pk])).content.decode()
    assert '<dt>Document symbol of every row</dt><dd dir="auto">CAT/C/VAL/CO/1</dd>' in html
    assert '<dt>State under review of every row</dt><dd dir="auto">Valdoria</dd>' in html
    assert '<dt>Type of every row</dt><dd dir="auto">Concluding observation or concern</dd>' in html
    assert "9 assignments would be made." in html
    assert "<bdi>Ministry of Justice</bdi>: 4 rows" in html
    assert "<bdi>Ministry of Magic</bdi>: row 5, row 6" in html
    assert Assignment.objects.count() == 0
    # Under the preview the mapping can still be changed: the form holds the run's own.
    assert "Change the column mapping" in html
    assert 'name="fixed_document" value="CAT/C/VAL/CO/1"' in html

    client.post(reverse("imports:confirm", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportRun.Status.SUCCEEDED
    assert Document.objects.get().symbol == "CAT/C/VAL/CO/1"
    assert assignments_by_reference() == EXPECTED
    html = client.get(reverse("imports:detail", args=[run.pk])).content.decode()
    assert "9 assignments were made." in html
    saved = ColumnMapping.objects.get()
    assert saved.name == "Valdoria CAT matrix" and saved.headers == HEADERS
    assert saved.mapping == {key: value for key, value in MAPPING.items()}

    # A second matrix with the same headers (other case and order) is offered that mapping.
    second = [["STATUS", "no.", "Recommendation", "Responsible Ministry", "Supporting"]]
    second.append(["Supported", "6", "Ratify the Optional Protocol", "MOJ", ""])
    run = upload(client, second, "matrix-2025.xlsx")
    html = client.get(reverse("imports:detail", args=[run.pk])).content.decode()
    assert (
        "The mapping “<bdi>Valdoria CAT matrix</bdi>” was saved for files with these headers"
        in html
    )
    assert '<option value="Recommendation" selected>' in html
    assert 'name="fixed_document" value="CAT/C/VAL/CO/1"' in html
    assert 'name="fixed_date" value="2024-05-01"' in html


@pytest.mark.usefixtures("_imports_in_the_request")
def test_web_mapping_refuses_a_date_that_is_no_date(client, coordinator):
    client.force_login(coordinator)
    run = upload(client)
    response = client.post(
        reverse("imports:mapping", args=[run.pk]), {**MAPPING_FORM, "fixed_date": "2024-13-45"}
    )
    assert response.status_code == 400
    assert "Enter a valid date." in response.content.decode()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED and not ColumnMapping.objects.exists()


@pytest.mark.usefixtures("_imports_in_the_request")
@pytest.mark.parametrize("persona", ["viewer", "focal_point"])
def test_only_coordinators_may_map_and_import(client, coordinator, ministries, persona, request):
    client.force_login(coordinator)
    run = upload(client)
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("imports:detail", args=[run.pk])).status_code == 403
    response = client.post(reverse("imports:mapping", args=[run.pk]), MAPPING_FORM)
    assert response.status_code == 403
    assert client.post(reverse("imports:confirm", args=[run.pk])).status_code == 403
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED and run.options["mapping"] == {}
    assert not ColumnMapping.objects.exists()
    assert Recommendation.objects.count() == 0 and Assignment.objects.count() == 0
