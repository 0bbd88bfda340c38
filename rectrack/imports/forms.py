import datetime

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from rectrack.imports.models import ColumnMapping
from rectrack.imports.parsers import parsers
from rectrack.imports.parsers.base import FileError
from rectrack.imports.reviews import state_resolve
from rectrack.imports.uploads import too_large_message
from rectrack.institutions.models import Institution
from rectrack.recommendations.models import Recommendation

MAPPABLE_FIELDS = [
    ("text", _("Text")),
    ("reference", _("Paragraph reference")),
    ("heading", _("Section heading")),
    ("mechanism", _("Mechanism")),
    ("document", _("Document symbol")),
    ("document_title", _("Document title")),
    ("date", _("Date")),
    ("country", _("State under review")),
    ("session", _("Session")),
    ("cycle", _("UPR cycle")),
    ("position", _("Position")),
    ("type", _("Type")),
    ("recommending_states", _("Recommending States")),
    ("themes", _("Themes")),
    ("affected_groups", _("Affected groups")),
    ("sdgs", _("SDGs")),
    ("uhri_annotation_id", _("UHRI annotation id")),
    ("source_of_position", _("Source of the position")),
    ("lead_institution", _("Lead institution")),
    ("supporting_institutions", _("Supporting institutions")),
]
FIXED_PREFIX = "fixed:"  # parsers.table's key for a value fixed for the whole file


