from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rectrack.core.models import TimeStampedModel


class ImportRun(TimeStampedModel):
    """One import of one file (or the demo loader): who, when, what, and what it changed."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed, waiting for confirmation")
        # Queued as a task (imports.tasks) until a worker takes it.
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        # Its process stopped (killed, or the server restarted) before it finished.
        INTERRUPTED = "interrupted", _("Interrupted")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_runs",
    )
    file_name = models.CharField(_("file name"), max_length=255)
    file_sha256 = models.CharField(_("file SHA-256"), max_length=64, blank=True)
    format = models.CharField(_("format"), max_length=40)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RUNNING
    )
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    file_size = models.PositiveBigIntegerField(_("file size in bytes"), default=0)
    encoding = models.CharField(_("text encoding"), max_length=40, blank=True)
    options = models.JSONField(_("options"), default=dict, blank=True)
    report = models.JSONField(_("report"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    processed = models.PositiveIntegerField(_("rows processed"), default=0)
    stored_file = models.CharField(
        _("stored upload"), max_length=255, blank=True, help_text=_("Private copy of an upload.")
    )
    # Signs of life (imports.background): the last one written outside the import's
    # transaction, and the token of the process running it, which names its heartbeat file.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    worker = models.CharField(_("process"), max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"


class ColumnMapping(TimeStampedModel):
    """A saved choice of which source column holds which Rectrack field, and the values fixed
    for the whole file (parsers.table explains the keys), for re-use."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    mapping = models.JSONField(_("mapping"), default=dict)
    # The headers of the file it was made for, and their signature (parsers.table's
    # headers_signature), so that a file with the same headers is offered it again.
    headers = models.JSONField(_("headers"), default=list, blank=True)
    headers_signature = models.CharField(
        _("headers signature"), max_length=64, blank=True, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")

    def __str__(self) -> str:
        return self.name
