"""The daily work of issue 13, as two people live it in two browsers, with a real mail server:
the coordinator plans from what she sees and asks for updates; the focal point is e-mailed,
follows the link to My work, reports with evidence on one form; each review step tells the
other person, in Rectrack and by e-mail."""

import datetime
import re
import time

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone
from playwright.sync_api import expect

from rectrack.accounts.models import User
from rectrack.accounts.services import user_create
from rectrack.conftest import PASSWORD, reference_data
from rectrack.followup.models import Action, Notification, ProgressUpdate, UpdateRequest
from rectrack.followup.services.planning import assignment_set
from rectrack.followup.tests.test_reminders import Inbox, free_port
from rectrack.institutions.models import Institution
from rectrack.recommendations.services import theme_get_or_create
from rectrack.recommendations.tests.factories import make_document, make_recommendation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
CORA, FATIMA = "cora@nmirf.example", "fatima@justice.example"


@pytest.fixture
def smtp(settings, live_server):
    """A real SMTP server on 127.0.0.1; Rectrack's e-mails go to it, their links to the
    live server."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.DEFAULT_FROM_EMAIL = "rectrack@nmirf.example"
    settings.RECTRACK_BASE_URL = live_server.url
    yield inbox
    controller.stop()


def mail_to(inbox: Inbox, address: str, containing: str, timeout: float = 15.0):
    """Wait for the e-mail to `address` whose subject contains `containing`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for recipients, message in inbox.messages:
            if address in recipients and containing in message["Subject"]:
                return message
        time.sleep(0.1)
    seen = [(r, m["Subject"]) for r, m in inbox.messages]
    raise AssertionError(f"no e-mail to {address} about {containing!r}; received {seen}")


@pytest.fixture
def world():
    reference_data()
    justice = Institution.objects.create(name="Ministry of Justice", code="MOJ")
    Institution.objects.create(name="Ministry of Health", code="MOH")
    cora = user_create(username="cora", password=PASSWORD, role=User.Role.COORDINATOR)
    fatima = user_create(username="fatima", password=PASSWORD, role=User.Role.FOCAL_POINT)
    User.objects.filter(pk=cora.pk).update(email=CORA, first_name="Cora", last_name="Nkosi")
    User.objects.filter(pk=fatima.pk).update(email=FATIMA, first_name="Fatima", last_name="Haddad")
    fatima.institutions.add(justice)
    detention = theme_get_or_create(name="Conditions of detention", code="D26")
    health = theme_get_or_create(name="Right to health", code="E41")
    document = make_document(symbol="A/HRC/55/9", date=datetime.date(2024, 1, 10))
    texts = {
        "134.1": "Reduce overcrowding in prisons by expanding alternatives to detention.",
        "134.2": "Separate remand prisoners from convicted prisoners in every facility.",
        "134.3": "Ensure medical care for every person in detention.",
    }
    recommendations = {
        reference: make_recommendation(
            document=document, reference=reference, text=text, themes=[detention]
        )
        for reference, text in texts.items()
    }
    recommendations["134.9"] = make_recommendation(
        document=document,
        reference="134.9",
        text="Train prison health staff in the Istanbul Protocol.",
        themes=[health],
    )
    for recommendation in recommendations.values():
        assignment_set(
            recommendation=recommendation,
            institution=justice,
            role="lead",
            user=cora,
            notify=False,
        )
    return {"detention": detention, "recommendations": recommendations}


def sign_in(page, base: str, username: str) -> None:
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def notifications_text(page, base: str) -> str:
    page.goto(base + "/notifications/")
    return page.locator("main").inner_text()


