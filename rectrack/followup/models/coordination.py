"""Coordination between the secretariat and the institutions: update requests and their
reminders, comments, and the notifications that tell people."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rectrack.core.models import TimeStampedModel
from rectrack.followup.models.plan import Action, Assignment


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

    request = models.ForeignKey(
        UpdateRequest, verbose_name=_("update request"), on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
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
        verbose_name=_("recommendation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    action = models.ForeignKey(
        Action,
        verbose_name=_("action"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
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


def _local_date(text: str) -> str:
    """A stored ISO date as the reader's language writes dates (30 June 2030, 2030年6月30日)."""
    from django.utils import formats

    try:
        return formats.date_format(datetime.date.fromisoformat(text), "DATE_FORMAT")
    except ValueError:
        return text


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
    params = models.JSONField(_("facts of the notification"), default=dict, blank=True)
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
    once_key = models.CharField(_("sent once for"), max_length=100, blank=True, editable=False)
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
        if self.params.get("date"):
            values["date"] = _local_date(self.params["date"])
        action = self.params.get("item") == "action"
        if self.kind == self.Kind.REQUEST:
            text = gettext(
                "%(actor)s asks %(institutions)s for progress updates by %(date)s: %(subject)s"
            )
        elif self.kind == self.Kind.ASSIGNMENT:
            values["role"] = Assignment.Role(self.params.get("role", "lead")).label.lower()
            count = self.params.get("count", 1)
            text = (
                gettext("%(institution)s is now %(role)s on recommendation %(subject)s.")
                if count == 1
                else ngettext(
                    "%(institution)s is now %(role)s on %(count)s recommendation.",
                    "%(institution)s is now %(role)s on %(count)s recommendations.",
                    count,
                )
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
