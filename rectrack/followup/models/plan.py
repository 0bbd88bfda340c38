"""The implementation plan: who leads on each recommendation, the actions that answer
recommendations, their indicators and measurements, and bulk assignments (to undo)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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

    # Still to be done (neither completed nor cancelled): what is overdue, due soon, or
    # reminded of is among these. The one list of them.
    OPEN_STATUSES = (Status.PLANNED, Status.ONGOING, Status.DELAYED)

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
        """Past its deadline and still open (the actions' one rule: followup.selectors.
        planning.overdue_actions asks the database the same)."""
        return bool(
            self.deadline
            and self.deadline < timezone.localdate()
            and self.status in self.OPEN_STATUSES
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
