from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.utils import translation
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from rectrack.accounts.models import User
from rectrack.accounts.permissions import needs_handover, role_manages_site
from rectrack.accounts.selectors import email_taken
from rectrack.core.widgets import DateInput


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form, also for someone invited who never chose a password (Django leaves out
    users without one, meant for sign-in elsewhere, which Rectrack has not)."""

    def get_users(self, email):
        users = User._default_manager.filter(email__iexact=email, is_active=True)
        return (user for user in users if user.email.casefold() == email.casefold())

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        """In the user's own language when they chose one, else the page's."""
        language = context["user"].reading_language or translation.get_language()
        with translation.override(language):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


class UserEmailMixin:
    """The administration's user forms: an address is required, and one active user at most
    has it, so that an e-mailed link to choose a password reaches one person."""

    def require_email(self) -> None:
        if "email" in self.fields:
            self.fields["email"].required = True
            self.fields["email"].error_messages["required"] = _("Give the user's e-mail address.")

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if not email:
            raise forms.ValidationError(_("Give the user's e-mail address."))
        if email_taken(email=email, user=self.instance):
            raise forms.ValidationError(_("Another active user has this e-mail address."))
        return email


class UserInviteForm(UserEmailMixin, forms.ModelForm):
    """A new user, without a password: they are e-mailed a link to choose their own."""

    class Meta:
        model = User
        fields = (
            "username",
            "email",
            "first_name",
            "last_name",
            "role",
            "institutions",
            "language",
        )
        field_classes = {"username": auth_forms.UsernameField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.require_email()
        self.fields["email"].help_text = _("The invitation to choose a password is sent here.")

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        user.is_staff = user.is_superuser = role_manages_site(user.role)
        if commit:
            user.save()
            self.save_m2m()
        return user


class UserChangeForm(UserEmailMixin, auth_forms.UserChangeForm):
    """A focal point is deactivated on the hand-over page, which passes their drafts to
    colleagues first: unticking "active" here would leave their work with nobody."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.require_email()

    def clean(self):
        cleaned = super().clean()
        stored = User.objects.filter(pk=self.instance.pk).first() if self.instance.pk else None
        if stored and needs_handover(stored) and cleaned.get("is_active") is False:
            self.add_error(
                "is_active",
                _(
                    "A focal point is deactivated with “Deactivate and hand over their work” "
                    "(below), which passes their drafts to colleagues first."
                ),
            )
        return cleaned


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


def language_choices() -> list[tuple[str, str]]:
    """The six languages, each named in itself (a reader finds their own language whatever
    the page's), after "the browser's language"."""
    return [("", _("The browser's language"))] + [
        (code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES
    ]


class LanguageForm(forms.Form):
    """The user's language for Rectrack's pages and e-mails."""

    language = forms.ChoiceField(label=_("Language of pages and e-mails"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()


class AuditFilterForm(forms.Form):
    """The audit trail's filters: who made the changes and between which dates (both
    included)."""

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
