from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from rectrack.institutions.models import Institution
from rectrack.institutions.services import institution_delete, institution_save


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    """Saved through the institution services, so every change is in the audit trail."""

    list_display = ("name", "code", "kind", "parent")
    list_filter = ("kind",)
    search_fields = ("name", "code")
    autocomplete_fields = ("parent",)
    list_select_related = ("parent",)
    readonly_fields = ("focal_points",)

    @admin.display(description=_("focal points"))
    def focal_points(self, obj: Institution) -> str:
        if not obj.pk:
            return "—"
        return ", ".join(str(user) for user in obj.members.order_by("username")) or "—"

    def save_model(self, request, obj, form, change) -> None:
        institution_save(institution=obj, user=request.user)

    def delete_model(self, request, obj) -> None:
        institution_delete(institution=obj, user=request.user)

    def delete_queryset(self, request, queryset) -> None:
        for institution in queryset:
            institution_delete(institution=institution, user=request.user)
