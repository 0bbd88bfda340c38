"""What institutions report: progress updates, reviewed by the secretariat, and their evidence."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rectrack.core.choices import ImplementationStatus
from rectrack.core.models import TimeStampedModel
from rectrack.followup.models.plan import Action


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
    token = models.CharField(_("download key"), max_length=40, editable=False)
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
