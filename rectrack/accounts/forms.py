from django import forms
from django.utils.translation import gettext_lazy as _

from rectrack.accounts.models import User


class ApiTokenForm(forms.Form):
    """A new API token: a name to recognise it by, and how long it lasts."""

    EXPIRY_CHOICES = [
        ("30", _("30 days")),
        ("90", _("90 days")),
        ("365", _("One year")),
        ("", _("Never (until revoked)")),
    ]

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Ministry reporting script”."),
    )
    expires_in_days = forms.TypedChoiceField(
        label=_("Expires after"),
        choices=EXPIRY_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        initial="90",
    )


class TwoFactorCodeForm(forms.Form):
    """The six-digit code the authenticator app shows."""

    code = forms.RegexField(
        label=_("Code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={"invalid": _("Type the six digits the app shows.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
    )


class EmailNotificationsForm(forms.Form):
    """How notifications reach the user by e-mail (they always show in Rectrack)."""

    email_notifications = forms.ChoiceField(
        label=_("E-mail me about notifications"),
        choices=User.EmailNotifications.choices,
        widget=forms.RadioSelect,
    )
