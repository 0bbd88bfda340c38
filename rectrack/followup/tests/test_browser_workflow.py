"""The follow-up workflow as two people live it, each in their own browser: a coordinator
plans and reviews, a focal point of the Ministry of Justice reports."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from rectrack.accounts.models import User
from rectrack.accounts.services import user_create
from rectrack.conftest import PASSWORD, reference_data
from rectrack.followup.models import Action, ProgressUpdate, UpdateRequest
from rectrack.institutions.models import Institution
from rectrack.recommendations.models import Recommendation
from rectrack.recommendations.services import theme_get_or_create
from rectrack.recommendations.tests.factories import make_document, make_recommendation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def world():
    reference_data()
    justice = Institution.objects.create(name="Ministry of Justice", code="MOJ")
    Institution.objects.create(name="Ministry of Health", code="MOH")
    user_create(username="cora", password=PASSWORD, role=User.Role.COORDINATOR)
    focal = user_create(username="fatima", password=PASSWORD, role=User.Role.FOCAL_POINT)
    focal.institutions.add(justice)
    detention = theme_get_or_create(name="Conditions of detention", code="D26")
    health = theme_get_or_create(name="Right to health", code="E41")
    document = make_document(symbol="A/HRC/55/9", date=datetime.date(2024, 1, 10))
    texts = [
        "Reduce overcrowding in prisons.",
        "Separate remand prisoners from convicts.",
        "Ensure medical care in detention.",
    ]
    for number, text in enumerate(texts, start=1):
        make_recommendation(
            document=document,
            reference=f"134.{number}",
            text=text,
            position="supported",
            themes=[detention],
        )
    make_recommendation(
        document=document,
        reference="134.9",
        text="Expand rural clinics.",
        position="supported",
        themes=[health],
    )
    return {"detention": detention}


def log_in(context, base: str, username: str, lands_on: str = "Home"):
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(base + "/accounts/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name=lands_on, level=1)).to_be_visible()
    return page


def test_coordinator_and_focal_point_take_a_recommendation_from_assignment_to_approval(
    live_server, browser_context, world
):
    base = live_server.url
    coordinator_context, focal_context = browser_context(), browser_context()
    cora = log_in(coordinator_context, base, "cora")
    fatima = log_in(focal_context, base, "fatima", lands_on="My work")

    # The coordinator assigns the theme's recommendations to the Ministry of Justice.
    cora.goto(base + "/recommendations/")
    cora.get_by_label("Theme").select_option(str(world["detention"].pk))  # labels carry counts
    cora.get_by_role("button", name="Apply filters").click()
    expect(cora.locator(".result-summary")).to_contain_text("3 recommendations found.")
    cora.get_by_label("All 3 matching recommendations, on every page").check()
    bulk = cora.locator("#bulk-assign")
    bulk.get_by_label("Institution").select_option(label="Ministry of Justice")
    bulk.get_by_label("Role").select_option(label="Lead")
    bulk.get_by_role("button", name="Assign").click()
    expect(cora.locator(".result-summary")).to_contain_text("3 recommendations assigned")
    expect(cora.get_by_role("button", name="Undo this assignment")).to_be_visible()
    detention = Recommendation.objects.filter(themes=world["detention"]).order_by("pk")
    assert all(r.assignments.get().institution.code == "MOJ" for r in detention)

    # ... creates an action answering two of them ...
    ids = ",".join(str(r.pk) for r in detention[:2])
    cora.goto(f"{base}/actions/new/?recommendations={ids}")
    cora.get_by_label("Title").fill("Renovate the central remand prison")
    cora.get_by_label("Lead institution").select_option(label="Ministry of Justice")
    cora.get_by_role("button", name="Add the action").click()
    expect(cora.get_by_role("heading", level=1)).to_contain_text("Renovate the central")
    action = Action.objects.get()
    assert set(action.recommendations.all()) == set(detention[:2])

    # ... and asks for updates by a date.
    cora.goto(f"{base}/requests/new/?theme={world['detention'].pk}")
    expect(cora.locator("#recommendation-count")).to_contain_text("3 recommendations match")
    cora.get_by_label("Title").fill("UPR mid-term report: detention")
    due = timezone.localdate() + datetime.timedelta(days=14)
    cora.get_by_label("Due date").fill(due.isoformat())
    cora.get_by_label("Ask about the recommendations chosen above").check()
    cora.get_by_role("button", name="Send the request").click()
    expect(cora.get_by_role("heading", level=1)).to_contain_text("UPR mid-term report")
    assert UpdateRequest.objects.get().recommendations.count() == 3

    # The focal point sees the request on "my work", with the texts, and reports with
    # evidence on one form.
    fatima.get_by_role("navigation", name="Main").get_by_role("link", name="My work").click()
    todo = fatima.locator("section", has=fatima.get_by_role("heading", name="To do first"))
    expect(todo).to_contain_text("UPR mid-term report: detention")
    first = detention[0]
    expect(todo).to_contain_text(first.text[:30])
    todo.get_by_role("link", name=f"Write an update on {first}").click()
    expect(fatima.locator("main")).to_contain_text(first.text[:30])
    fatima.get_by_label("Narrative").fill("Two wings were renovated.")
    fatima.get_by_label("Implementation status").select_option(label="In progress")
    fatima.get_by_label("Evidence files").set_input_files(
        files=[{"name": "inspection.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    fatima.get_by_role("button", name="Save and submit for review").click()
    expect(fatima.get_by_role("link", name="inspection.pdf")).to_be_visible()
    update = ProgressUpdate.objects.get()
    assert update.state == "submitted" and update.evidence.count() == 1

    # The coordinator returns it with a comment.
    cora.goto(base + update.get_absolute_url())
    cora.get_by_label("What needs correcting").fill("Say how many places were added.")
    cora.get_by_role("button", name="Return for correction").click()
    expect(cora.get_by_text("Returned for correction").first).to_be_visible()

    # The focal point corrects and resubmits.
    fatima.get_by_role("navigation", name="Main").get_by_role("link", name="My work").click()
    expect(todo).to_contain_text("Returned for correction")
    expect(todo).to_contain_text("Say how many places were added.")
    todo.get_by_role("link", name=re.compile("Correct the update on")).click()
    fatima.get_by_label("Narrative").fill("Two wings were renovated: 120 new places.")
    fatima.get_by_label("Implementation status").select_option(label="Partially implemented")
    fatima.get_by_role("button", name="Save changes").click()
    fatima.get_by_role("button", name="Submit for review").click()
    update.refresh_from_db()
    assert update.state == "submitted"
    first.refresh_from_db()
    assert first.implementation_status == "no_information"  # not yet approved

    # The coordinator approves, and the recommendation's status changes.
    cora.goto(base + update.get_absolute_url())
    cora.get_by_role("button", name="Approve").click()
    cora.goto(base + first.get_absolute_url())
    expect(cora.locator("main")).to_contain_text("Partially implemented")
    first.refresh_from_db()
    assert first.implementation_status == "partially_implemented"
