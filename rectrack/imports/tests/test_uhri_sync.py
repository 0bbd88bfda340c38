"""`rectrack uhri-sync --state CODE [--url URL]`: UHRI's full export downloaded from a local
HTTP server serving a generated file, one State's records imported, idempotently."""

import functools
import http.server
import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rectrack.imports.models import ImportRun
from rectrack.imports.tests.uhri_factory import write_uhri_json
from rectrack.imports.uhri_sync import SyncError, uhri_sync
from rectrack.recommendations.models import Country, Recommendation

pytestmark = pytest.mark.django_db
STATES = ["Slovenia", "Valdoria", "Norland"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def served(tmp_path):
    """A local HTTP server for tmp_path/site; yields its base address."""
    site = tmp_path / "site"
    site.mkdir()
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def valdoria(db):
    return Country.objects.create(name="Valdoria", iso_code="VAL")


def test_a_sync_imports_the_state_and_a_second_one_changes_nothing(served, valdoria):
    site, base = served
    write_uhri_json(site / "export-full-en.json", 450, states=STATES)
    url = f"{base}/export-full-en.json"

    first = uhri_sync(state="VAL", url=url)
    second = uhri_sync(state="VAL", url=url)

    assert (first.report.created, first.report.updated, first.report.left_out) == (150, 0, 300)
    assert first.previous is None and first.state == "Valdoria"
    assert Recommendation.objects.filter(document__country=valdoria).count() == 150
    assert Recommendation.objects.count() == 150
    assert (second.report.created, second.report.updated, second.report.unchanged) == (0, 0, 150)
    assert second.previous is not None and second.previous.pk == first.report.run_id
    assert second.same_file
    run = ImportRun.objects.get(pk=second.report.run_id)
    assert run.options["uhri_sync"] == {"url": url, "state": valdoria.key}


def test_a_record_changed_upstream_is_reported_updated(served, valdoria):
    site, base = served
    url = f"{base}/export-full-en.json"
    write_uhri_json(site / "export-full-en.json", 450, states=STATES)
    uhri_sync(state="VAL", url=url)
    changed = {160: {"UprPositions": ["Noted"], "Text": "101.11 Ratify the Istanbul Convention"}}
    write_uhri_json(site / "export-full-en.json", 450, states=STATES, changed=changed)

    sync = uhri_sync(state="VAL", url=url)

    assert (sync.report.created, sync.report.updated, sync.report.unchanged) == (0, 1, 149)
    assert not sync.same_file
    assert {change["field"] for change in sync.changes} >= {"text"}
    text = next(change for change in sync.changes if change["field"] == "text")
    assert text["row"] == "record 161" and text["new"] == "Ratify the Istanbul Convention"


def test_the_command_reports_what_changed_since_the_last_sync(served, valdoria):
    site, base = served
    url = f"{base}/export-full-en.json"
    write_uhri_json(site / "export-full-en.json", 300, states=STATES[:2])
    out = StringIO()

    call_command("uhri_sync", state="VAL", url=url, stdout=out)
    call_command("uhri_sync", state="VAL", url=url, stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[1] == "150 created, 0 updated, 0 unchanged."
    assert lines[2] == "First sync of Valdoria from this address."
    assert lines[4] == "0 created, 0 updated, 150 unchanged."
    assert lines[5].startswith("Nothing changed since the last sync (")
    assert lines[5].endswith("): the same export.")


def test_a_network_error_is_one_message_and_writes_nothing(served, valdoria):
    _site, base = served

    with pytest.raises(SyncError) as error:
        uhri_sync(state="VAL", url=f"{base}/missing.json")

    assert error.value.message == (
        f"{base}/missing.json: the server answered 404 File not found; nothing imported."
    )
    with pytest.raises(CommandError, match=r"cannot download the UHRI export \("):
        call_command("uhri_sync", state="VAL", url="http://127.0.0.1:9/export.json")
    assert not Recommendation.objects.exists() and not ImportRun.objects.exists()


def test_an_answer_that_is_not_json_writes_nothing(served, valdoria):
    site, base = served
    (site / "export.json").write_text("<html><body>Maintenance</body></html>")

    with pytest.raises(SyncError) as error:
        uhri_sync(state="VAL", url=f"{base}/export.json")

    assert error.value.message == (
        f"{base}/export.json: the answer is not a UHRI JSON export (it does not begin with a "
        "JSON list or object); nothing imported."
    )
    assert not Recommendation.objects.exists()


def test_a_state_is_required_and_must_exist(served):
    _site, base = served

    with pytest.raises(SyncError, match="No State has the ISO code XX"):
        uhri_sync(state="XX", url=f"{base}/export.json")
