"""The demo data set once loaded: what it holds, read by tests that share one load
(demo_once); rectrack/demo/tests/test_demo.py loads it itself where a test needs a fresh
load or changes it."""

import pytest
from django.db.models import Count, F

from rectrack.accounts.models import User
from rectrack.demo import content, generate
from rectrack.demo.tests.test_demo import (
    database_counts,
    expected_counts,
)
from rectrack.followup.models import Action, Assignment, ProgressUpdate, UpdateRequest
from rectrack.followup.selectors import my_work
from rectrack.imports.models import ImportRun
from rectrack.recommendations.models import (
    AffectedGroup,
    Cluster,
    Document,
    Recommendation,
    Theme,
)

pytestmark = pytest.mark.django_db


def test_demo_load_creates_every_recommendation_of_the_content(demo_once):
    assert database_counts() == dict(expected_counts())
    assert demo_once.counts == dict(expected_counts())
    assert Recommendation.objects.count() == demo_once.total
    assert 300 <= demo_once.total <= 360
    for document in generate.build_documents():
        assert Document.objects.get(symbol=document.symbol).recommendations.count() == len(
            document.recommendations
        )


def test_third_upr_cycle_is_superseded_by_the_fourth(demo_once):
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


def test_every_recommendation_has_a_theme_and_an_sdg_target_with_its_goal(demo_once):
    assert not Recommendation.objects.filter(themes=None).exists()
    assert not Recommendation.objects.filter(sdg_targets=None).exists()
    recommendations = Recommendation.objects.prefetch_related("sdg_targets", "sdg_goals")
    for recommendation in recommendations:
        goals = {target.goal_id for target in recommendation.sdg_targets.all()}
        assert goals == {goal.pk for goal in recommendation.sdg_goals.all()}


def test_only_upr_recommendations_carry_a_position(demo_once):
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


def test_treaty_body_paragraphs_are_observations_under_a_heading(demo_once):
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


def test_no_reference_or_text_repeats_within_a_document(demo_once):
    for field in ("reference", "text"):
        repeated = (
            Recommendation.objects.values("document", field).annotate(n=Count("id")).filter(n__gt=1)
        )
        assert not repeated.exists(), field


def test_taxonomy_nests_themes_and_clusters_group_recommendations(demo_once):
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


def test_import_run_records_the_demo_load(demo_once):
    run = ImportRun.objects.get(format="demo")
    assert run == demo_once.import_run
    assert run.file_name == "Rectrack demo data"
    assert run.status == ImportRun.Status.SUCCEEDED
    assert run.rows == run.created == demo_once.total
    assert run.finished_at is not None
    assert Recommendation.objects.filter(import_run=run).count() == demo_once.total
    recommendation = Recommendation.objects.get(document__symbol="A/HRC/55/9", reference="134.1")
    assert recommendation.source_location == "demo: A/HRC/55/9 para 134.1"
    assert not Recommendation.objects.exclude(source_location__startswith="demo: ").exists()
    assert not Recommendation.objects.exclude(date=F("document__date")).exists()


def test_demo_plan_has_work_in_every_state_of_the_follow_up_workflow(demo_once):
    assert demo_once.followup["institutions"] == 12
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
    requested = {item.request for item in work["todo"] if item.request}
    assert len(requested) == 1 and all(item.days >= 0 for item in work["todo"] if item.request)
    assert [item.state for item in work["todo"]].count("returned") == 1
    education = User.objects.get(username="fp-education")
    todo = my_work(user=education)["todo"]
    assert len({item.request for item in todo if item.request and item.days < 0}) == 1
    assert UpdateRequest.objects.count() == 2
