import re
import stat
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import RequestFactory

from rectrack.accounts.models import User
from rectrack.accounts.services import user_create
from rectrack.core.errors import ApplicationError
from rectrack.demo import content, generate
from rectrack.demo.services import DemoResult, credentials_read, demo_load
from rectrack.imports.models import ImportRun
from rectrack.recommendations.models import (
    Document,
    Recommendation,
)
from rectrack.recommendations.reference import sdg_reference

LOGIN = re.compile(r"Log in at http://127\.0\.0\.1:8000/ as admin / (\S+)$", re.MULTILINE)


def expected_counts() -> Counter:
    """Recommendations per mechanism, as the content defines them."""
    counts: Counter = Counter()
    for document in generate.build_documents():
        counts[document.mechanism] += len(document.recommendations)
    return counts


def database_counts() -> dict:
    rows = Recommendation.objects.values("document__mechanism__code").annotate(n=Count("id"))
    return {row["document__mechanism__code"]: row["n"] for row in rows}


def upr_review_sizes() -> list[int]:
    return [sum(review["topics"].values()) for review in content.UPR_REVIEWS]


def report_size(symbol: str) -> int:
    """Sub-paragraphs of every section, plus the follow-up paragraph if there is one."""
    report = next(report for report in content.REPORTS if report["symbol"] == symbol)
    sizes = sum(sum(sizes) for _topic, sizes, *_heading in report["sections"])
    return sizes + ("follow_up" in report)


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    # The real hasher takes a good second for the three demo users on every load.
    return tmp_path


@pytest.fixture
def loaded(db, var_dir) -> DemoResult:
    return demo_load()


def test_content_sizes_follow_the_document_plans():
    counts = expected_counts()
    assert 300 <= sum(counts.values()) <= 360
    assert counts["UPR"] == sum(upr_review_sizes())
    assert upr_review_sizes() == [60, 120]
    for report in content.REPORTS:
        assert counts[report["mechanism"]] == report_size(report["symbol"])


def test_content_is_the_same_on_every_run():
    generate.build_documents.cache_clear()
    first = generate.build_documents()
    generate.build_documents.cache_clear()
    assert generate.build_documents() == first


def test_content_names_only_known_themes_groups_and_sdg_targets():
    themes = {name for _code, name, _parent in content.THEMES}
    targets = {target["code"] for target in sdg_reference()["targets"]}
    for document in generate.build_documents():
        for item in document.recommendations:
            assert 1 <= len(item.themes) <= 3 and set(item.themes) <= themes
            assert len(item.groups) <= 3 and set(item.groups) <= set(content.GROUPS)
            assert 1 <= len(item.sdg_targets) <= 3 and set(item.sdg_targets) <= targets


@pytest.mark.django_db
def test_demo_users_can_log_in_with_the_saved_passwords(loaded, var_dir):
    path = var_dir / "demo-credentials.txt"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert credentials_read() == loaded.credentials
    roles = {credential.username: credential.role for credential in loaded.credentials}
    assert roles == {
        "admin": User.Role.ADMINISTRATOR,
        "coordinator": User.Role.COORDINATOR,
        "viewer": User.Role.VIEWER,
        "fp-justice": User.Role.FOCAL_POINT,
        "fp-health": User.Role.FOCAL_POINT,
        "fp-education": User.Role.FOCAL_POINT,
    }
    for credential in loaded.credentials:
        user = authenticate(
            RequestFactory().post("/accounts/login/"),
            username=credential.username,
            password=credential.password,
        )
        assert user is not None and user.role == credential.role
    assert User.objects.get(username="admin").is_superuser
    assert (
        len({credential.password for credential in loaded.credentials})
        == len(loaded.credentials)
        == 6
    )


@pytest.mark.django_db
def test_loading_twice_is_refused_and_changes_nothing(loaded):
    before = (Recommendation.objects.count(), Document.objects.count(), User.objects.count())
    with pytest.raises(ApplicationError, match="already loaded"):
        demo_load()
    after = (Recommendation.objects.count(), Document.objects.count(), User.objects.count())
    assert after == before
    assert ImportRun.objects.count() == 1


@pytest.mark.django_db
def test_taken_user_name_is_refused_before_anything_is_loaded(var_dir):
    user_create(username="viewer", password="correct-horse-battery-staple")
    with pytest.raises(ApplicationError, match="viewer"):
        demo_load()
    assert not Recommendation.objects.exists()
    assert not ImportRun.objects.exists()
    assert not (var_dir / "demo-credentials.txt").exists()


@pytest.mark.django_db
def test_command_prints_counts_and_the_admin_login(var_dir):
    out = StringIO()
    call_command("demo", stdout=out)
    output = out.getvalue()
    password = LOGIN.search(output).group(1)
    request = RequestFactory().post("/accounts/login/")  # sign-in limits need the request
    assert (
        authenticate(request, username="admin", password=password).role == User.Role.ADMINISTRATOR
    )
    for code, count in expected_counts().items():
        assert re.search(rf"^  {re.escape(code)} +{count}$", output, re.MULTILINE)
    assert f"Loaded {sum(expected_counts().values())} recommendations" in output


@pytest.mark.django_db
def test_command_fails_when_the_demo_is_already_loaded(loaded):
    with pytest.raises(CommandError, match="already loaded"):
        call_command("demo", stdout=StringIO())
    assert Recommendation.objects.count() == loaded.total


@pytest.mark.django_db
def test_if_empty_leaves_a_loaded_database_alone_and_repeats_the_login(loaded):
    out = StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert Recommendation.objects.count() == loaded.total
    assert ImportRun.objects.count() == 1
    assert "nothing loaded" in out.getvalue()
    assert LOGIN.search(out.getvalue()).group(1) == loaded.admin.password


@pytest.mark.django_db
def test_if_empty_without_credentials_file_only_reports(loaded, var_dir):
    (var_dir / "demo-credentials.txt").unlink()
    out = StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert "nothing loaded" in out.getvalue()
    assert not LOGIN.search(out.getvalue())


@pytest.mark.django_db
def test_if_empty_loads_into_an_empty_database(var_dir):
    out = StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert Recommendation.objects.count() == sum(expected_counts().values())
    assert LOGIN.search(out.getvalue())


def test_the_demos_notifications_show_in_rectrack_and_none_is_emailed(
    var_dir, db, django_capture_on_commit_callbacks
):
    from django.core import mail

    from rectrack.followup.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        demo_load()
    assert Notification.objects.filter(recipient__username="fp-justice").exists()
    # What they would long have read is read: each opens Rectrack with what is new to them.
    unread = Notification.objects.filter(recipient__username="fp-justice", read_at=None)
    assert set(unread.values_list("kind", flat=True)) == {"request", "returned"}
    assert unread.count() < 10
    assert not Notification.objects.filter(email=Notification.Email.PENDING).exists()
    assert mail.outbox == []
