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
    # Every institution the update answers for (a focal point of a ministry and of its prison
    # service may write one update for both); `institution` stays the first of them.
    institutions = models.ManyToManyField(
        "institutions.Institution",
        verbose_name=_("answers for institutions"),
        blank=True,
        related_name="answered_updates",
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
    # When its author is deactivated, a draft or returned update passes to these colleagues
    # (or coordinators), who may then edit and submit it; the author stays, so history is true.
    handed_to = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handed over to"),
        blank=True,
        editable=False,
        related_name="handed_over_updates",
    )
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


class _Facts(dict):
    """A notification's facts for its sentence: one missing (an older row) reads as empty
    rather than breaking the page."""

    def __missing__(self, key: str) -> str:
        return ""


class Notification(models.Model):
    """Something a user is told about: shown in Rectrack until read, and e-mailed at once,
    in a daily digest or not at all, as the user chose. Kept after sending, so an e-mail
    that could not be sent is retried and the page always has the whole story."""

    class Kind(models.TextChoices):
        REQUEST = "request", _("Update request")
        ASSIGNMENT = "assignment", _("Assignment")
        SUBMITTED = "submitted", _("Update submitted")
        RETURNED = "returned", _("Update returned")
        APPROVED = "approved", _("Update approved")
        COMMENT = "comment", _("Comment")
        DEADLINE_NEAR = "deadline_near", _("Deadline near")
        DEADLINE_PASSED = "deadline_passed", _("Deadline passed")

    class Email(models.TextChoices):
        PENDING = "pending", _("To be e-mailed")
        SENT = "sent", _("E-mailed")
        NOT_WANTED = "not_wanted", _("No e-mail wanted")
        NO_ADDRESS = "no_address", _("No e-mail address")
        FAILED = "failed", _("Could not be e-mailed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # What it is about, as it was named then (user content), and the facts the sentence
    # needs (who, which institutions, a date, a count): the sentence itself is written when
    # shown, in the reader's language.
    subject = models.CharField(_("about"), max_length=500)
    params = models.JSONField(default=dict, blank=True)
    detail = models.TextField(_("detail"), blank=True)
    # The page of the item, as a path (e-mails prefix it with RECTRACK_BASE_URL).
    link = models.CharField(_("link"), max_length=500)
    update_request = models.ForeignKey(
        UpdateRequest,
        verbose_name=_("update request"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    # Deadline notifications are never repeated for the same item and reason.
    once_key = models.CharField(max_length=100, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    email = models.CharField(
        _("e-mail"), max_length=12, choices=Email.choices, default=Email.PENDING
    )
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(_("e-mail attempts"), default=0)
    last_error = models.CharField(_("last e-mail error"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["email", "recipient"], name="notification_to_email"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "once_key"],
                condition=~Q(once_key=""),
                name="notification_once_per_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.get_kind_display()}: {self.subject}"

    @property
    def message(self) -> str:
        """The sentence shown in Rectrack and e-mailed, in the active language."""
        from django.utils.translation import gettext, ngettext

        values = _Facts(subject=self.subject, **self.params)
        action = self.params.get("item") == "action"
        if self.kind == self.Kind.REQUEST:
            text = gettext(
                "%(actor)s asks %(institutions)s for progress updates by %(date)s: %(subject)s"
            )
        elif self.kind == self.Kind.ASSIGNMENT:
            values["role"] = Assignment.Role(self.params.get("role", "lead")).label
            text = ngettext(
                "%(institution)s is now %(role)s on recommendation %(subject)s.",
                "%(institution)s is now %(role)s on %(count)s recommendations.",
                self.params.get("count", 1),
            )
        elif self.kind == self.Kind.SUBMITTED:
            text = gettext("%(actor)s submitted a progress update on %(subject)s for review.")
        elif self.kind == self.Kind.RETURNED:
            text = gettext("%(actor)s returned the progress update on %(subject)s for correction.")
        elif self.kind == self.Kind.APPROVED:
            text = gettext("%(actor)s approved the progress update on %(subject)s.")
        elif self.kind == self.Kind.COMMENT:
            text = gettext("%(actor)s commented on %(subject)s.")
        elif self.kind == self.Kind.DEADLINE_NEAR:
            text = (
                gettext("The action %(subject)s is due on %(date)s.")
                if action
                else gettext("The update request %(subject)s is due on %(date)s.")
            )
        else:
            text = (
                gettext("The action %(subject)s was due on %(date)s and is overdue.")
                if action
                else gettext("The update request %(subject)s was due on %(date)s and is overdue.")
            )
        values.setdefault("count", 1)
        return text % values


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
    # As the step left them: an undo restores only recommendations still in this state.
    after = models.JSONField(_("assignments after"), default=dict, editable=False)
    # The recommendations an undo left alone, their assignments having changed since.
    kept = models.JSONField(_("left as they were"), default=list, editable=False)
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