def test_request_report_return_correct_approve_with_everyone_told(
    live_server, browser_context, smtp, world
):
    base = live_server.url
    recommendations = world["recommendations"]
    first, second, further = (recommendations[r] for r in ("134.1", "134.2", "134.9"))
    cora = browser_context().new_page()
    cora.set_default_timeout(15000)
    cora.goto(base + "/accounts/login/")
    sign_in(cora, base, "cora")
    expect(cora.get_by_role("heading", name="Home", level=1)).to_be_visible()

    # The coordinator filters a theme, ticks two rows and plans an action for them, adding a
    # further recommendation by typing its reference in the picker.
    cora.goto(base + "/recommendations/")
    cora.get_by_label("Theme").select_option(str(world["detention"].pk))
    cora.get_by_role("button", name="Apply filters").click()
    expect(cora.locator(".result-summary")).to_contain_text("3 recommendations found.")
    cora.get_by_label(f"Select {first}").check()
    cora.get_by_label(f"Select {second}").check()
    cora.get_by_role("button", name="Plan an action for these").click()
    chosen = cora.locator(".picker-chosen")
    expect(chosen).to_contain_text("A/HRC/55/9 134.1")
    expect(chosen).to_contain_text("A/HRC/55/9 134.2")
    expect(chosen).not_to_contain_text("134.3")
    cora.get_by_label("Title").fill("Renovate the central remand prison")
    cora.get_by_label("Lead institution").select_option(label="Ministry of Justice")
    cora.get_by_label("Find recommendations").press_sequentially("134.9", delay=50)
    suggestion = cora.locator("#picker-results").get_by_label("A/HRC/55/9 134.9")
    expect(suggestion).to_be_visible()
    suggestion.check()
    cora.get_by_role("button", name="Add the action").click()
    expect(cora.get_by_role("heading", level=1)).to_contain_text("Renovate the central")
    action = Action.objects.get()
    assert sorted(r.reference for r in action.recommendations.all()) == ["134.1", "134.2", "134.9"]

    # ... then ticks the same two rows again and requests updates on them.
    cora.goto(f"{base}/recommendations/?theme={world['detention'].pk}")
    cora.get_by_label(f"Select {first}").check()
    cora.get_by_label(f"Select {second}").check()
    cora.get_by_role("button", name="Request updates").click()
    expect(cora.get_by_role("heading", name="Request updates", level=1)).to_be_visible()
    expect(cora.locator(".picker-chosen")).to_contain_text("A/HRC/55/9 134.2")
    cora.get_by_label("Title").fill("UPR mid-term report: detention")
    due = timezone.localdate() + datetime.timedelta(days=14)
    cora.get_by_label("Due date").fill(due.isoformat())
    cora.get_by_role("button", name="Send the request").click()
    expect(cora.get_by_role("heading", level=1)).to_contain_text("UPR mid-term report")
    request = UpdateRequest.objects.get()
    assert sorted(r.reference for r in request.recommendations.all()) == ["134.1", "134.2"]
    # The request's page says truthfully who was told.
    expect(cora.locator("main")).to_contain_text("Fatima Haddad")

    # The focal point receives the e-mail and follows its link to My work, signing in.
    message = mail_to(smtp, FATIMA, "asks Ministry of Justice for progress updates")
    assert "UPR mid-term report: detention" in message["Subject"]
    link = re.search(rf"{re.escape(base)}\S+", message.get_content()).group(0)
    assert link == base + "/my-work/"
    fatima = browser_context().new_page()
    fatima.set_default_timeout(15000)
    fatima.goto(link)
    sign_in(fatima, base, "fatima")
    expect(fatima.get_by_role("heading", name="My work", level=1)).to_be_visible()
    todo = fatima.locator("section", has=fatima.get_by_role("heading", name="To do first"))
    expect(todo).to_contain_text("UPR mid-term report: detention")
    expect(todo).to_contain_text("Reduce overcrowding in prisons")
    expect(todo).to_contain_text("Separate remand prisoners")
    expect(todo).to_contain_text("Due in 14 days")

    # She writes an update with an evidence file on one form, and submits it.
    todo.get_by_role("link", name=f"Write an update on {first}").click()
    expect(fatima.locator("main")).to_contain_text(first.text)
    fatima.get_by_label("Narrative").fill("Two wings were renovated.")
    fatima.get_by_label("Implementation status").select_option(label="In progress")
    fatima.get_by_label("Evidence files").set_input_files(
        files=[{"name": "inspection.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    fatima.get_by_role("button", name="Save and submit for review").click()
    expect(fatima.get_by_role("link", name="inspection.pdf")).to_be_visible()
    update = ProgressUpdate.objects.get()
    assert update.state == "submitted" and update.evidence.get().original_name == "inspection.pdf"

    # The coordinator is told, in Rectrack and by e-mail, and returns it with a comment.
    mail_to(smtp, CORA, "submitted a progress update on A/HRC/55/9 134.1")
    cora.goto(base + "/home/")
    expect(cora.get_by_role("link", name="Notifications (1)")).to_be_visible()
    cora.get_by_role("link", name="Notifications (1)").click()
    cora.get_by_role("link", name="submitted a progress update on A/HRC/55/9 134.1").click()
    expect(cora.get_by_role("heading", level=1)).to_contain_text("134.1")
    cora.get_by_label("What needs correcting").fill("Say how many places were added.")
    cora.get_by_role("button", name="Return for correction").click()
    expect(cora.get_by_text("Returned for correction").first).to_be_visible()

    # The focal point is told, corrects from My work and resubmits.
    returned = mail_to(smtp, FATIMA, "returned the progress update")
    assert "Say how many places were added." in returned.get_content()
    fatima.goto(base + "/my-work/")
    expect(fatima.get_by_role("link", name=re.compile(r"Notifications \(\d\)"))).to_be_visible()
    expect(todo).to_contain_text("Say how many places were added.")
    todo.get_by_role("link", name=re.compile("Correct the update on")).click()
    fatima.get_by_label("Narrative").fill("Two wings were renovated: 120 new places.")
    fatima.get_by_label("Implementation status").select_option(label="Partially implemented")
    fatima.get_by_role("button", name="Save and submit for review").click()
    expect(fatima.locator("main")).to_contain_text("submitted for review")
    update.refresh_from_db()
    assert update.state == "submitted" and update.narrative.endswith("120 new places.")

    # The coordinator is told again and approves; the focal point is told.
    deadline = time.monotonic() + 15
    while Notification.objects.filter(recipient__username="cora").count() < 2:
        assert time.monotonic() < deadline, "the resubmission told nobody"
        time.sleep(0.1)
    cora.goto(base + update.get_absolute_url())
    cora.get_by_role("button", name="Approve").click()
    expect(cora.locator("main")).to_contain_text("Approved")
    mail_to(smtp, FATIMA, "approved the progress update")
    first.refresh_from_db()
    assert first.implementation_status == "partially_implemented"

    # Each step shows in both people's notifications.
    cora_sees = notifications_text(cora, base)
    assert cora_sees.count("Fatima Haddad submitted a progress update on A/HRC/55/9 134.1") == 2
    fatima_sees = notifications_text(fatima, base)
    for step in (
        "Cora Nkosi asks Ministry of Justice for progress updates by",
        "Cora Nkosi returned the progress update on A/HRC/55/9 134.1 for correction.",
        "Cora Nkosi approved the progress update on A/HRC/55/9 134.1.",
    ):
        assert step in fatima_sees
    assert "Say how many places were added." in fatima_sees
    # The coordinator read the submission she opened; the second one is still new.
    assert Notification.objects.filter(recipient__username="cora", read_at=None).count() == 1
