"""The audit trail's pages: administrators list every change by user and date range; each
object's page shows its history (audit/_history.html); nothing here can change the trail."""

import datetime
import decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from rectrack.audit.models import AuditEntry
from rectrack.audit.selectors import audit_history
from rectrack.audit.services import audit_record
from rectrack.followup.services.planning import action_create, action_update
from rectrack.institutions.models import Institution
from rectrack.institutions.services import institution_delete, institution_save

pytestmark = pytest.mark.django_db
HOSTILE = "<b onmouseover=alert(1)>bold</b>"


@pytest.fixture
def justice(db):
    return Institution.objects.create(name="Ministry of Justice", code="MOJ")


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@pytest.fixture
def trail(coordinator, admin, justice):
    """Three changes: two by the coordinator (January and March), one by the administrator."""
    action = action_create(user=coordinator, title="Legal aid", lead_institution=justice)
    action_update(action=action, user=coordinator, base_version=1, title="Legal aid reform")
    action = action_create(user=admin, title="Prison census", lead_institution=justice)
    entries = list(AuditEntry.objects.filter(model="followup.action").order_by("pk"))
    for entry, day in zip(entries, ["2025-01-10", "2025-03-05", "2025-03-20"], strict=True):
        AuditEntry.objects.filter(pk=entry.pk).update(at=at(datetime.date.fromisoformat(day)))
    return entries


def titles(response) -> list[str]:
    return [entry.object_repr for entry in response.context["page"].object_list]


def test_only_administrators_see_the_trail(client, coordinator, focal_point, viewer, admin, trail):
    url = reverse("audit:list")
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    for user in (coordinator, focal_point, viewer):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(admin)
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == AuditEntry.objects.count() >= 3


def test_the_trail_is_read_only_from_the_interface(client, admin, trail):
    client.force_login(admin)
    before = AuditEntry.objects.count()
    assert client.post(reverse("audit:list"), {"user": admin.pk}).status_code == 200
    assert AuditEntry.objects.count() == before
    entry = trail[0]
    admin_change = reverse("admin:audit_auditentry_change", args=[entry.pk])
    assert client.post(admin_change, {"object_repr": "forged"}).status_code == 403
    delete = reverse("admin:audit_auditentry_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).object_repr == "Legal aid"


def test_trail_is_filtered_by_user_and_date_range(client, admin, coordinator, trail):
    client.force_login(admin)
    url = reverse("audit:list")
    by_coordinator = client.get(url, {"user": coordinator.pk})
    assert titles(by_coordinator) == ["Legal aid reform", "Legal aid"]
    march = client.get(url, {"since": "2025-03-01", "until": "2025-03-31"})
    assert titles(march) == ["Prison census", "Legal aid reform"]
    both = client.get(url, {"user": coordinator.pk, "since": "2025-03-01"})
    assert titles(both) == ["Legal aid reform"]
    assert titles(client.get(url, {"until": "2025-01-10"})) == ["Legal aid"]
    backwards = client.get(url, {"since": "2025-03-31", "until": "2025-03-01"})
    assert backwards.status_code == 200 and backwards.context["page"] is None
    assert "The end of the range cannot be before its start." in backwards.content.decode()


def test_trail_shows_old_and_new_values(client, admin, trail):
    client.force_login(admin)
    text = client.get(reverse("audit:list")).content.decode()
    assert "Legal aid → Legal aid reform" in text
    assert "cora-coordinator" in text and "Changed" in text and "Created" in text


def test_trail_pages_without_a_query_per_entry(
    client, admin, coordinator, justice, django_assert_max_num_queries
):
    for number in range(60):
        action_create(user=coordinator, title=f"Action {number}", lead_institution=justice)
    client.force_login(admin)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("audit:list"))
    assert len(response.context["page"].object_list) == 50
    assert response.context["page"].paginator.num_pages == 2


def test_history_partial_shows_who_when_and_old_to_new_escaped(coordinator, justice):
    action = action_create(user=coordinator, title="Legal aid", lead_institution=justice)
    action_update(
        action=action,
        user=coordinator,
        base_version=1,
        title=HOSTILE,
        links={"supporting_institutions": [justice]},
    )
    html = render_to_string("audit/_history.html", {"entries": audit_history(obj=action)})
    assert HOSTILE not in html
    assert "&lt;b onmouseover=alert(1)&gt;bold&lt;/b&gt;" in html
    assert "cora-coordinator" in html and "Changed" in html and "Created" in html
    assert "<td>Legal aid</td>" in html
    assert "<td>Ministry of Justice</td>" in html  # a many-to-many list, joined
    assert "History" in html
    assert "No recorded changes." in render_to_string("audit/_history.html", {"entries": []})


def test_history_partial_names_the_system_when_no_user_made_the_change(justice):
    audit_record(user=None, action=AuditEntry.Action.DELETE, obj=justice)
    html = render_to_string("audit/_history.html", {"entries": audit_history(obj=justice)})
    assert "system" in html and "Deleted" in html and "MOJ" in html


