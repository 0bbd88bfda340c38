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
        email="victor@example.gov",
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


def _add_user(client, **fields):
    data = {
        "username": "nadia-new",
        "email": "nadia@example.gov",
        "first_name": "Nadia",
        "last_name": "Haddad",
        "role": User.Role.FOCAL_POINT,
        "institutions": [],
    }
    data.update(fields)
    return client.post(reverse("admin:accounts_user_add"), data)


def test_adding_a_user_asks_no_password_and_invites_them_to_choose_one(
    client, admin, mailoutbox, settings
):
    settings.RECTRACK_BASE_URL = "https://nmirf.example.gov"
    client.force_login(admin)
    form_page = client.get(reverse("admin:accounts_user_add")).content.decode()
    assert 'name="email"' in form_page and 'name="password1"' not in form_page
    response = _add_user(client)
    assert response.status_code == 302
    user = User.objects.get(username="nadia-new")
    assert user.email == "nadia@example.gov" and not user.has_usable_password()
    assert user.invited_at is not None
    [mail] = mailoutbox
    assert mail.to == ["nadia@example.gov"] and mail.subject == "Your Rectrack account"
    assert "Hello Nadia Haddad," in mail.body and "Your user name: nadia-new" in mail.body
    assert "for 72 hours" in mail.body
    [link] = [line for line in mail.body.splitlines() if "/accounts/welcome/" in line]
    assert link.startswith("https://nmirf.example.gov/accounts/welcome/")
    entries = AuditEntry.objects.filter(model="accounts.user", object_id=str(user.pk))
    assert [entry.action for entry in entries.order_by("pk")] == ["create", "update"]
    assert list(entries.get(action="update").changes) == ["invited_at"]

    # The new user follows the link, chooses a password and signs in with it.
    client.logout()
    path = link.removeprefix("https://nmirf.example.gov")
    page = client.get(path, follow=True)
    assert "Welcome to Rectrack" in page.content.decode() and "nadia-new" in page.content.decode()
    set_url = page.redirect_chain[-1][0]
    done = client.post(
        set_url,
        {"new_password1": "a-long-passphrase-9", "new_password2": "a-long-passphrase-9"},
        follow=True,
    )
    assert "Your password is set. Sign in with it now." in done.content.decode()
    signed_in = client.post(
        reverse("login"), {"username": "nadia-new", "password": "a-long-passphrase-9"}
    )
    assert signed_in.status_code == 302 and signed_in.url == reverse("followup:landing")
    # The link works once.
    again = client.get(path, follow=True).content.decode()
    assert "This invitation no longer works" in again


def test_the_email_address_is_required_and_unique_among_active_users(client, admin, mailoutbox):
    client.force_login(admin)
    missing = _add_user(client, email="")
    assert "Give the user&#x27;s e-mail address." in missing.content.decode()
    User.objects.filter(pk=admin.pk).update(email="Ada@Example.gov")
    taken = _add_user(client, email="ada@example.gov")
    assert "Another active user has this e-mail address." in taken.content.decode()
    assert not User.objects.filter(username="nadia-new").exists() and mailoutbox == []


def test_an_administrator_can_send_the_invitation_again_but_not_to_who_has_a_password(
    client, admin, viewer, mailoutbox
):
    client.force_login(admin)
    _add_user(client)
    User.objects.filter(pk=viewer.pk).update(email="victor@example.gov")
    invited = User.objects.get(username="nadia-new")
    mailoutbox.clear()
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "invite", "_selected_action": [invited.pk, viewer.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "An invitation to choose a password was e-mailed to nadia@example.gov." in page
    assert "The user victor-viewer already has a password" in page
    assert [mail.to for mail in mailoutbox] == [["nadia@example.gov"]]


def test_an_invitation_that_cannot_be_sent_leaves_the_user_created_and_says_so(
    client, admin, monkeypatch
):
    import smtplib

    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("connection closed")

    monkeypatch.setattr("rectrack.accounts.services.send_mail", refuse)
    client.force_login(admin)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {"username": "nadia-new", "email": "nadia@example.gov", "role": User.Role.VIEWER},
        follow=True,
    )
    assert "The invitation to nadia-new could not be sent" in response.content.decode()
    user = User.objects.get(username="nadia-new")
    assert user.invited_at is None


def test_unticking_active_on_a_focal_point_is_refused_and_points_to_the_hand_over(
    client, admin, focal_point
):
    User.objects.filter(pk=focal_point.pk).update(email="fatima@example.gov")
    client.force_login(admin)
    url = reverse("admin:accounts_user_change", args=[focal_point.pk])
    page = client.get(url).content.decode()
    assert reverse("followup:user-deactivate", args=[focal_point.pk]) in page
    data = {
        "username": focal_point.username,
        "email": "fatima@example.gov",
        "role": User.Role.FOCAL_POINT,
        "institutions": [],
        "groups": [],
        "user_permissions": [],
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
    }  # "is_active" not ticked
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Deactivate and hand over their work" in response.content.decode()
    focal_point.refresh_from_db()
    assert focal_point.is_active


def test_an_active_focal_point_cannot_be_deleted_only_deactivated(client, admin, focal_point):
    client.force_login(admin)
    page = client.get(reverse("admin:accounts_user_delete", args=[focal_point.pk]))
    assert page.status_code == 403
    selected = {"action": "delete_selected", "_selected_action": [focal_point.pk]}
    changelist = reverse("admin:accounts_user_changelist")
    assert "Cannot delete user" in client.post(changelist, selected).content.decode()
    assert client.post(changelist, {**selected, "post": "yes"}).status_code == 403
    assert User.objects.filter(pk=focal_point.pk).exists()


def test_changing_a_user_still_requires_their_email_address(client, admin, viewer):
    client.force_login(admin)
    url = reverse("admin:accounts_user_change", args=[viewer.pk])
    response = client.post(
        url,
        {
            "username": viewer.username,
            "email": "",
            "role": User.Role.VIEWER,
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert "Give the user&#x27;s e-mail address." in response.content.decode()


def test_a_new_administrator_gets_the_administration_pages_as_with_user_create(
    client, admin, mailoutbox
):
    client.force_login(admin)
    _add_user(client, role=User.Role.ADMINISTRATOR)
    user = User.objects.get(username="nadia-new")
    assert (user.is_staff, user.is_superuser) == (True, True)
    _add_user(client, username="vera-viewer", email="vera@example.gov", role=User.Role.VIEWER)
    assert not User.objects.get(username="vera-viewer").is_staff
    assert len(mailoutbox) == 2
