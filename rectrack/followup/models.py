"""The implementation plan and its follow-up: who leads on each recommendation, the actions
that answer recommendations, indicators, progress updates and their review, update requests,
reminders and comments."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rectrack.core.choices import ImplementationStatus
from rectrack.core.models import TimeStampedModel


class Assignment(TimeStampedModel):
    """An institution's responsibility for a recommendation: one lead, any supporting."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        SUPPORTING = "supporting", _("Supporting")

    recommendation = models.ForeignKey(
        "recommendations.Recommendation",
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)

    class Meta:
        ordering = ["role", "institution__name"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "institution"], name="assignment_once_per_institution"
            ),
            models.UniqueConstraint(
                fields=["recommendation"], condition=Q(role="lead"), name="assignment_one_lead"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution} ({self.get_role_display()})"


class Action(TimeStampedModel):
    """A measure of the national implementation plan; usually answers several recommendations."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")
        DELAYED = "delayed", _("Delayed")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    lead_institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("lead institution"),
        on_delete=models.PROTECT,
        related_name="led_actions",
    )
    supporting_institutions = models.ManyToManyField(
        "institutions.Institution",
        verbose_name=_("supporting institutions"),
        blank=True,
        related_name="supported_actions",
    )
    recommendations = models.ManyToManyField(
        "recommendations.Recommendation",
        verbose_name=_("recommendations answered"),
        blank=True,
        related_name="actions",
    )
    sdg_targets = models.ManyToManyField(
        "recommendations.SdgTarget", verbose_name=_("SDG targets"), blank=True, related_name="+"
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    budget_amount = models.DecimalField(
        _("budget"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    budget_currency = models.CharField(_("currency"), max_length=3, blank=True)
    funding_source = models.CharField(_("funding source"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        ordering = ["deadline", "title"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("followup:action-detail", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        open_statuses = {self.Status.PLANNED, self.Status.ONGOING, self.Status.DELAYED}
        return bool(
            self.deadline and self.deadline < timezone.localdate() and self.status in open_statuses
        )


class Indicator(TimeStampedModel):
    """How progress is measured: a baseline, a target, and measurements over time."""

    title = models.CharField(_("title"), max_length=255)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    target_value = models.DecimalField(
        _("target value"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    data_source = models.CharField(_("data source"), max_length=255, blank=True)
    actions = models.ManyToManyField(
        Action, verbose_name=_("actions"), blank=True, related_name="indicators"
    )
    recommendations = models.ManyToManyField(
        "recommendations.Recommendation",
        verbose_name=_("recommendations"),
        blank=True,
        related_name="indicators",
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.title


class Measurement(TimeStampedModel):
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="measurements",
    )
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["indicator", "date"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.date})"


class ProgressUpdate(TimeStampedModel):
    """What an institution reports on a recommendation or an action for a period.
    draft -> submitted -> approved, or returned with a comment and submitted again.
    Only approved updates count in statuses, dashboards and reports."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for correction")
        APPROVED = "approved", _("Approved")

    recommendation = models.ForeignKey(
        "recommendations.Recommendation",
        verbose_name=_("recommendation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="progress_updates",
    )
    action = models.ForeignKey(
        Action,
        verbose_name=_("action"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="progress_updates",
    )
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("reported by institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="progress_updates",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="progress_updates",
    )
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    narrative = models.TextField(_("narrative"))
    status = models.CharField(
        _("implementation status"), max_length=24, choices=ImplementationStatus.choices
    )
    state = models.CharField(
        _("review state"), max_length=12, choices=State.choices, default=State.DRAFT
    )
    set_directly = models.BooleanField(
        _("status set directly by a coordinator"), default=False, editable=False
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(recommendation__isnull=False, action__isnull=True)
                    | Q(recommendation__isnull=True, action__isnull=False)
                ),
                name="progress_update_on_one_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} · {self.get_status_display()} ({self.get_state_display()})"

    @property
    def subject(self):
        return self.recommendation or self.action

    def get_absolute_url(self) -> str:
        return reverse("followup:update-detail", args=[self.pk])


def evidence_path(instance: "Evidence", filename: str) -> str:
    # The stored name is ours; the uploader's file name is kept only as data.
    return f"evidence/{timezone.now():%Y/%m}/{instance.token}"


class Evidence(TimeStampedModel):
    """A file or a link that supports a progress update; files are stored outside the web root
    and served only to users who may see the update."""

    update = models.ForeignKey(
        ProgressUpdate,
        verbose_name=_("progress update"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = models.FileField(_("file"), upload_to=evidence_path, blank=True)
    token = models.CharField(max_length=40, editable=False)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("file type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    link = models.URLField(_("link"), blank=True, max_length=500)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.original_name or self.link


class UpdateRequest(TimeStampedModel):
    """A coordinator's request that institutions report on some recommendations or actions by
    a date (e.g. before a UPR mid-term report)."""

    title = models.CharField(_("title"), max_length=255)
    message = models.TextField(_("message"), blank=True)
    due_date = models.DateField(_("due date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    institutions = models.ManyToManyField(
        "institutions.Institution",
        verbose_name=_("institutions asked"),
        related_name="update_requests",
    )
    recommendations = models.ManyToManyField(
        "recommendations.Recommendation",
        verbose_name=_("recommendations"),
        blank=True,
        related_name="update_requests",
    )
    actions = models.ManyToManyField(
        Action, verbose_name=_("actions"), blank=True, related_name="update_requests"
    )

    class Meta:
        ordering = ["due_date"]
        verbose_name = _("update request")
        verbose_name_plural = _("update requests")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("followup:request-detail", args=[self.pk])

    def days_left(self, today: datetime.date | None = None) -> int:
        return (self.due_date - (today or timezone.localdate())).days


class ReminderSent(models.Model):
    """A reminder e-mailed to a focal point: never twice for the same request and reason."""

    class Reason(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")

    request = models.ForeignKey(UpdateRequest, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["request", "user", "reason"], name="reminder_once_per_reason"
            )
        ]

    def __str__(self) -> str:
        return f"{self.request} -> {self.user} ({self.reason})"


class Comment(TimeStampedModel):
    """Coordination between the secretariat and institutions on a recommendation or action."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recommendation = models.ForeignKey(
        "recommendations.Recommendation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    body = models.TextField(_("comment"))

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(recommendation__isnull=False, action__isnull=True)
                    | Q(recommendation__isnull=True, action__isnull=False)
                ),
                name="comment_on_one_subject",
            )
        ]

    def __str__(self) -> str:
        return self.body[:60]


class BulkAssignment(TimeStampedModel):
    """One bulk assignment from the recommendations list, with each recommendation's
    assignments as they were before (`previous`: {recommendation id: [[institution id,
    role], ...]}), so that it can be undone exactly, once."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=12, choices=Assignment.Role.choices)
    count = models.PositiveIntegerField(_("recommendations assigned"))
    previous = models.JSONField(_("assignments before"), default=dict, editable=False)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("undone by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("bulk assignment")
        verbose_name_plural = _("bulk assignments")

    def __str__(self) -> str:
        return f"{self.institution} ({self.get_role_display()}): {self.count}"

    def get_absolute_url(self) -> str:
        return reverse("followup:bulk-assign-result", args=[self.pk])
