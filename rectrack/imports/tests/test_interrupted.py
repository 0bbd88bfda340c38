"""An import whose process stops (killed, or the server restarted) is found interrupted once
its heartbeat is older than RECTRACK_IMPORT_HEARTBEAT_SECONDS: nothing written, its progress
cleared, and an uploaded file can be imported again."""

import contextlib
import datetime
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from rectrack.conftest import subprocess_environment
from rectrack.imports.background import Heartbeat, heartbeat_path
from rectrack.imports.models import ImportRun
from rectrack.imports.selectors import import_progress
from rectrack.imports.services import import_retry, import_runs_mark_interrupted
from rectrack.imports.tests.test_duplicates import ROWS, upr_info
from rectrack.recommendations.models import Recommendation

# Run in a process of its own: the import writes its rows, then hangs inside its transaction
# until it is killed. "command" runs `rectrack import FILE`; "upload" stores the file as the
# web upload does and previews it in the request (as a server would, until it restarts);
# "worker" has the upload queued, and runs it as `rectrack worker` does.
HANGING_IMPORT = """
import os, sys, time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rectrack.settings")
import django

django.setup()
from rectrack.imports.services import import_upload, importing

mode, path, marker = sys.argv[1:4]
write_rows = importing.write_rows


def write_then_hang(resolved, **options):
    counts = write_rows(resolved, **options)
    Path(marker).write_text("rows written, not committed")
    time.sleep(600)
    return counts


importing.write_rows = write_then_hang
if mode == "command":
    from rectrack.cli import main

    main(["rectrack", "import", path])
elif mode == "worker":
    from django.core.management import call_command

    import_upload(data=Path(path).read_bytes(), file_name=Path(path).name, user=None)
    call_command("worker", batch=True)
else:
    import_upload(data=Path(path).read_bytes(), file_name=Path(path).name, user=None)
"""


@contextlib.contextmanager
def database_for_a_subprocess(tmp_path: Path):
    """The URL of this test's database for another process. PostgreSQL's test database is
    there to connect to; SQLite's is in this process's memory, so it is copied to a file for
    the other process, and what that process left is copied back afterwards."""
    database = connection.settings_dict
    if connection.vendor == "postgresql":
        password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
        server = f"{database['USER']}{password}@{database['HOST']}:{database['PORT']}"
        yield f"postgres://{server}/{database['NAME']}"
        return
    connection.ensure_connection()
    path = tmp_path / "shared.sqlite3"
    with contextlib.closing(sqlite3.connect(path)) as copy:
        connection.connection.backup(copy)
    yield f"sqlite:///{path}"
    with contextlib.closing(sqlite3.connect(path)) as copy:
        copy.backup(connection.connection)


def kill_midway(tmp_path: Path, mode: str, database_url: str) -> None:
    """Start the hanging import, wait until it has written its rows, kill it (SIGKILL)."""
    upload = tmp_path / "upr-info.csv"
    upload.write_bytes(upr_info(ROWS))
    marker = tmp_path / "written"
    environment = subprocess_environment(
        RECTRACK_VAR_DIR=str(tmp_path),
        RECTRACK_CACHE_DIR=str(tmp_path / "cache"),
        RECTRACK_DATABASE_URL=database_url,
        RECTRACK_IMPORTS_IN_BACKGROUND="1" if mode == "worker" else "0",
    )
    process = subprocess.Popen(
        [sys.executable, "-c", HANGING_IMPORT, mode, str(upload), str(marker)],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), process.communicate(timeout=5)
        assert list((tmp_path / "imports").glob("*.heartbeat")), "no heartbeat while it ran"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL


@pytest.fixture
def short_heartbeat(settings, tmp_path):
    settings.RECTRACK_IMPORT_HEARTBEAT_SECONDS = 1
    settings.RECTRACK_IMPORTS_IN_BACKGROUND = False
    settings.VAR_DIR = tmp_path


def wait_past_the_heartbeat_age() -> None:
    time.sleep(1.5)


