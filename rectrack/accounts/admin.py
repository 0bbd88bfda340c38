from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from rectrack.accounts.models import ApiToken, User
from rectrack.accounts.services import api_token_revoke
from rectrack.audit.mixins import AuditedAdminMixin
from rectrack.audit.models import AuditEntry
from rectrack.audit.services import audit_record


@admin.register(User)
class UserAdmin(AuditedAdminMixin, DjangoUserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "role", "is_active")
    list_filter = ("role", "is_active", "is_staff")
    fieldsets = (*DjangoUserAdmin.fieldsets, (_("Rectrack"), {"fields": ("role", "institutions")}))
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Rectrack"), {"fields": ("role", "institutions")}),
    )
    filter_horizontal = ("groups", "user_permissions", "institutions")


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
