"""The `rectrack` command ends bad configuration with one line naming the variable to fix."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from rectrack.cli import redact
from rectrack.conftest import subprocess_environment

SAFE_KEY = "production-key-" + "0123456789abcdef" * 3


def run(tmp_path, *args, **env):
    environment = subprocess_environment(RECTRACK_VAR_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "-m", "rectrack.cli", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def assert_one_line_error(result, *fragments):
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("rectrack: ")
    for fragment in fragments:
        assert fragment in lines[0]


def test_default_configuration_runs_on_a_local_sqlite_file(tmp_path):
    result = run(tmp_path, "migrate", "--noinput")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "rectrack.sqlite3").exists()
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    with sqlite3.connect(tmp_path / "rectrack.sqlite3") as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


@pytest.mark.skipif(
    not os.environ.get("RECTRACK_TEST_POSTGRES_URL"), reason="needs RECTRACK_TEST_POSTGRES_URL"
)
def test_missing_postgresql_database_is_named(tmp_path):
    server = os.environ["RECTRACK_TEST_POSTGRES_URL"].rsplit("/", 1)[0]
    result = run(tmp_path, "migrate", RECTRACK_DATABASE_URL=f"{server}/no_such_rectrack_db")
    assert_one_line_error(result, "cannot connect", "no_such_rectrack_db", "RECTRACK_DATABASE_URL")


def test_database_url_of_an_unsupported_kind_is_refused(tmp_path):
    result = run(tmp_path, "migrate", RECTRACK_DATABASE_URL="mysql://root@localhost/x")
    assert_one_line_error(result, "RECTRACK_DATABASE_URL", "postgres://")


def test_unreachable_postgresql_is_named_with_the_variable(tmp_path):
    url = "postgres://someone:s3cret@127.0.0.1:1/rectrack"
    result = run(tmp_path, "migrate", RECTRACK_DATABASE_URL=url)
    assert_one_line_error(result, "cannot connect", "RECTRACK_DATABASE_URL", "127.0.0.1:1")
    assert "s3cret" not in result.stderr


def test_sqlite_file_that_cannot_be_opened_is_named(tmp_path):
    url = "sqlite:////nonexistent-dir/nowhere/rectrack.sqlite3"
    result = run(tmp_path, "migrate", RECTRACK_DATABASE_URL=url)
    assert_one_line_error(result, "cannot connect", "/nonexistent-dir/nowhere/rectrack.sqlite3")


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({}, "RECTRACK_SECRET_KEY"),
        ({"RECTRACK_SECRET_KEY": "short"}, "RECTRACK_SECRET_KEY"),
        ({"RECTRACK_SECRET_KEY": "a" * 60}, "RECTRACK_SECRET_KEY"),
        ({"RECTRACK_SECRET_KEY": "abcde" * 12}, "RECTRACK_SECRET_KEY"),  # 5 distinct characters
        ({"RECTRACK_SECRET_KEY": "django-insecure-" + SAFE_KEY}, "RECTRACK_SECRET_KEY"),
        ({"RECTRACK_SECRET_KEY": SAFE_KEY}, "RECTRACK_ALLOWED_HOSTS"),
        (
            {"RECTRACK_SECRET_KEY": SAFE_KEY, "RECTRACK_ALLOWED_HOSTS": "*"},
            "RECTRACK_ALLOWED_HOSTS",
        ),
        (
            {
                "RECTRACK_SECRET_KEY": SAFE_KEY,
                "RECTRACK_ALLOWED_HOSTS": "nmirf.example.org",
                "RECTRACK_DEBUG": "1",
            },
            "RECTRACK_DEBUG",
        ),
    ],
)
def test_production_refuses_to_start_unsafely(tmp_path, env, variable):
    result = run(tmp_path, "check", RECTRACK_ENV="production", **env)
    assert_one_line_error(result, variable)


def test_production_starts_with_a_safe_configuration(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text(SAFE_KEY + "\n")
    result = run(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        RECTRACK_ENV="production",
        RECTRACK_SECRET_KEY_FILE=str(key_file),
        RECTRACK_ALLOWED_HOSTS="nmirf.example.org",
        RECTRACK_SSL_REDIRECT="1",
        RECTRACK_HSTS_INCLUDE_SUBDOMAINS="1",
        RECTRACK_HSTS_PRELOAD="1",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_malformed_values_name_their_variable(tmp_path):
    assert_one_line_error(run(tmp_path, "check", RECTRACK_DEBUG="maybe"), "RECTRACK_DEBUG")
    assert_one_line_error(run(tmp_path, "check", RECTRACK_ENV="staging"), "RECTRACK_ENV")
    assert_one_line_error(run(tmp_path, "check", RECTRACK_PAGE_SIZE="ten"), "RECTRACK_PAGE_SIZE")
    result = run(tmp_path, "check", RECTRACK_CACHE_URL="memcached://127.0.0.1:11211")
    assert_one_line_error(result, "RECTRACK_CACHE_URL", "redis://")
    result = run(tmp_path, "check", RECTRACK_SECRET_KEY_FILE=str(tmp_path / "missing"))
    assert_one_line_error(result, "RECTRACK_SECRET_KEY_FILE")


def test_passwords_are_hidden_when_a_url_is_printed():
    assert redact("postgres://u:pw@h:5432/db") == "postgres://u:***@h:5432/db"
    assert redact("postgres://u@h/db") == "postgres://u@h/db"


def test_an_unmigrated_database_asks_for_migrate(tmp_path):
    result = run(tmp_path, "demo")
    assert_one_line_error(result, "run `rectrack migrate` first")
    assert run(tmp_path, "migrate", "--noinput").returncode == 0


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_with_workers_answers_from_that_many_processes(tmp_path):
    import contextlib
    import signal
    import time
    import urllib.request
    from pathlib import Path

    assert run(tmp_path, "migrate", "--noinput").returncode == 0
    port = _free_port()
    environment = subprocess_environment(RECTRACK_VAR_DIR=str(tmp_path), PORT=str(port))
    server = subprocess.Popen(
        [sys.executable, "-m", "rectrack.cli", "serve", "--workers", "2", "--threads", "2"]
        + ["--no-worker"],  # Gunicorn's processes only (the task worker: the test below)
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        answers = []
        deadline = time.monotonic() + 90  # a loaded machine starts Gunicorn slowly
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/") as page:
                    answers.append((page.status, b'name="username"' in page.read()))
                if len(answers) == 5:
                    break
            except OSError:
                time.sleep(0.2)
        assert answers == [(200, True)] * 5

        def children() -> int:
            count = 0
            for status in Path("/proc").glob("[0-9]*/status"):
                with contextlib.suppress(OSError):  # the process ended while we looked
                    count += f"PPid:\t{server.pid}\n" in status.read_text(errors="replace")
            return count

        # The first worker may answer before Gunicorn has forked the second: wait for it.
        deadline = time.monotonic() + 30
        while children() < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert children() == 2
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def test_the_cache_is_shared_by_processes_of_one_database_only(tmp_path):
    set_value = "from django.core.cache import cache; cache.set('shared', 'written', 60)"
    read_value = "from django.core.cache import cache; print(cache.get('shared'))"
    other = f"sqlite:///{tmp_path}/other.sqlite3"
    assert run(tmp_path, "shell", "-c", set_value).returncode == 0
    assert run(tmp_path, "shell", "-c", read_value).stdout.strip().endswith("written")
    result = run(tmp_path, "shell", "-c", read_value, RECTRACK_DATABASE_URL=other)
    assert result.stdout.strip().endswith("None")
    assert (tmp_path / "cache").is_dir()


PRODUCTION = {
    "RECTRACK_ENV": "production",
    "RECTRACK_SECRET_KEY": SAFE_KEY,
    "RECTRACK_ALLOWED_HOSTS": "nmirf.example.org",
    "RECTRACK_SSL_REDIRECT": "1",
}


def test_a_weak_key_is_refused_with_the_way_to_make_a_strong_one(tmp_path):
    result = run(tmp_path, "check", **{**PRODUCTION, "RECTRACK_SECRET_KEY": "abcde" * 12})
    assert_one_line_error(result, "at least 50 characters", "secrets.token_urlsafe(50)")


def test_production_refuses_to_serve_before_the_static_files_are_collected(tmp_path):
    assert run(tmp_path, "migrate", "--noinput", **PRODUCTION).returncode == 0
    result = run(tmp_path, "serve", **PRODUCTION)
    assert_one_line_error(result, "static files are not collected", "rectrack collectstatic")
    # A server loading the WSGI application itself (gunicorn rectrack.wsgi) is refused alike.
    loaded = subprocess.run(
        [sys.executable, "-c", "import rectrack.wsgi"],
        env={**subprocess_environment(), "RECTRACK_VAR_DIR": str(tmp_path), **PRODUCTION},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert loaded.returncode == 1
    assert "static files are not collected" in loaded.stderr.strip().splitlines()[-1]


def _answer(port: int, path: str, headers: dict, *, deadline: float) -> tuple[int, dict]:
    """The server's status and headers for GET path (redirects not followed), once it
    listens."""
    import http.client
    import time

    while True:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request("GET", path, headers={"Host": "nmirf.example.org", **headers})
            response = connection.getresponse()
            response.read()
            return response.status, dict(response.getheaders())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
        finally:
            connection.close()


@pytest.mark.parametrize("workers", ["1", "2"])  # Waitress, then Gunicorn
def test_behind_a_trusted_proxy_the_server_knows_the_request_came_over_https(tmp_path, workers):
    import signal
    import time

    assert run(tmp_path, "migrate", "--noinput", **PRODUCTION).returncode == 0
    assert run(tmp_path, "collectstatic", "--noinput", **PRODUCTION).returncode == 0
    https = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    seen = {}
    for trusted in ("127.0.0.1,::1", "10.20.30.0/24"):  # the test's address is 127.0.0.1
        port = _free_port()
        environment = {
            **subprocess_environment(),
            **PRODUCTION,
            "RECTRACK_VAR_DIR": str(tmp_path),
            "RECTRACK_TRUSTED_PROXIES": trusted,
            "PORT": str(port),
        }
        server = subprocess.Popen(
            [sys.executable, "-m", "rectrack.cli", "serve", "--workers", workers, "--threads", "2"],
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            deadline = time.monotonic() + 90
            seen[trusted] = (
                _answer(port, "/accounts/login/", https, deadline=deadline),
                _answer(port, "/accounts/login/", {}, deadline=deadline),
            )
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    (secure, secure_headers), (plain, plain_headers) = seen["127.0.0.1,::1"]
    assert secure == 200
    assert secure_headers["Strict-Transport-Security"] == "max-age=31536000"
    assert plain == 301
    assert plain_headers["Location"] == "https://nmirf.example.org/accounts/login/"
    # From a peer that is not a trusted proxy the header is nobody's word: redirected again.
    (claimed, claimed_headers), _plain = seen["10.20.30.0/24"]
    assert claimed == 301
    assert claimed_headers["Location"] == "https://nmirf.example.org/accounts/login/"
    assert "Strict-Transport-Security" not in claimed_headers


def test_trusted_proxies_must_be_addresses(tmp_path):
    result = run(tmp_path, "check", RECTRACK_TRUSTED_PROXIES="127.0.0.1,proxy.example.org")
    assert_one_line_error(result, "RECTRACK_TRUSTED_PROXIES", "'proxy.example.org'")


QUEUE_AN_UPLOAD = """
from rectrack.imports.services import import_upload
from rectrack.imports.tests.test_duplicates import ROWS, upr_info