def format_choices():
    return [("auto", _("Detect automatically"))] + [
        (name, parser.label) for name, parser in parsers().items()
    ]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_(".docx, .xlsx, .csv or .json"))
    format = forms.ChoiceField(label=_("Format"), choices=format_choices, initial="auto")
    encoding = forms.CharField(
        label=_("Text encoding"),
        required=False,
        max_length=40,
        help_text=_("Only for CSV files whose encoding is detected wrongly, e.g. mac_roman."),
    )
    saved_mapping = forms.ModelChoiceField(
        label=_("Saved column mapping"),
        queryset=ColumnMapping.objects.all(),
        required=False,
        empty_label=_("None"),
    )
    state = forms.CharField(
        label=_("State under review"),
        required=False,
        max_length=255,
        help_text=_(
            "Leave empty to import every State's rows. For a file covering many States (a UPR "
            "Info export), give one State's name or ISO code to import its rows only."
        ),
        widget=forms.TextInput(attrs={"list": "state-options", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The State this installation follows (stream list's RECTRACK_STATE), if set.
        self.fields["state"].initial = getattr(settings, "RECTRACK_STATE", "") or ""

    def clean_file(self):
        """Refused as it arrived (imports.uploads), or over the import limit all the same."""
        upload = self.cleaned_data["file"]
        refusal = getattr(upload, "refusal", "")
        limit = settings.RECTRACK_IMPORT_MAX_BYTES
        if not refusal and upload.size > limit:
            refusal = too_large_message(
                name=upload.name, size=upload.size, limit=limit, setting="RECTRACK_IMPORT_MAX_MB"
            )
        if refusal:
            raise forms.ValidationError(refusal)
        return upload

    def clean_state(self) -> str:
        value = self.cleaned_data["state"].strip()
        try:
            state_resolve(value)
        except FileError as error:
            raise forms.ValidationError(str(error), code="unknown_state") from None
        return value

    def clean_encoding(self) -> str:
        import codecs

        value = self.cleaned_data["encoding"].strip()
        if value:
            try:
                codecs.lookup(value)
            except LookupError:
                message = _("Unknown encoding %(name)s.") % {"name": value}
                raise forms.ValidationError(message) from None
        return value


class MappingForm(forms.Form):
    """Which column of the file holds which field; offered the file's own headers."""

    name = forms.CharField(
        label=_("Save this mapping as"),
        required=False,
        max_length=120,
        help_text=_("Optional: a name to re-use the mapping for similar files."),
    )

    def __init__(self, *args, headers: list[str], mapping: dict[str, str] | None = None, **kwargs):
        """`mapping` (a saved or the run's own, as parsers.table reads it) fills the form."""
        kwargs.setdefault("initial", self.initial_from(mapping or {}, headers))
        super().__init__(*args, **kwargs)
        choices = [("", _("(not in this file)"))] + [(h, h) for h in headers]
        for name, label in MAPPABLE_FIELDS:
            self.fields[f"map_{name}"] = forms.ChoiceField(
                label=label, choices=choices, required=name == "text"
            )
        self.fields.update(_fixed_fields())

    @staticmethod
    def initial_from(mapping: dict[str, str], headers: list[str]) -> dict[str, object]:
        """The form's values for a mapping: each column kept only if the file has it."""
        initial: dict[str, object] = {}
        for key, value in mapping.items():
            if key.startswith(FIXED_PREFIX):
                initial[f"fixed_{key.removeprefix(FIXED_PREFIX)}"] = value
            elif value in headers:
                initial[f"map_{key}"] = value
        return initial

    def column_fields(self):
        return [self[name] for name in self.fields if name.startswith("map_")]

    def fixed_fields(self):
        return [self[name] for name in self.fields if name.startswith("fixed_")]

    def mapping(self) -> dict[str, str]:
        """The columns and the fixed values, in parsers.table's keys."""
        found = {
            name: self.cleaned_data[f"map_{name}"]
            for name, _label in MAPPABLE_FIELDS
            if self.cleaned_data.get(f"map_{name}")
        }
        for name in FIXED_FIELDS:
            value = self.cleaned_data.get(f"fixed_{name}")
            if isinstance(value, datetime.date):
                value = value.isoformat()
            if value:
                found[f"{FIXED_PREFIX}{name}"] = str(value).strip()
        return found


FIXED_LABELS = {
    "mechanism": _("Mechanism of every row"),
    "country": _("State under review of every row"),
    "document": _("Document symbol of every row"),
    "document_title": _("Document title of every row"),
    "date": _("Document date of every row"),
    "type": _("Type of every row"),
    "position": _("Position of every row"),
    "lead_institution": _("Lead institution of every row"),
}
FIXED_FIELDS = tuple(FIXED_LABELS)


def _fixed_fields() -> dict[str, forms.Field]:
    """Values for the whole file, used where a row's own cell is empty or not mapped."""
    not_fixed = [("", _("(as the file says)"))]
    return {
        "fixed_mechanism": forms.CharField(
            label=FIXED_LABELS["mechanism"],
            required=False,
            max_length=120,
            help_text=_("A code or name, e.g. CAT, UPR, Committee against Torture."),
            widget=forms.TextInput(attrs={"list": "mechanism-options", "autocomplete": "off"}),
        ),
        "fixed_country": forms.CharField(
            label=FIXED_LABELS["country"],
            required=False,
            max_length=255,
            widget=forms.TextInput(attrs={"list": "state-options", "autocomplete": "off"}),
        ),
        "fixed_document": forms.CharField(
            label=FIXED_LABELS["document"],
            required=False,
            max_length=120,
            help_text=_("e.g. CAT/C/VAL/CO/1"),
        ),
        "fixed_document_title": forms.CharField(
            label=FIXED_LABELS["document_title"], required=False, max_length=255
        ),
        "fixed_date": forms.DateField(
            label=FIXED_LABELS["date"],
            required=False,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        ),
        "fixed_type": forms.ChoiceField(
            label=FIXED_LABELS["type"],
            required=False,
            choices=not_fixed + list(Recommendation.Type.choices),
        ),
        "fixed_position": forms.ChoiceField(
            label=FIXED_LABELS["position"],
            required=False,
            choices=not_fixed + list(Recommendation.Position.choices),
        ),
        "fixed_lead_institution": forms.ChoiceField(
            label=FIXED_LABELS["lead_institution"],
            required=False,
            choices=lambda: (
                not_fixed
                + [(name, name) for name in Institution.objects.values_list("name", flat=True)]
            ),
        ),
    }
