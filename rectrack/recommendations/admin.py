from django.contrib import admin

from rectrack.audit.mixins import AuditedAdminMixin
from rectrack.recommendations.models import (
    AffectedGroup,
    Cluster,
    Country,
    Document,
    Mechanism,
    Recommendation,
    SdgGoal,
    SdgTarget,
    Theme,
)


@admin.register(Mechanism)
class MechanismAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind")
    list_filter = ("kind",)
    search_fields = ("code", "name")


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("__str__", "mechanism", "country", "cycle", "session", "date", "status")
    list_filter = ("mechanism", "status")
    search_fields = ("symbol", "title")
    list_select_related = ("mechanism", "country")


@admin.register(Recommendation)
class RecommendationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("reference", "document", "position", "type", "date")
    list_filter = ("document__mechanism", "position", "type")
    search_fields = ("reference", "text", "uhri_annotation_id")
    list_select_related = ("document__mechanism",)
    autocomplete_fields = (
        "document",
        "recommending_countries",
        "themes",
        "affected_groups",
        "sdg_targets",
        "clusters",
    )
    readonly_fields = ("import_run", "source_location", "created_at", "updated_at")


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "parent")
    search_fields = ("code", "name")
    list_select_related = ("parent",)


@admin.register(AffectedGroup, Country, Cluster)
class NamedAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(SdgGoal)
class SdgGoalAdmin(admin.ModelAdmin):
    list_display = ("number", "short_title", "title")
    search_fields = ("title", "short_title")


@admin.register(SdgTarget)
class SdgTargetAdmin(admin.ModelAdmin):
    list_display = ("code", "title")
    list_filter = ("goal",)
    search_fields = ("code", "title")
