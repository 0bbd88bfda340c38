import pytest
from django.urls import reverse

from rectrack.accounts.models import User
from rectrack.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_changing_a_user_in_the_admin_is_audited_without_secrets(client, admin, viewer):
    client.force_login(admin)
    url = reverse("admin:accounts_user_change", args=[viewer.pk])
    form = client.get(url).context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None}
    data.update(
        username=viewer.username,
        role=User.Role.COORDINATOR,
        is_active="on",
        institutions=[],
        groups=[],
        user_permissions=[],
        date_joined_0="2026-01-01",
        date_joined_1="00:00:00",
    )
    data.pop("password", None)
    data.pop("last_login", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    viewer.refresh_from_db()
    assert viewer.role == User.Role.COORDINATOR
    entry = AuditEntry.objects.filter(model="accounts.user", action="update").get()
    assert entry.user == admin
    assert entry.changes["role"] == ["viewer", "coordinator"]
    assert "password" not in entry.changes


def test_creating_a_user_is_audited_without_the_password_hash(admin):
    entry = AuditEntry.objects.get(model="accounts.user", object_id=str(admin.pk))
    assert entry.action == "create"
    assert "password" not in entry.changes and entry.changes["role"] == [None, "administrator"]


def test_only_administrators_reach_the_admin(client, coordinator, viewer):
    for user in (coordinator, viewer):
        client.force_login(user)
        response = client.get(reverse("admin:accounts_user_changelist"))
        assert response.status_code == 302
        assert "/admin/login/" in response.url


def test_administrators_see_who_has_an_authenticator_never_its_secret_and_can_remove_it(
    client, admin, coordinator
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=coordinator, name="Authenticator app", confirmed=True)
    client.force_login(admin)
    listing = client.get(reverse("admin:otp_totp_totpdevice_changelist")).content.decode()
    assert coordinator.username in listing and device.key not in listing
    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert page.status_code == 200 and device.key not in page.content.decode()
    response = client.post(
        reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"}
    )
    assert response.status_code == 302 and not TOTPDevice.objects.exists()
    assert AuditEntry.objects.filter(action="delete", model="otp_totp.totpdevice").exists()
    assert client.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403
