from rectrack.audit.models import AuditEntry
from rectrack.audit.services import audit_record, snapshot


class AuditedAdminMixin:
    """Django admin edits enter the audit trail like every other change."""

    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else None
        super().save_model(request, obj, form, change)
        self._audit_pending = (obj, before, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj, before, change = self._audit_pending
        action = AuditEntry.Action.UPDATE if change else AuditEntry.Action.CREATE
        audit_record(user=request.user, action=action, obj=obj, before=before)

    def delete_model(self, request, obj):
        audit_record(user=request.user, action=AuditEntry.Action.DELETE, obj=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit_record(user=request.user, action=AuditEntry.Action.DELETE, obj=obj)
        super().delete_queryset(request, queryset)
