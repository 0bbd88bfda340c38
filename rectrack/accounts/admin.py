from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from rectrack.accounts.models import User
from rectrack.audit.mixins import AuditedAdminMixin


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
