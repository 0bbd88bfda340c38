from django.db import models
from django.utils.translation import gettext_lazy as _


class ImplementationStatus(models.TextChoices):
    """How far a recommendation is implemented, as reported in approved progress updates."""

    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    PARTIALLY_IMPLEMENTED = "partially_implemented", _("Partially implemented")
    IMPLEMENTED = "implemented", _("Implemented")
    NOT_IMPLEMENTED = "not_implemented", _("Not implemented")
    NO_INFORMATION = "no_information", _("No information")
