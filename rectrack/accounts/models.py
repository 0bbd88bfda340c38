from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person using Rectrack; what they may do follows from their role."""

    class Role(models.TextChoices):
        ADMINISTRATOR = "administrator", _("Administrator")
        COORDINATOR = "coordinator", _("Coordinator")
        FOCAL_POINT = "focal_point", _("Focal point")
        VIEWER = "viewer", _("Viewer")

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    institutions = models.ManyToManyField(
        "institutions.Institution",
        verbose_name=_("institutions"),
        blank=True,
        related_name="members",
        help_text=_("For focal points: the institutions whose work they report on."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def is_coordinator(self) -> bool:
        """Administrators can do everything a coordinator can."""
        return self.role in {self.Role.ADMINISTRATOR, self.Role.COORDINATOR}
