from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class RectrackUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        """`rectrack createsuperuser`: the first administrator, role included."""
        extra_fields.setdefault("role", User.Role.ADMINISTRATOR)
        return super().create_superuser(username, email, password, **extra_fields)


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
    invited_at = models.DateTimeField(
        _("invitation sent"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the e-mail with a link to choose a password was last sent."),
    )

    class EmailNotifications(models.TextChoices):
        IMMEDIATE = "immediate", _("E-mail me at once")
        DAILY = "daily", _("One e-mail a day (digest)")
        NONE = "none", _("No e-mail (only in Rectrack)")

    email_notifications = models.CharField(
        _("e-mail notifications"),
        max_length=10,
        choices=EmailNotifications.choices,
        default=EmailNotifications.IMMEDIATE,
    )

    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_(
            "The language of Rectrack's pages and e-mails for this person; "
            "empty: the browser's language."
        ),
    )

    objects = RectrackUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def reading_language(self) -> str | None:
        """The language this person chose for pages and e-mails, or None when they leave it
        to their browser (e-mails then go out in the language of whoever sends them, else
        the site's)."""
        return self.language or None


class ApiToken(models.Model):
    """A personal key for the API, named by its owner. Only a hash of the secret is kept:
    the token is shown once, when it is made, and cannot be read back."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("first characters"), max_length=12, editable=False)
    digest = models.CharField(_("digest"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