@pytest.mark.django_db(transaction=True)
def test_killed_command_import_is_found_interrupted_with_nothing_written(
    client, coordinator, short_heartbeat, tmp_path
):
    with database_for_a_subprocess(tmp_path) as url:
        kill_midway(tmp_path, "command", url)
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.RUNNING  # nothing has looked yet
    wait_past_the_heartbeat_age()

    client.force_login(coordinator)
    listed = client.get(reverse("imports:list")).content.decode()
    html = client.get(reverse("imports:detail", args=[run.pk])).content.decode()

    run.refresh_from_db()
    assert run.status == ImportRun.Status.INTERRUPTED
    assert run.error == "upr-info.csv: the import was interrupted (its process stopped)."
    assert run.finished_at is not None
    assert Recommendation.objects.count() == 0  # written, never committed
    assert list((tmp_path / "imports").glob("*.heartbeat")) == []
    assert "<td>Interrupted</td>" in listed
    assert "This import was interrupted (its process stopped)" in html
    assert "run the command again" in html
    assert "Import again" not in html and "Working" not in html


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("process", ["upload", "worker"])  # the request's, the task worker's
def test_upload_interrupted_by_a_server_restart_is_imported_again(
    client, coordinator, short_heartbeat, tmp_path, process
):
    with database_for_a_subprocess(tmp_path) as url:
        kill_midway(tmp_path, process, url)
    wait_past_the_heartbeat_age()
    run = ImportRun.objects.get()
    client.force_login(coordinator)

    html = client.get(reverse("imports:detail", args=[run.pk])).content.decode()

    assert "This import was interrupted (its process stopped)" in html
    assert "Import again</button>" in html
    assert reverse("imports:retry", args=[run.pk]) in html
    response = client.post(reverse("imports:retry", args=[run.pk]))
    assert response.status_code == 302
    run.refresh_from_db()
    assert (run.status, run.report["created"], run.error) == (ImportRun.Status.PREVIEWED, 5, "")
    assert Recommendation.objects.count() == 0  # a preview again, as after the upload
    client.post(reverse("imports:confirm", args=[run.pk]))
    run.refresh_from_db()
    assert (run.status, run.created) == (ImportRun.Status.SUCCEEDED, 5)
    assert Recommendation.objects.count() == 5


# -- in this process ------------------------------------------------------------------------


def quiet_run(**fields) -> ImportRun:
    """A running import whose row has given no sign of life for ten minutes."""
    run = ImportRun.objects.create(file_name="upr-info.csv", format="upr-info", **fields)
    past = timezone.now() - datetime.timedelta(minutes=10)
    ImportRun.objects.filter(pk=run.pk).update(heartbeat_at=past, updated_at=past)
    run.refresh_from_db()
    return run


@pytest.mark.django_db
def test_a_live_heartbeat_keeps_a_quiet_run_running(short_heartbeat):
    run = quiet_run()
    heartbeat = Heartbeat()
    ImportRun.objects.filter(pk=run.pk).update(worker=heartbeat.token)

    with heartbeat.beating(run_id=run.pk):
        assert import_runs_mark_interrupted() == []
        run.refresh_from_db()
        assert run.status == ImportRun.Status.RUNNING
    found = import_runs_mark_interrupted()

    assert [interrupted.pk for interrupted in found] == [run.pk]
    run.refresh_from_db()
    assert run.status == ImportRun.Status.INTERRUPTED


@pytest.mark.django_db
def test_progress_is_the_current_process_and_is_cleared_when_interrupted(
    client, coordinator, short_heartbeat, settings
):
    settings.RECTRACK_IMPORT_HEARTBEAT_SECONDS = 60  # however slow the first page is
    run = quiet_run(worker="current")
    earlier = heartbeat_path(run.pk, "earlier")
    earlier.write_text('{"at": 0, "progress": [6000, 6094]}')
    current = heartbeat_path(run.pk, "current")
    current.write_text(f'{{"at": {time.time()}, "progress": [3, 5]}}')
    client.force_login(coordinator)

    html = client.get(reverse("imports:detail", args=[run.pk])).content.decode()

    assert import_progress(run=run) == (3, 5)
    assert "Working: 3 of 5 rows." in html and "6000" not in html
    current.write_text('{"at": 0, "progress": [4, 5]}')  # its process stopped there
    html = client.get(reverse("imports:detail", args=[run.pk])).content.decode()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.INTERRUPTED
    assert import_progress(run=run) is None
    assert not current.exists()
    assert "Working" not in html and "Interrupted" in html


@pytest.mark.django_db
def test_the_import_command_finds_interrupted_runs(capsys, short_heartbeat, tmp_path):
    run = quiet_run()
    path = tmp_path / "upr-info.csv"
    path.write_bytes(upr_info(ROWS))

    call_command("import", str(path))
    out, err = capsys.readouterr()

    run.refresh_from_db()
    assert run.status == ImportRun.Status.INTERRUPTED
    assert "upr-info.csv: the import was interrupted (its process stopped)." in err
    assert "5 were created" in out


@pytest.mark.django_db
def test_only_an_interrupted_upload_can_be_imported_again(short_heartbeat):
    from rectrack.core.errors import ApplicationError

    command_run = quiet_run(status=ImportRun.Status.INTERRUPTED)
    finished = quiet_run(status=ImportRun.Status.SUCCEEDED, stored_file="gone.upload")

    with pytest.raises(ApplicationError, match="run the command again"):
        import_retry(run=command_run)
    with pytest.raises(ApplicationError, match="Only an interrupted import"):
        import_retry(run=finished)
    assert ImportRun.objects.get(pk=finished.pk).status == ImportRun.Status.SUCCEEDED


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["viewer", "focal_point"])
def test_only_coordinators_may_import_again(client, persona, request, short_heartbeat):
    run = quiet_run(status=ImportRun.Status.INTERRUPTED, stored_file="kept.upload")
    client.force_login(request.getfixturevalue(persona))

    response = client.post(reverse("imports:retry", args=[run.pk]))

    assert response.status_code in (403, 404)
    assert ImportRun.objects.get(pk=run.pk).status == ImportRun.Status.INTERRUPTED
