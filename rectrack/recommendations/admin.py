from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from rectrack.audit.mixins import AuditedAdminMixin
from rectrack.recommendations.calendar import upr_session_latest
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
    UprSession,
    translated_columns,
)

# Names in each language: the fields modeltranslation adds, below the name as imported.
IN_EACH_LANGUAGE = (
    _("Name in each language"),
    {
        "fields": ("translated_name",),
        "description": _(
            "Shown to readers of that language; where a language has no name, readers see "
            "the name as imported."
        ),
    },
)


class NamedInEachLanguageAdmin(AuditedAdminMixin, TranslationAdmin):
    """Renaming enters the audit trail, which also refreshes the filter menus and figures
    cached under the old names."""

    search_fields = ("name", *translated_columns("translated_name"))


@admin.register(Mechanism)
class MechanismAdmin(NamedInEachLanguageAdmin):
    list_display = ("code", "name", "kind")
    list_filter = ("kind",)
    search_fields = ("code", *NamedInEachLanguageAdmin.search_fields)
    fieldsets = [
        (None, {"fields": ("code", "name", "kind", "next_report_due", "next_review_date")}),
        IN_EACH_LANGUAGE,
    ]


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
class ThemeAdmin(NamedInEachLanguageAdmin):
    list_display = ("code", "name", "parent")
    search_fields = ("code", *NamedInEachLanguageAdmin.search_fields)
    list_select_related = ("parent",)
    fieldsets = [(None, {"fields": ("name", "code", "parent")}), IN_EACH_LANGUAGE]


@admin.register(AffectedGroup)
class AffectedGroupAdmin(NamedInEachLanguageAdmin):
    fieldsets = [(None, {"fields": ("name",)}), IN_EACH_LANGUAGE]


@admin.register(Country, Cluster)
class NamedAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(SdgGoal)
class SdgGoalAdmin(TranslationAdmin):
    list_display = ("number", "short_title", "title")
    search_fields = (
        "title",
        "short_title",
        *translated_columns("translated_title"),
        *translated_columns("translated_short_title"),
    )


@admin.register(SdgTarget)
class SdgTargetAdmin(TranslationAdmin):
    list_display = ("code", "title")
    list_filter = ("goal",)
    search_fields = ("code", "title", *translated_columns("translated_title"))


@admin.register(UprSession)
class UprSessionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """The UPR calendar: administrators add each session as it is held, the form starting
    from the one after the last."""

    list_display = ("number", "cycle", "start", "end", "hrc_session", "note")
    list_filter = ("cycle",)
    fields = ("number", "cycle", "start", "end", "hrc_session", "note")

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        latest = upr_session_latest()
        if latest is not None:
            initial.setdefault("number", latest.number + 1)
            initial.setdefault("cycle", latest.cycle)
            initial.setdefault("hrc_session", latest.hrc_session + 1)
        return initial
