from django import forms
from django.utils.translation import gettext_lazy as _


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
