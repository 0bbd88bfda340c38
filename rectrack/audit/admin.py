from django.contrib import admin

from rectrack.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the trail cannot be edited from the interface."""

    list_display = ("at", "user", "action", "model", "object_repr")
    list_filter = ("action", "model")
    search_fields = ("object_repr",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
