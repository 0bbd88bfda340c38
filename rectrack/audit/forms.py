from django import forms
from django.utils.translation import gettext_lazy as _

from rectrack.accounts.models import User
from rectrack.followup.forms_planning import DateInput


class AuditFilterForm(forms.Form):
    """Who made the changes and between which dates (both included)."""

    user = forms.ModelChoiceField(
        label=_("Changed by"),
        queryset=User.objects.order_by("username"),
        required=False,
        empty_label=_("Anyone"),
    )
    since = forms.DateField(label=_("From"), widget=DateInput, required=False)
    until = forms.DateField(label=_("To"), widget=DateInput, required=False)

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", _("The end of the range cannot be before its start."))
        return data
