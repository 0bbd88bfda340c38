from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from rectrack.accounts.forms import UserChangeForm, UserInviteForm
from rectrack.accounts.models import ApiToken, User
from rectrack.accounts.permissions import needs_handover
from rectrack.accounts.services import api_token_revoke, user_invite
from rectrack.audit.mixins import AuditedAdminMixin
from rectrack.audit.models import AuditEntry
from rectrack.audit.services import audit_record
from rectrack.core.errors import ApplicationError

# The follow-up app's page deactivating a focal point (named, not imported: apps depend one way).
DEACTIVATE_URL_NAME = "followup:user-deactivate"


@admin.register(User)
class UserAdmin(AuditedAdminMixin, DjangoUserAdmin):
    """Users are added without a password and invited by e-mail to choose their own; a focal
    point is deactivated on the follow-up app's hand-over page, never by unticking "active"."""

    form = UserChangeForm
    add_form = UserInviteForm
    list_display = (
        "username",
        "email",
        "first_name",
        "last_name",
        "role",
        "is_active",
        "invited_at",
    )
    list_filter = ("role", "is_active", "is_staff")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (
            _("Rectrack"),
            {"fields": ("role", "institutions", "language", "invited_at", "deactivation")},
        ),
    )
    add_fieldsets = (
        (
            None,
            {
                "fields": ("username", "email", "first_name", "last_name"),
                "description": _(
                    "No password here: the new user is e-mailed a link to choose their own."
                ),
            },
        ),
        (_("Rectrack"), {"fields": ("role", "institutions", "language")}),
    )
    readonly_fields = ("invited_at", "deactivation")
    filter_horizontal = ("groups", "user_permissions", "institutions")
    actions = ["invite"]

    @admin.display(description=_("Deactivation"))
    def deactivation(self, obj) -> str:
        if obj is None or not needs_handover(obj):
            return "—"
        try:
            url = reverse(DEACTIVATE_URL_NAME, args=[obj.pk])
        except NoReverseMatch:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', url, gettext("Deactivate and hand over their work")
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and needs_handover(obj):
            return False  # their drafts would be left with nobody
        return super().has_delete_permission(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            self._invite(request, form.instance)

    def _invite(self, request, user) -> None:
        """Send the invitation and say how it went; a mail failure leaves the user as saved."""
        try:
            user_invite(user=user, by=request.user)
        except ApplicationError as error:
            self.message_user(request, error.message, messages.WARNING)
        except OSError as error:  # the mail server refused or is unreachable
            message = gettext(
                "The invitation to %(user)s could not be sent (%(error)s); send it again from "
                "the list of users."
            ) % {"user": user.get_username(), "error": error}
            self.message_user(request, message, messages.ERROR)
        else:
            message = gettext("An invitation to choose a password was e-mailed to %(email)s.")
            self.message_user(request, message % {"email": user.email}, messages.SUCCESS)

    @admin.action(description=_("Send the invitation (again)"))
    def invite(self, request, queryset) -> None:
        for user in queryset:
            self._invite(request, user)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Administrators see every token (never its secret) and revoke one when someone leaves."""

    list_filter = ("revoked_at",)
    search_fields = ("name", "user__username", "prefix")
    list_display = ("name", "user", "prefix", "created_at", "expires_at", "revoked_at")
    readonly_fields = (
        "user",
        "name",
        "prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False  # tokens are made by their owners, who alone see the secret

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset) -> None:
        for token in queryset:
            api_token_revoke(token=token, user=request.user)


# django-otp's own admin shows and edits each authenticator's secret; administrators only
# need to see who has one and to remove it when someone loses their phone.
admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class AuthenticatorAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "confirmed", "created_at", "last_used_at")
    list_filter = ("confirmed",)
    search_fields = ("user__username",)
    fields = ("user", "name", "confirmed", "created_at", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False  # set up by each user on their profile page, with their own phone

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def delete_model(self, request, obj) -> None:
        audit_record(user=request.user, action=AuditEntry.Action.DELETE, obj=obj)
        super().delete_model(request, obj)
