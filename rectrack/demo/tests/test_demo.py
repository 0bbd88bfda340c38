import re
import stat
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import Count, F
from django.test import RequestFactory

from rectrack.accounts.models import User
from rectrack.accounts.services import user_create
from rectrack.core.errors import ApplicationError
from rectrack.demo import content, generate
from rectrack.demo.services import DemoResult, credentials_read, demo_load
from rectrack.imports.models import ImportRun
from rectrack.recommendations.models import (
    AffectedGroup,
    Cluster,
    Document,
    Recommendation,
    Theme,
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
def test_demo_load_creates_every_recommendation_of_the_content(loaded):
    assert database_counts() == dict(expected_counts())
    assert loaded.counts == dict(expected_counts())
    assert Recommendation.objects.count() == loaded.total
    assert 300 <= loaded.total <= 360
    for document in generate.build_documents():
        assert Document.objects.get(symbol=document.symbol).recommendations.count() == len(
            document.recommendations
        )


@pytest.mark.django_db
def test_third_upr_cycle_is_superseded_by_the_fourth(loaded):
    third = Document.objects.get(symbol="A/HRC/38/12")
    fourth = Document.objects.get(symbol="A/HRC/55/9")
    assert (third.cycle, third.session, third.status) == (3, 30, Document.Status.SUPERSEDED)
    assert (fourth.cycle, fourth.session, fourth.status) == (4, 44, Document.Status.CURRENT)
    assert third.recommendations.count() == 60
    assert fourth.recommendations.count() == 120
    assert third.recommendations.filter(reference="118.60").exists()
    assert fourth.recommendations.filter(reference="134.120").exists()
    others = Document.objects.exclude(symbol="A/HRC/38/12")
    assert set(others.values_list("status", flat=True)) == {Document.Status.CURRENT}
    assert set(Document.objects.values_list("country__iso_code", flat=True)) == {"VLD"}


@pytest.mark.django_db
def test_every_recommendation_has_a_theme_and_an_sdg_target_with_its_goal(loaded):
    assert not Recommendation.objects.filter(themes=None).exists()
    assert not Recommendation.objects.filter(sdg_targets=None).exists()
    recommendations = Recommendation.objects.prefetch_related("sdg_targets", "sdg_goals")
    for recommendation in recommendations:
        goals = {target.goal_id for target in recommendation.sdg_targets.all()}
        assert goals == {goal.pk for goal in recommendation.sdg_goals.all()}


@pytest.mark.django_db
def test_only_upr_recommendations_carry_a_position(loaded):
    upr = Recommendation.objects.filter(document__mechanism__code="UPR")
    assert not upr.filter(position="").exists()
    assert (
        not Recommendation.objects.exclude(document__mechanism__code="UPR")
        .exclude(position="")
        .exists()
    )
    noted = upr.filter(position=Recommendation.Position.NOTED).count()
    assert 0.1 <= noted / upr.count() <= 0.2
    partial = sum(review["partially_supported"] for review in content.UPR_REVIEWS)
    assert upr.filter(position=Recommendation.Position.PARTIALLY_SUPPORTED).count() == partial
    pending = upr.filter(position=Recommendation.Position.PENDING)
    assert set(pending.values_list("document__symbol", flat=True)) == {"A/HRC/55/9"}
    assert not upr.filter(recommending_countries=None).exists()
    assert not upr.exclude(type=Recommendation.Type.RECOMMENDATION).exists()


@pytest.mark.django_db
def test_treaty_body_paragraphs_are_observations_under_a_heading(loaded):
    treaty = Recommendation.objects.filter(document__mechanism__kind="treaty_body")
    assert treaty.count() == sum(
        expected_counts()[code] for code in ("CAT", "CCPR", "CEDAW", "CRC")
    )
    assert not treaty.exclude(type=Recommendation.Type.OBSERVATION).exists()
    assert not treaty.filter(heading="").exists()
    assert treaty.filter(document__symbol="CEDAW/C/VLD/CO/8", reference="18(a)").exists()
    special = Recommendation.objects.filter(document__symbol="A/HRC/52/28/Add.1")
    assert special.count() == 15
    assert not special.exclude(type=Recommendation.Type.RECOMMENDATION).exists()
    mechanism = special.first().document.mechanism
    assert (mechanism.code, mechanism.kind) == ("SR Housing", "special_procedure")


@pytest.mark.django_db
def test_no_reference_or_text_repeats_within_a_document(loaded):
    for field in ("reference", "text"):
        repeated = (
            Recommendation.objects.values("document", field).annotate(n=Count("id")).filter(n__gt=1)
        )
        assert not repeated.exists(), field


@pytest.mark.django_db
def test_taxonomy_nests_themes_and_clusters_group_recommendations(loaded):
    assert Theme.objects.count() == len(content.THEMES)
    assert Theme.objects.get(code="D51").parent.name == "Civil and political rights"
    broader = {parent for _code, _name, parent in content.THEMES if parent}
    assert set(Theme.objects.filter(children__isnull=False).values_list("name", flat=True)) == (
        broader
    )
    assert AffectedGroup.objects.count() == len(content.GROUPS)
    assert Cluster.objects.count() == len(content.CLUSTERS)
    for cluster in Cluster.objects.annotate(n=Count("recommendations")):
        assert cluster.n > 0, cluster.name
    superseded = Recommendation.objects.filter(document__status=Document.Status.SUPERSEDED)
    assert not superseded.exclude(clusters=None).exists()


@pytest.mark.django_db
def test_import_run_records_the_demo_load(loaded):
    run = ImportRun.objects.get(format="demo")
    assert run == loaded.import_run
    assert run.file_name == "Rectrack demo data"
    assert run.status == ImportRun.Status.SUCCEEDED
    assert run.rows == run.created == loaded.total
    assert run.finished_at is not None
    assert Recommendation.objects.filter(import_run=run).count() == loaded.total
    recommendation = Recommendation.objects.get(document__symbol="A/HRC/55/9", reference="134.1")
    assert recommendation.source_location == "demo: A/HRC/55/9 para 134.1"
    assert not Recommendation.objects.exclude(source_location__startswith="demo: ").exists()
    assert not Recommendation.objects.exclude(date=F("document__date")).exists()


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


def test_demo_plan_has_work_in_every_state_of_the_follow_up_workflow(loaded):
    from rectrack.followup.models import Action, Assignment, ProgressUpdate, UpdateRequest
    from rectrack.followup.selectors import my_work
    from rectrack.recommendations.models import Recommendation

    assert loaded.followup["institutions"] == 12
    current = Recommendation.objects.filter(document__status="current")
    leads = Assignment.objects.filter(role="lead", recommendation__in=current)
    assert leads.count() == current.count()  # every current recommendation has a lead
    states = set(ProgressUpdate.objects.values_list("state", flat=True))
    assert states == {"draft", "submitted", "returned", "approved"}
    assert ProgressUpdate.objects.filter(set_directly=True).count() == 1
    assert set(Action.objects.values_list("status", flat=True)) == set(Action.Status.values)
    assert Action.objects.filter(budget_amount__isnull=False).count() == 8
    moved = current.exclude(implementation_status="no_information").count()
    approved = ProgressUpdate.objects.filter(state="approved", recommendation__isnull=False)
    assert moved == approved.values("recommendation").distinct().count()
    justice = User.objects.get(username="fp-justice")
    work = my_work(user=justice)
    assert {i.code for i in work["institutions"]} == {"MOJ", "PRS"}
    assert len(work["due"]) == 1 and len(work["returned"]) == 1
    education = User.objects.get(username="fp-education")
    assert len(my_work(user=education)["overdue"]) == 1
    assert UpdateRequest.objects.count() == 2
