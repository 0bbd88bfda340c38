from django.db import models
from django.utils.translation import gettext_lazy as _

from rectrack.core.models import TimeStampedModel


class Institution(TimeStampedModel):
    """A ministry, agency, parliament, court, NHRI or local government that implements
    recommendations; institutions nest (a directorate within a ministry)."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        AGENCY = "agency", _("Agency")
        PARLIAMENT = "parliament", _("Parliament")
        JUDICIARY = "judiciary", _("Judiciary")
        NHRI = "nhri", _("National human rights institution")
        LOCAL_GOVERNMENT = "local_government", _("Local government")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=255, unique=True)
    code = models.CharField(_("short code"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MINISTRY)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self) -> str:
        return self.name
