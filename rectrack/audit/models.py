from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One create, change or delete: who, when, which object, and the old and new values.
    Written only by rectrack.audit.services.audit_record; never edited or deleted."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Deleted")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("what"), max_length=10, choices=Action.choices)
    model = models.CharField(_("kind of object"), max_length=60)  # "followup.action"
    object_id = models.CharField(_("object id"), max_length=40)
    object_repr = models.CharField(_("object"), max_length=255)
    changes = models.JSONField(_("changes"), default=dict, blank=True)  # field -> [old, new]
    # The object's version after this change, for objects that carry one (actions, progress
    # updates): what changed since the version a user's page showed is read by it.
    object_version = models.PositiveIntegerField(_("object version"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        indexes = [models.Index(fields=["model", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.object_repr}"

    @property
    def readable_changes(self) -> list:
        """The changes with field labels and values as people read them (audit/readable.py)."""
        from rectrack.audit.readable import readable_changes

        return readable_changes(self)

    @property
    def model_label(self) -> str:
        from rectrack.audit.readable import model_label

        return model_label(self.model)