print(import_upload(data=upr_info(ROWS), file_name="queued.csv", user=None).pk)
"""


def _children(pid: int) -> set[int]:
    import contextlib
    from pathlib import Path

    found = set()
    for status in Path("/proc").glob("[0-9]*/status"):
        with contextlib.suppress(OSError):  # the process ended while we looked
            if f"PPid:\t{pid}\n" in status.read_text(errors="replace"):
                found.add(int(status.parent.name))
    return found


@pytest.mark.parametrize("queue", ["database", "redis"])
def test_serve_starts_a_worker_that_runs_what_was_queued_before_it_started(
    tmp_path, request, queue
):
    """A web import queued while no server ran (its task kept in the database, or in Redis)
    is run by the worker `rectrack serve` starts beside the web server (with Redis, RQ's
    worker, each task in a process of its own); stopping the server stops it."""
    import signal
    import time

    tasks_url = request.getfixturevalue("redis_url") if queue == "redis" else "database"
    assert run(tmp_path, "migrate", "--noinput").returncode == 0
    queued = run(tmp_path, "shell", "-c", QUEUE_AN_UPLOAD, RECTRACK_TASKS_URL=tasks_url)
    assert queued.returncode == 0, queued.stderr
    run_id = int(queued.stdout.strip().splitlines()[-1])

    def status() -> str:
        with sqlite3.connect(tmp_path / "rectrack.sqlite3") as connection:
            query = "SELECT status FROM imports_importrun WHERE id = ?"
            return connection.execute(query, (run_id,)).fetchone()[0]

    assert status() == "queued"
    environment = {**subprocess_environment(), "RECTRACK_VAR_DIR": str(tmp_path)}
    environment.update(PORT=str(_free_port()), RECTRACK_TASKS_URL=tasks_url)
    server = subprocess.Popen(
        [sys.executable, "-m", "rectrack.cli", "serve"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 90
        while status() == "queued" or status() == "running":
            assert time.monotonic() < deadline, "the queued import never ran"
            time.sleep(0.2)
        assert status() == "previewed"
        with sqlite3.connect(tmp_path / "rectrack.sqlite3") as connection:
            query = "SELECT count(*) FROM django_tasks_database_dbtaskresult"
            kept_in_database = connection.execute(query).fetchone()[0]
        assert kept_in_database == (1 if queue == "database" else 0)  # Redis held it
        workers = _children(server.pid)
        assert len(workers) == 1
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    deadline = time.monotonic() + 40
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers), "the worker outlived serve"


def test_the_worker_says_when_there_is_no_queue(tmp_path):
    assert run(tmp_path, "migrate", "--noinput").returncode == 0
    result = run(tmp_path, "worker", RECTRACK_TASKS_URL="immediate")
    assert result.returncode == 1
    assert "there is no queue for a worker" in result.stderr
    assert_one_line_error(
        run(tmp_path, "check", RECTRACK_TASKS_URL="celery://x"), "RECTRACK_TASKS_URL"
    )
