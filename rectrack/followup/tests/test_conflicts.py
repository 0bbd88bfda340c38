"""No lost update: when two people edit one action or progress update, saving writes only the
fields this user changed; a field both changed is chosen explicitly, side by side. The forms
are posted as a browser would post them: every value the page's form holds."""

import datetime
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from rectrack.accounts.models import User
from rectrack.accounts.services import user_create
from rectrack.audit.selectors import audit_history
from rectrack.conftest import PASSWORD
from rectrack.followup.models import Action, Assignment
from rectrack.followup.services.planning import action_create, action_update, assignment_set
from rectrack.recommendations.tests.factories import make_document, make_recommendation

pytestmark = pytest.mark.django_db


class _FormReader(HTMLParser):
    """The values a browser would post from the page's form with method="post"."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self.in_post_form = False
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_post_form = attrs.get("method", "").lower() == "post"
        if not self.in_post_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind in ("submit", "button"):
                return
            self.data.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.data.setdefault(self.select, []).append(attrs.get("value") or "")
        elif tag == "textarea":
            self.textarea = name
            self.data.setdefault(name, []).append("")

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_post_form = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            if self.textarea:
                value = self.data[self.textarea][-1]
                self.data[self.textarea][-1] = value[1:] if value.startswith("\n") else value
            self.textarea = None


def form_values(response) -> dict[str, list[str]]:
    reader = _FormReader()
    reader.feed(response.content.decode())
    return reader.data


@pytest.fixture
def recommendation(coordinator, justice):
    made = make_recommendation(document=make_document())
    assignment_set(
        recommendation=made, institution=justice, role=Assignment.Role.LEAD, user=coordinator
    )
    return made


@pytest.fixture
def action(coordinator, justice, recommendation):
    return action_create(
        user=coordinator,
        title="Legal aid reform",
        description="Draft the bill.",
        lead_institution=justice,
        deadline=datetime.date(2030, 1, 1),
        links={"recommendations": [recommendation]},
    )


def edit_address(action) -> str:
    return reverse("followup:action-edit", args=[action.pk])


def test_focal_points_old_page_does_not_put_back_the_deadline_the_coordinator_moved(
    client, coordinator, focal_point, action
):
    """The issue's case: the coordinator moves the deadline while the focal point has the form
    open; the focal point changes the description and saves (and, if refused, saves again)."""
    client.force_login(focal_point)
    old_page = form_values(client.get(edit_address(action)))
    action_update(
        action=action,
        user=coordinator,
        base_version=action.version,
        deadline=datetime.date(2031, 6, 30),
    )
    old_page["description"] = ["Draft the bill and consult the bar."]
    response = client.post(edit_address(action), old_page)
    if response.status_code == 409:  # what the user does after a refusal: save again
        response = client.post(edit_address(action), form_values(response))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.deadline == datetime.date(2031, 6, 30)
    assert action.description == "Draft the bill and consult the bar."
    mine = audit_history(obj=action).filter(user=focal_point)
    assert [entry.changes for entry in mine] == [
        {"description": ["Draft the bill.", "Draft the bill and consult the bar."]}
    ]


def test_merged_save_tells_who_changed_what_meanwhile(client, coordinator, focal_point, action):
    client.force_login(focal_point)
    old_page = form_values(client.get(edit_address(action)))
    action_update(
        action=action, user=coordinator, base_version=1, deadline=datetime.date(2031, 6, 30)
    )
    old_page["description"] = ["Consult the bar."]
    response = client.post(edit_address(action), old_page, follow=True)
    text = response.content.decode()
    assert "The action was saved." in text
    assert f"Meanwhile {coordinator.get_full_name() or coordinator.username} changed" in text
    assert "Deadline" in text


def test_a_field_both_changed_is_shown_side_by_side_and_chosen_explicitly(
    client, coordinator, focal_point, action
):
    client.force_login(focal_point)
    old_page = form_values(client.get(edit_address(action)))
    action_update(
        action=action,
        user=coordinator,
        base_version=1,
        deadline=datetime.date(2031, 6, 30),
        title="Legal aid act",
    )
    old_page["deadline"] = ["2032-01-31"]
    old_page["description"] = ["Consult the bar."]
    conflict = client.post(edit_address(action), old_page)
    assert conflict.status_code == 409
    text = conflict.content.decode()
    assert "2030-01-01" in text and "2031-06-30" in text and "2032-01-31" in text
    assert "Keep mine" in text and "Keep theirs" in text
    action.refresh_from_db()
    assert (action.deadline, action.description, action.version) == (
        datetime.date(2031, 6, 30),
        "Draft the bill.",
        2,
    )
    # Saving again without choosing is refused, and still nothing is written.
    again = form_values(conflict)
    assert again["title"] == ["Legal aid act"]  # only they changed it: the form now holds theirs
    refused = client.post(edit_address(action), again)
    assert refused.status_code == 400
    assert "Choose whose value to keep: Deadline." in refused.content.decode()
    action.refresh_from_db()
    assert action.description == "Draft the bill." and action.version == 2
    # Keeping theirs writes the rest of the user's changes only.
    again["keep_deadline"] = ["theirs"]
    assert client.post(edit_address(action), again).status_code == 302
    action.refresh_from_db()
    assert action.deadline == datetime.date(2031, 6, 30)
    assert action.description == "Consult the bar." and action.title == "Legal aid act"
    entry = audit_history(obj=action).filter(user=focal_point).get()
    assert set(entry.changes) == {"description"}


def test_keeping_mine_writes_my_value_over_theirs(client, coordinator, focal_point, action):
    client.force_login(focal_point)
    old_page = form_values(client.get(edit_address(action)))
    action_update(
        action=action, user=coordinator, base_version=1, deadline=datetime.date(2031, 6, 30)
    )
    old_page["deadline"] = ["2032-01-31"]
    again = form_values(client.post(edit_address(action), old_page))
    again["keep_deadline"] = ["mine"]
    assert client.post(edit_address(action), again).status_code == 302
    action.refresh_from_db()
    assert action.deadline == datetime.date(2032, 1, 31)
    entry = audit_history(obj=action).filter(user=focal_point).get()
    assert entry.changes == {"deadline": ["2031-06-30", "2032-01-31"]}


def test_links_count_as_fields_other_recommendations_added_meanwhile_stay(
    client, coordinator, action, recommendation
):
    extra = make_recommendation(document=recommendation.document)
    client.force_login(coordinator)
    old_page = form_values(client.get(edit_address(action)))
    action_update(
        action=action,
        user=coordinator,
        base_version=1,
        links={"recommendations": [recommendation, extra]},
    )
    old_page["title"] = ["Legal aid act"]
    assert client.post(edit_address(action), old_page).status_code == 302
    action.refresh_from_db()
    assert set(action.recommendations.all()) == {recommendation, extra}
    assert action.title == "Legal aid act"


def test_viewer_cannot_edit_an_action_even_with_a_crafted_base(client, viewer, action):
    client.force_login(viewer)
    response = client.post(
        edit_address(action), {"title": "Hijacked", "initial-title": "Hijacked", "version": 1}
    )
    assert response.status_code in (403, 404)
    assert Action.objects.get().title == "Legal aid reform"


# Progress updates ---------------------------------------------------------------------------


@pytest.fixture
def colleague(focal_point):
    """A second focal point of the same ministry, who may correct the same drafts."""
    user = user_create(username="second-focal", password=PASSWORD, role=User.Role.FOCAL_POINT)
    user.institutions.add(*focal_point.institutions.all())
    return user


@pytest.fixture
def draft(focal_point, recommendation):
    from rectrack.followup.services.updates import progress_update_create

    return progress_update_create(
        user=focal_point,
        recommendation=recommendation,
        narrative="The bill was drafted.",
        status="in_progress",
    )


def test_progress_update_colleagues_changes_to_other_fields_are_kept(
    client, colleague, focal_point, draft
):
    from rectrack.followup.services.updates import progress_update_edit

    address = reverse("followup:update-edit", args=[draft.pk])
    client.force_login(focal_point)
    old_page = form_values(client.get(address))
    progress_update_edit(
        update=draft, user=colleague, base_version=1, period_start=datetime.date(2026, 1, 1)
    )
    old_page["narrative"] = ["The bill passed a first reading."]
    response = client.post(address, old_page)
    if response.status_code == 409:
        response = client.post(address, form_values(response))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.period_start == datetime.date(2026, 1, 1)
    assert draft.narrative == "The bill passed a first reading."


def test_progress_update_narrative_both_changed_must_be_chosen(
    client, colleague, focal_point, draft
):
    from rectrack.followup.services.updates import progress_update_edit

    address = reverse("followup:update-edit", args=[draft.pk])
    client.force_login(focal_point)
    old_page = form_values(client.get(address))
    progress_update_edit(update=draft, user=colleague, base_version=1, narrative="Theirs.")
    old_page["narrative"] = ["Mine."]
    conflict = client.post(address, old_page)
    assert conflict.status_code == 409
    text = conflict.content.decode()
    assert "Theirs." in text and "Mine." in text and "Keep mine" in text
    again = form_values(conflict)
    again["keep_narrative"] = ["mine"]
    assert client.post(address, again).status_code == 302
    draft.refresh_from_db()
    assert draft.narrative == "Mine."


def test_service_merges_a_stale_edit_of_other_fields_and_refuses_one_both_changed(
    coordinator, focal_point, action
):
    from rectrack.followup.services.planning import ConflictError

    action_update(action=action, user=coordinator, base_version=1, title="Legal aid act")
    merged = action_update(action=action, user=focal_point, base_version=1, status="ongoing")
    assert (merged.title, merged.status, merged.version) == ("Legal aid act", "ongoing", 3)
    assert merged.changed_meanwhile == {"title": coordinator.username}
    with pytest.raises(ConflictError) as conflict:
        action_update(action=action, user=focal_point, base_version=1, title="Mine")
    assert conflict.value.fields == ["title"]
    assert conflict.value.changes["title"] == ["Legal aid reform", "Legal aid act"]
    assert conflict.value.mine == {"title": "Mine"}
    action.refresh_from_db()
    assert action.title == "Legal aid act" and action.version == 3


def test_evidence_added_after_a_colleagues_edit_does_not_hide_that_edit(
    colleague, focal_point, draft
):
    """Steps recorded without a new version (evidence, a hand-over) must not push the
    colleague's change out of sight: what changed is read by version, not by counting."""
    from rectrack.followup.services.planning import ConflictError
    from rectrack.followup.services.updates import evidence_add, progress_update_edit

    progress_update_edit(update=draft, user=colleague, base_version=1, narrative="Theirs.")
    evidence_add(update=draft, user=colleague, link="https://example.org/gazette")
    with pytest.raises(ConflictError) as conflict:
        progress_update_edit(update=draft, user=focal_point, base_version=1, narrative="Mine.")
    assert conflict.value.fields == ["narrative"]
    draft.refresh_from_db()
    assert draft.narrative == "Theirs."


def test_saving_without_a_change_makes_no_version_and_no_false_conflict_later(
    colleague, focal_point, draft
):
    from rectrack.followup.services.updates import progress_update_edit

    progress_update_edit(update=draft, user=colleague, base_version=1, narrative="Theirs.")
    unchanged = progress_update_edit(
        update=draft, user=colleague, base_version=2, narrative="Theirs."
    )
    assert unchanged.version == 2
    # A page opened at version 2 changes the period only: nothing clashes with it.
    saved = progress_update_edit(
        update=draft, user=focal_point, base_version=2, period_end=datetime.date(2026, 6, 30)
    )
    assert saved.version == 3 and saved.narrative == "Theirs."
    assert saved.changed_meanwhile == {}
