"""Fixtures every app's tests share: the fixed personas, the shared real documents, a browser."""

import os
import subprocess
import threading
import time
from pathlib import Path

import pytest

from rectrack.accounts.models import User
from rectrack.accounts.services import user_create
from rectrack.core.config import tasks_config

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
CHROMIUM = os.environ.get("RECTRACK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "correct-horse-battery-staple"
# Fixtures shared beyond their app: the permission tests' world (every role, every write).
pytest_plugins = ["rectrack.followup.tests.world"]


def pytest_sessionstart(session):
    """The compiled catalogues are built from the .po files, as `make` builds them, when
    missing or older (GNU gettext's msgfmt)."""
    for po in (REPO_ROOT / "rectrack" / "locale").glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            subprocess.run(["msgfmt", "--check", "-o", str(mo), str(po)], check=True)


def shared_file(relative: str) -> Path:
    """A file of ../shared/data. In CI it must be there: a missing file fails, never skips."""
    path = SHARED_DATA / relative
    if not path.exists():
        message = f"shared test data missing: {path}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def subprocess_environment(**variables: str) -> dict[str, str]:
    """The environment for a `rectrack` process a test starts: this one's, without its own
    RECTRACK_ and DJANGO_ variables, with `variables` set."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("RECTRACK_", "DJANGO_"))
    }
    environment.update(variables)
    return environment


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings, tmp_path):
    """Real hashing is slow on purpose; tests only need passwords to check. Uploaded files
    and the cache go to a temporary folder, never into the working tree. Figures are
    computed afresh (tests change data behind the services' back);
    rectrack/core/tests/test_figures.py tests the figures cache itself. Background tasks run
    where they are queued (e-mails of a step in the test that takes it); tests of the task
    queue itself ask for it with the `task_queue` fixture."""
    settings.TASKS, _queues = tasks_config("immediate", setting="TASKS")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.RECTRACK_FIGURES_CACHE_SECONDS = 0
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }


REDIS_URL = os.environ.get("RECTRACK_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


class TaskQueue:
    """The queue a test's tasks wait in until `run()`, as `rectrack worker --batch` runs
    them (in this process: the worker sees the test's database)."""

    def __init__(self, kind: str):
        self.kind = kind

    def waiting(self) -> list[str]:
        """The task paths waiting, oldest first."""
        if self.kind == "redis":
            import django_rq

            return [job.func_name for job in django_rq.get_queue("default").get_jobs()]
        from django_tasks.backends.database.models import DBTaskResult

        ready = DBTaskResult.objects.filter(status="READY").order_by("enqueued_at")
        return list(ready.values_list("task_path", flat=True))

    def run(self) -> None:
        from django.core.management import call_command

        call_command("worker", batch=True, in_process=True, verbosity=0)


@pytest.fixture
def redis_url() -> str:
    """The Redis server of RECTRACK_TEST_REDIS_URL, its database emptied before and after the
    test. In CI it must be there (.ci/run starts it): a missing server fails, never skips."""
    import redis

    server = redis.Redis.from_url(REDIS_URL)
    try:
        server.flushdb()
    except redis.ConnectionError:
        message = f"no Redis server at {REDIS_URL} (RECTRACK_TEST_REDIS_URL)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    yield REDIS_URL
    server.flushdb()


@pytest.fixture(params=["database", "redis"])
def task_queue(request, settings) -> TaskQueue:
    """Tasks wait, as in production, in the database and then in Redis, until `run()`."""
    if request.param == "database":
        settings.TASKS, _queues = tasks_config("database", setting="TASKS")
        return TaskQueue("database")
    url = request.getfixturevalue("redis_url")
    settings.TASKS, settings.RQ_QUEUES = tasks_config(url, setting="TASKS")
    return TaskQueue("redis")


@pytest.fixture(autouse=True)
def _site_language():
    """Every test starts in the site's language, whatever the one before it activated:
    names shown in the reader's language (str(theme), display_name) depend on it."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def demo(db, settings, tmp_path):
    """The Valdoria demo data set, loaded through `demo_load` as `rectrack demo` does."""
    from rectrack.demo.services import demo_load

    settings.VAR_DIR = tmp_path
    reference_data()
    return demo_load()


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data loaded once for a module whose tests only read it (each test still runs
    in its own transaction, nested in the one holding the data, rolled back at the end).
    Mark the whole module django_db, so that its tests run together."""
    from django.db import transaction
    from django.test import override_settings

    from rectrack.demo.services import demo_load

    folder = tmp_path_factory.mktemp("demo")
    isolated = override_settings(
        VAR_DIR=folder,
        MEDIA_ROOT=folder / "media",
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        RECTRACK_FIGURES_CACHE_SECONDS=0,
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
    )
    with django_db_blocker.unblock(), isolated, transaction.atomic():
        reference_data()  # emptied if transactional tests ran before
        yield demo_load()
        transaction.set_rollback(True)


def reference_data() -> None:
    """Transactional tests (browser tests) empty the tables the data migration seeded."""
    from rectrack.recommendations.calendar import upr_sessions_sync
    from rectrack.recommendations.models import Mechanism, SdgGoal, SdgTarget
    from rectrack.recommendations.reference import reference_data_load

    reference_data_load(mechanism_model=Mechanism, goal_model=SdgGoal, target_model=SdgTarget)
    upr_sessions_sync()


def _persona(username: str, role: str) -> User:
    return user_create(username=username, password=PASSWORD, role=role)


@pytest.fixture
def admin(db) -> User:
    return _persona("ada-admin", User.Role.ADMINISTRATOR)


@pytest.fixture
def coordinator(db) -> User:
    return _persona("cora-coordinator", User.Role.COORDINATOR)


@pytest.fixture
def focal_point(db) -> User:
    return _persona("fatima-focal", User.Role.FOCAL_POINT)


@pytest.fixture
def viewer(db) -> User:
    return _persona("victor-viewer", User.Role.VIEWER)


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright (no browser download: there is no internet)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)."
        )
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between browser steps are ordinary synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def _wait_for_live_server_requests(timeout: float = 15.0) -> None:
    """Let the live server finish the requests a closed page left in flight.

    A page can close while the server still answers it (htmx loads the similar
    recommendations after the page itself). The database is emptied right after the test;
    on SQLite a request still reading holds a lock that makes that emptying fail, and
    the next test starts with this one's rows.
    """
    deadline = time.monotonic() + timeout
    for thread in threading.enumerate():
        if "process_request_thread" in thread.name and thread is not threading.current_thread():
            thread.join(max(0.0, deadline - time.monotonic()))


@pytest.fixture
def browser_context(chromium):
    """Opens browser contexts (keyword arguments as Playwright's `new_context`); closes
    them after the test and waits until the server has answered everything they asked."""
    contexts = []

    def open_context(**options):
        context = chromium.new_context(**options)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()
    _wait_for_live_server_requests()


@pytest.fixture
def page(browser_context):
    page = browser_context().new_page()
    page.set_default_timeout(15000)
    return page


@pytest.fixture
def csp_violations(page) -> list[str]:
    """What the browser reported breaking the Content-Security-Policy on `page`; a test
    ends with `assert csp_violations == []`."""
    violations: list[str] = []

    def collect(message) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            violations.append(message.text)

    page.on("console", collect)
    return violations


def browser_sign_in(page, live_server, username: str, password: str, next_path: str = "") -> None:
    """The password step of the sign-in page."""
    page.goto(live_server.url + "/accounts/login/" + next_path)
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
