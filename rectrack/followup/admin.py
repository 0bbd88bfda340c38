"""The follow-up workflow in the Django admin: for looking things up only. Actions, updates,
requests and the rest are changed on Rectrack's own pages, where permissions, optimistic
locking and the audit trail apply; an admin form would bypass all three."""

from django.contrib import admin

from rectrack.accounts.permissions import is_administrator
from rectrack.followup.models import (
    Action,
    Assignment,
    Comment,
    Evidence,
    Indicator,
    Measurement,
    Notification,
    ProgressUpdate,
    ReminderSent,
    UpdateRequest,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ("recommendation", "institution", "role", "updated_at")
    list_filter = ("role", "institution")
    search_fields = ("recommendation__reference", "recommendation__text", "institution__name")
    list_select_related = ("recommendation__document__mechanism", "institution")


@admin.register(Action)
class ActionAdmin(ReadOnlyAdmin):
    list_display = ("title", "lead_institution", "status", "start_date", "deadline", "version")
    list_filter = ("status", "lead_institution")
    search_fields = ("title", "description", "funding_source")
    date_hierarchy = "deadline"
    list_select_related = ("lead_institution",)


class MeasurementInline(ReadOnlyInline):
    model = Measurement
    fields = ("date", "value", "note")


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ("title", "unit", "baseline_value", "target_value", "target_year")
    search_fields = ("title", "data_source")
    inlines = [MeasurementInline]


class EvidenceInline(ReadOnlyInline):
    model = Evidence
    fields = ("original_name", "content_type", "size", "link", "created_at")


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "institution", "author", "state", "status", "created_at")
    list_filter = ("state", "status", "set_directly", "institution")
    search_fields = ("narrative", "review_comment")
    list_select_related = ("recommendation__document__mechanism", "action", "institution", "author")
    inlines = [EvidenceInline]


@admin.register(UpdateRequest)
class UpdateRequestAdmin(ReadOnlyAdmin):
    list_display = ("title", "due_date", "created_by", "created_at")
    search_fields = ("title", "message")
    date_hierarchy = "due_date"
    list_select_related = ("created_by",)


@admin.register(ReminderSent)
class ReminderSentAdmin(ReadOnlyAdmin):
    list_display = ("request", "user", "reason", "sent_at")
    list_filter = ("reason",)
    list_select_related = ("request", "user")


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    """Comments may be removed by an administrator (moderation); never edited."""

    list_display = ("__str__", "author", "action", "recommendation", "created_at")
    search_fields = ("body",)
    list_select_related = ("author", "action", "recommendation__document__mechanism")

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_administrator(request.user)


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    """Who was told what, and whether the e-mail went out (attempts and the last error)."""

    list_display = ("recipient", "kind", "subject", "created_at", "read_at", "email")
    list_filter = ("kind", "email")
    search_fields = ("recipient__username", "recipient__email", "subject")
    list_select_related = ("recipient",)
    date_hierarchy = "created_at"