def test_institution_changes_from_the_admin_are_audited(client, admin):
    client.force_login(admin)
    response = client.post(
        reverse("admin:institutions_institution_add"),
        {"name": "Ministry of Finance", "code": "MOF", "kind": "ministry", "parent": ""},
    )
    assert response.status_code == 302
    finance = Institution.objects.get(code="MOF")
    response = client.post(
        reverse("admin:institutions_institution_change", args=[finance.pk]),
        {
            "name": "Ministry of Finance and Planning",
            "code": "MOF",
            "kind": "ministry",
            "parent": "",
        },
    )
    assert response.status_code == 302
    actions = [(e.action, e.user, e.changes.get("name")) for e in audit_history(obj=finance)]
    assert actions == [
        ("update", admin, ["Ministry of Finance", "Ministry of Finance and Planning"]),
        ("create", admin, [None, "Ministry of Finance"]),
    ]


def test_institution_services_refuse_focal_points_and_loops(focal_point, coordinator, justice):
    with pytest.raises(PermissionDenied):
        institution_save(institution=justice, user=focal_point)
    directorate = institution_save(
        institution=Institution(name="Legal aid directorate", code="MOJ-LA", parent=justice),
        user=coordinator,
    )
    justice.parent = directorate
    with pytest.raises(ValidationError):
        institution_save(institution=justice, user=coordinator)
    pk = directorate.pk
    institution_delete(institution=directorate, user=coordinator)
    entry = AuditEntry.objects.filter(model="institutions.institution", object_id=str(pk)).first()
    assert (entry.action, entry.changes["code"]) == ("delete", ["MOJ-LA", None])


def test_follow_up_admin_is_read_only(client, admin, coordinator, justice):
    action = action_create(user=coordinator, title="Legal aid", lead_institution=justice)
    client.force_login(admin)
    assert client.get(reverse("admin:followup_action_changelist")).status_code == 200
    assert client.get(reverse("admin:followup_action_change", args=[action.pk])).status_code == 200
    assert client.get(reverse("admin:followup_action_add")).status_code == 403
    response = client.post(
        reverse("admin:followup_action_change", args=[action.pk]), {"title": "Changed in admin"}
    )
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.title == "Legal aid"


def test_history_shows_field_labels_choice_labels_and_local_dates(coordinator, justice):
    action = action_create(user=coordinator, title="Legal aid", lead_institution=justice)
    action_update(
        action=action,
        user=coordinator,
        base_version=1,
        budget_amount=decimal.Decimal("150000.50"),
        deadline=datetime.date(2026, 12, 1),
        status="ongoing",
    )
    html = render_to_string("audit/_history.html", {"entries": audit_history(obj=action)})
    for raw in ("budget_amount", "150000.5<", "2026-12-01", ">ongoing<", "lead_institution"):
        assert raw not in html
    assert '<th scope="row">Budget</th>' in html and "<td>150000.50</td>" in html
    assert '<th scope="row">Deadline</th>' in html and "<td>Dec. 1, 2026</td>" in html
    assert '<th scope="row">Status</th>' in html
    assert "<td>Planned</td>" in html and "<td>Ongoing</td>" in html
    assert '<th scope="row">Lead institution</th>' in html
    assert "<td>Ministry of Justice</td>" in html  # a foreign key by its name
    with translation.override("fr"):
        french = render_to_string("audit/_history.html", {"entries": audit_history(obj=action)})
    assert "150000,50" in french and "1 décembre 2026" in french


@override_settings(TIME_ZONE="Africa/Nairobi")
def test_history_shows_moments_in_the_site_time_zone(coordinator, justice):
    entry = AuditEntry.objects.create(
        action=AuditEntry.Action.UPDATE,
        model="followup.progressupdate",
        object_id="1",
        object_repr="Update",
        changes={
            "submitted_at": [None, "2026-12-01 21:23:13.745445+00:00"],
            "state": ["draft", "submitted"],
        },
    )
    html = render_to_string("audit/_history.html", {"entries": [entry]})
    assert "2026-12-01 21:23" not in html and "+00:00" not in html
    assert '<th scope="row">Submitted</th>' in html
    assert "<td>Dec. 2, 2026, 12:23 a.m.</td>" in html  # Nairobi is three hours ahead of UTC
    assert "<td>Draft</td>" in html and "<td>Submitted</td>" in html


def test_trail_names_fields_and_kinds_of_object_as_people_read_them(client, admin, trail):
    client.force_login(admin)
    text = client.get(reverse("audit:list")).content.decode()
    assert "<strong>Title</strong>:" in text and "<strong>title</strong>" not in text
    assert "(Action " in text and "followup.action" not in text


def test_history_of_an_imported_recommendation_names_the_import_in_words(coordinator):
    entry = AuditEntry.objects.create(
        action=AuditEntry.Action.CREATE,
        model="recommendations.recommendation",
        object_id="1",
        object_repr="A/HRC/43/15 121.1",
        changes={"import": [None, "upr.csv, row 2"], "position": [None, "noted"]},
    )
    html = render_to_string("audit/_history.html", {"entries": [entry]})
    assert '<th scope="row">Import</th>' in html and "<td>upr.csv, row 2</td>" in html
    assert '<th scope="row">Position of the State</th>' in html and "<td>Noted</td>" in html
