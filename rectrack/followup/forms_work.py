"""Forms of the follow-up work pages. They check the shape of input only; who may do what and
every business rule live in permissions and services."""

from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from rectrack.core.choices import ImplementationStatus
from rectrack.core.widgets import DateInput
from rectrack.followup.models import Assignment
from rectrack.institutions.selectors import institution_list


class ProgressUpdateForm(forms.Form):
    narrative = forms.CharField(
        label=_("Narrative"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What was done in the period, by whom, and with what result."),
    )
    status = forms.ChoiceField(
        label=_("Implementation status"), choices=ImplementationStatus.choices
    )
    period_start = forms.DateField(label=_("Period from"), required=False, widget=DateInput())
    period_end = forms.DateField(label=_("Period to"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return data


EVIDENCE_ACCEPT = ".pdf,.docx,.xlsx,.pptx,.odt,.ods,.png,.jpg,.jpeg,.gif"


def _evidence_help() -> str:
    return _("PDF, Word, Excel or an image, up to %(size)s each.") % {
        "size": filesizeformat(settings.RECTRACK_EVIDENCE_MAX_BYTES)
    }


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked by the evidence service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": EVIDENCE_ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class ProgressUpdateCreateForm(ProgressUpdateForm):
    """A new update with its evidence on the same form and, for a focal point of several
    responsible institutions, which of them it answers for."""

    institutions = forms.ModelMultipleChoiceField(
        label=_("Answers for"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "You report for several institutions on this: tick each one this update answers for."
        ),
        error_messages={"required": _("Tick at least one institution.")},
    )
    files = MultipleFileField(label=_("Evidence files"), required=False)
    links = forms.CharField(
        label=_("Evidence links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One web address per line."),
    )

    def __init__(self, *args, institutions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _evidence_help()
        if institutions is not None and len(institutions) > 1:
            self.fields["institutions"].queryset = institutions
            self.fields["institutions"].initial = [i.pk for i in institutions]
        else:
            del self.fields["institutions"]

    def clean_links(self) -> list[str]:
        links = []
        validate = URLValidator(schemes=["http", "https"])
        for number, line in enumerate(self.cleaned_data["links"].splitlines(), start=1):
            link = line.strip()
            if not link:
                continue
            if "://" not in link:
                link = f"https://{link}"
            try:
                validate(link)
            except forms.ValidationError as error:
                raise forms.ValidationError(
                    _("Line %(number)d is not a web address: %(line)s"),
                    params={"number": number, "line": line.strip()},
                ) from error
            if len(link) > 500:
                raise forms.ValidationError(
                    _("Line %(number)d is longer than 500 characters."), params={"number": number}
                )
            links.append(link)
        return links


class ProgressUpdateEditForm(ProgressUpdateForm):
    """Carries the version the user started from, so a concurrent save is detected."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("File"), required=False)
    link = forms.URLField(
        label=_("Or a link"), required=False, max_length=500, assume_scheme="https"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF, Word, Excel or an image, up to %(size)s.") % {
            "size": filesizeformat(settings.RECTRACK_EVIDENCE_MAX_BYTES)
        }
        self.fields["file"].widget.attrs["accept"] = EVIDENCE_ACCEPT

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("link") and not self.errors:
            raise forms.ValidationError(_("Give a file or a link."))
        return data


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs correcting"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AssignmentForm(forms.Form):
    """An institution and its role; used on a recommendation's page and for bulk assignment."""

    institution = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=institution_list(),
        empty_label=_("Choose an institution"),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Assignment.Role.choices)


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Implementation status"), choices=ImplementationStatus.choices
    )
    narrative = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded in the history as set directly by the secretariat."),
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
