"""Imports at the same time: two that create the same new State, theme, group or document
both succeed with one row of each; an unexpected error fails its own file only, and a failed
run never claims what it did not write."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import OperationalError, connection
from django.urls import reverse

from rectrack.conftest import reference_data
from rectrack.imports import matching
from rectrack.imports.models import ColumnMapping, ImportRun
from rectrack.imports.services import import_file
from rectrack.imports.services import importing as services
from rectrack.imports.tests.test_services import MAPPING, ROWS, table
from rectrack.imports.tests.test_tabular import csv_bytes
from rectrack.recommendations.models import (
    AffectedGroup,
    Country,
    Document,
    Mechanism,
    Recommendation,
    Theme,
)
from rectrack.recommendations.services import (
    affected_group_create,
    country_create,
    document_get_or_create,
    mechanism_get_or_create,
    theme_create,
)

# A table naming a new State under review, recommending State, theme, affected group and two
# new documents (one known by its symbol, one by its session): what both files share.
COLUMNS = ["Text", "No.", "Body", "Symbol", "State", "Session", "Cycle", "Themes", "Groups"]
COLUMNS += ["From"]
RACE_MAPPING = {
    "text": "Text",
    "reference": "No.",
    "mechanism": "Body",
    "document": "Symbol",
    "country": "State",
    "session": "Session",
    "cycle": "Cycle",
    "themes": "Themes",
    "affected_groups": "Groups",
    "recommending_states": "From",
}
SHARED = ["Zembla", "45", "4", "Rights of lighthouse keepers", "Lighthouse keepers", "Freedonia"]


def race_file(texts: list[str], reference: str) -> bytes:
    rows = [
        [texts[0], "", "UPR", "", *SHARED],
        [texts[1], reference, "UPR", "A/HRC/99/1", *SHARED],
    ]
    return csv_bytes([COLUMNS, *rows])


def import_race_file(name: str, texts: list[str], reference: str):
    data = race_file(texts, reference)
    return import_file(data=data, file_name=name, format="table", mapping=RACE_MAPPING)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets one import write at a time: there is no race to lose",
)
@pytest.mark.django_db(transaction=True)
def test_two_imports_creating_the_same_new_entries_at_once_both_succeed(monkeypatch):
    """The first import pauses, uncommitted, just after creating the State, until the second
    has read every known name (so it knows none of the first's): the second then creates
    each of them too, waits for the first to commit, and takes the first's rows."""
    reference_data()
    first_created, second_ready = threading.Event(), threading.Event()
    real_country_create, real_init = matching.country_create, matching.Matcher.__init__

    def country_create_then_pause(**kwargs):
        country = real_country_create(**kwargs)
        if threading.current_thread().name == "first" and not first_created.is_set():
            first_created.set()
            assert second_ready.wait(30), "the second import never started"
        return country

    def init_then_signal(self, **kwargs):
        real_init(self, **kwargs)
        if threading.current_thread().name == "second":
            second_ready.set()

    monkeypatch.setattr(matching, "country_create", country_create_then_pause)
    monkeypatch.setattr(matching.Matcher, "__init__", init_then_signal)
    reports, failures = {}, {}

    def run(name: str, texts: list[str], reference: str, after: threading.Event | None) -> None:
        try:
            if after is not None:
                assert after.wait(30), "the first import never created its State"
            reports[name] = import_race_file(f"{name}.csv", texts, reference)
        except Exception as error:  # reported by the test below, not lost in the thread
            failures[name] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=run,
            name="first",
            args=("first", ["Protect keepers.", "Light the way."], "3", None),
        ),
        threading.Thread(
            target=run,
            name="second",
            args=("second", ["Pay keepers.", "Keep the lamps lit."], "4", first_created),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert failures == {}
    assert {name: (r.written, r.created, r.errors) for name, r in reports.items()} == {
        "first": (True, 2, []),
        "second": (True, 2, []),
    }
    assert Country.objects.filter(name="Zembla").count() == 1
    assert Country.objects.filter(name="Freedonia").count() == 1
    assert Theme.objects.filter(name="Rights of lighthouse keepers").count() == 1
    assert AffectedGroup.objects.filter(name="Lighthouse keepers").count() == 1
    # One UPR review, named by its session in one row and by its symbol in the other: one
    # document, whichever import came first, holding the four recommendations.
    review = Document.objects.get(country__name="Zembla")
    assert (review.symbol, review.session) == ("A/HRC/99/1", 45)
    assert review.recommendations.count() == 4
    assert Recommendation.objects.count() == 4
    assert set(ImportRun.objects.values_list("status", flat=True)) == {"succeeded"}


# -- on every database ---------------------------------------------------------------------


@pytest.mark.django_db
def test_creating_an_entry_another_import_has_just_created_returns_that_one():
    """What the losing side of the race meets: the row is there although this import's
    memory said it was new (known_new). The refused insert leaves the transaction usable."""
    state = country_create(name="Zembla")
    theme = theme_create(name="Rights of lighthouse keepers")
    group = affected_group_create(name="Lighthouse keepers")

    assert country_create(name=" zembla ", known_new=True) == state
    assert theme_create(name="Rights of Lighthouse Keepers", known_new=True) == theme
    assert affected_group_create(name="lighthouse keepers", known_new=True) == group
    assert Country.objects.filter(key=state.key).count() == 1
    assert Theme.objects.filter(key=theme.key).count() == 1
    assert AffectedGroup.objects.filter(key=group.key).count() == 1


@pytest.mark.django_db
def test_documents_and_mechanisms_are_created_once_per_key():
    mechanism = mechanism_get_or_create(code="SRLK", name="SR on lighthouses", kind="other")
    state = country_create(name="Zembla")

    symbol, created = document_get_or_create(mechanism=mechanism, country=state, symbol="X/1")
    again, created_again = document_get_or_create(mechanism=mechanism, country=None, symbol="X/1")
    review, _ = document_get_or_create(mechanism=mechanism, country=state, session=45, cycle=4)
    same_review, review_created = document_get_or_create(
        mechanism=mechanism, country=state, session=45, cycle=4
    )

    assert (created, created_again, review_created) == (True, False, False)
    assert again == symbol and same_review == review and review != symbol
    assert mechanism_get_or_create(code="SRLK", name="other name", kind="other") == mechanism
    assert Mechanism.objects.filter(code="SRLK").count() == 1
    assert Document.objects.filter(mechanism=mechanism).count() == 2


@pytest.mark.django_db
def test_a_upr_review_is_found_by_its_session_or_its_symbol_whatever_the_other_names():
    """What the import that waited for the other's commit meets: the review it would create
    exists, under the symbol (A/HRC/28/15: session 20, by the calendar) or the session the
    other import gave it."""
    upr = Mechanism.objects.get(code="UPR")
    state = country_create(name="Zembla")
    by_symbol, _ = document_get_or_create(mechanism=upr, country=state, symbol="A/HRC/28/15")
    by_session, _ = document_get_or_create(mechanism=upr, country=state, session=34, cycle=3)

    found, created = document_get_or_create(
        mechanism=upr, country=state, session=20, cycle=2, upr_review=True
    )
    again, again_created = document_get_or_create(
        mechanism=upr, country=state, symbol="A/HRC/43/15", session=34, upr_review=True
    )
    other, other_created = document_get_or_create(
        mechanism=upr, country=state, session=41, upr_review=True
    )

    assert (found, created) == (by_symbol, False)
    assert (again, again_created) == (by_session, False)
    assert other_created and other.session == 41
    assert Document.objects.filter(mechanism=upr, country=state).count() == 3


def fail_second_file(monkeypatch):
    """write_rows writes the second file's rows, then fails as a bug would."""
    real_write_rows = services.write_rows

    def write_then_fail(resolved, *, run, **kwargs):
        counts = real_write_rows(resolved, run=run, **kwargs)
        if run.file_name == "second.csv":
            raise RuntimeError("disk on fire")
        return counts

    monkeypatch.setattr(services, "write_rows", write_then_fail)


@pytest.mark.django_db
def test_command_fails_the_file_with_an_unexpected_error_and_imports_the_next(
    capsys, monkeypatch, tmp_path
):
    fail_second_file(monkeypatch)
    names = ["first.csv", "second.csv", "third.csv"]
    for name, rows in zip(names, [ROWS[:1], ROWS[1:2], ROWS[2:]], strict=True):
        (tmp_path / name).write_bytes(table(rows))
    mapping = ",".join(f"{field}={column}" for field, column in MAPPING.items())

    with pytest.raises(SystemExit) as exit:
        call_command(
            "import",
            *(str(tmp_path / name) for name in names),
            "--format",
            "table",
            "--map",
            mapping,
        )
    out, err = capsys.readouterr()

    assert exit.value.code == 1
    runs = {run.file_name: run for run in ImportRun.objects.all()}
    assert {name: runs[name].status for name in names} == {
        "first.csv": ImportRun.Status.SUCCEEDED,
        "second.csv": ImportRun.Status.FAILED,
        "third.csv": ImportRun.Status.SUCCEEDED,
    }
    failed = runs["second.csv"]
    assert failed.error == "second.csv: unexpected error: disk on fire"
    assert (failed.created, failed.report["created"], failed.report["written"]) == (0, 0, False)
    assert failed.report["errors"] == [{"row": "", "column": "", "message": failed.error}]
    assert "second.csv: unexpected error: disk on fire" in err
    assert "first.csv (table): 1 rows; 1 were created" in out
    assert "third.csv (table): 1 rows; 1 were created" in out
    assert sorted(Recommendation.objects.values_list("reference", flat=True)) == ["12", "134.1"]


@pytest.mark.django_db
def test_failed_web_import_claims_nothing_created(
    client, coordinator, monkeypatch, settings, tmp_path
):
    settings.RECTRACK_IMPORTS_IN_BACKGROUND = False
    settings.VAR_DIR = tmp_path
    client.force_login(coordinator)
    saved = ColumnMapping.objects.create(name="Matrix", mapping=MAPPING)
    upload = SimpleUploadedFile("second.csv", table(ROWS))
    client.post(
        reverse("imports:upload"), {"file": upload, "format": "table", "saved_mapping": saved.pk}
    )
    run = ImportRun.objects.get()
    assert (run.status, run.report["created"]) == (ImportRun.Status.PREVIEWED, 3)
    fail_second_file(monkeypatch)

    with pytest.raises(RuntimeError):
        client.post(reverse("imports:confirm", args=[run.pk]))

    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED
    assert run.error == "second.csv: unexpected error: disk on fire"
    assert (run.created, run.report["created"], run.report["rows"]) == (0, 0, 0)
    html = client.get(reverse("imports:detail", args=[run.pk])).content.decode()
    assert "Not imported" in html and "second.csv: unexpected error: disk on fire" in html
    assert "Would be created</dt><dd>0</dd>" in html and "Import the valid rows" not in html
    assert not Recommendation.objects.exists()


class Deadlock(Exception):
    """What psycopg raises when PostgreSQL chose this transaction as a deadlock's victim."""

    sqlstate = "40P01"


@pytest.mark.django_db
def test_an_import_rolled_back_by_a_deadlock_runs_again_and_counts_once(monkeypatch):
    """Two imports waiting on each other's new rows: PostgreSQL rolls one back; it is run
    again from the start, its report counting each row once."""
    real_import_rows, attempts = services._import_rows, []

    def deadlock_the_first_time(rows, **options):
        real_import_rows(rows, **options)
        attempts.append(options["report"].created)
        if len(attempts) == 1:
            raise OperationalError("deadlock detected") from Deadlock()

    monkeypatch.setattr(services, "_import_rows", deadlock_the_first_time)

    report = import_file(data=table(ROWS), file_name="m.csv", format="table", mapping=MAPPING)

    assert attempts == [3, 3]
    assert (report.written, report.created, report.errors) == (True, 3, [])
    assert sum(report.by_position.values()) == 3
    assert Recommendation.objects.count() == 3
    assert Document.objects.filter(symbol="CEDAW/C/VLD/CO/8").count() == 1
    assert ImportRun.objects.get().status == ImportRun.Status.SUCCEEDED
