"""Forms of the planning pages: actions, comments, indicators, measurements, update requests and
the reporting calendar. They check the shape of input only; the services apply the rules."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rectrack.core.widgets import DateInput
from rectrack.followup.models import Action
from rectrack.followup.picker import PickerFormMixin, RecommendationPickField, split_list
from rectrack.followup.services.planning import ACTION_FIELDS, ACTION_LINKS
from rectrack.institutions.selectors import institution_list
from rectrack.recommendations.models import Mechanism, SdgTarget


class CodeListField(forms.CharField):
    def to_python(self, value) -> list[str]:
        return split_list(super().to_python(value))

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(item) for item in value)
        return value


class ActionForm(PickerFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    lead_institution = forms.ModelChoiceField(
        label=_("Lead institution"), queryset=institution_list()
    )
    supporting_institutions = forms.ModelMultipleChoiceField(
        label=_("Supporting institutions"),
        queryset=institution_list(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    recommendations = RecommendationPickField(
        label=_("Recommendations answered"),
        help_text=_("Search by reference, words of the text or document symbol, then tick."),
    )
    sdg_targets = CodeListField(
        label=_("SDG targets"),
        required=False,
        help_text=_("Target codes such as 16.3 or 5.2, separated by commas."),
    )
    start_date = forms.DateField(label=_("Start date"), widget=DateInput, required=False)
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput, required=False)
    budget_amount = forms.DecimalField(
        label=_("Budget"), max_digits=16, decimal_places=2, min_value=0, required=False
    )
    budget_currency = forms.CharField(
        label=_("Currency"),
        max_length=3,
        required=False,
        help_text=_("Three-letter ISO 4217 code, for example USD or EUR."),
    )
    funding_source = forms.CharField(label=_("Funding source"), max_length=255, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=Action.Status.choices)

    def __init__(self, *args, user, responsibilities_editable: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        linked = [getattr(rec, "pk", rec) for rec in self.initial.get("recommendations") or []]
        self.setup_picker(user=user, data=self.data, already_linked=linked)
        if not responsibilities_editable:
            # Focal points report on the plan; the secretariat decides who is responsible.
            for name in ("lead_institution", "supporting_institutions"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Only the secretariat changes this.")

    def clean_sdg_targets(self):
        codes = self.cleaned_data["sdg_targets"]
        targets = {target.code: target for target in SdgTarget.objects.filter(code__in=codes)}
        missing = [code for code in codes if code not in targets]
        if missing:
            raise ValidationError(
                _("Unknown SDG targets: %(codes)s."), params={"codes": ", ".join(missing)}
            )
        return [targets[code] for code in codes]

    def clean_budget_currency(self) -> str:
        currency = self.cleaned_data["budget_currency"].strip().upper()
        if currency and not re.fullmatch(r"[A-Z]{3}", currency):
            raise ValidationError(_("Use a three-letter code such as USD."))
        return currency

    def clean(self):
        data = super().clean()
        start, deadline = data.get("start_date"), data.get("deadline")
        if start and deadline and deadline < start:
            self.add_error("deadline", _("The deadline cannot be before the start date."))
        return data

    def service_arguments(self, only: list[str] | None = None) -> tuple[dict, dict]:
        """The fields and the links, as action_create and action_update take them (`only` the
        fields named, when editing: those the user changed)."""
        data = {
            name: value for name, value in self.cleaned_data.items() if only is None or name in only
        }
        fields = {name: data[name] for name in ACTION_FIELDS if name in data}
        links = {name: data[name] for name in ACTION_LINKS if name in data}
        return fields, links

    @staticmethod
    def initial_from(action: Action) -> dict:
        initial = {name: getattr(action, name) for name in ACTION_FIELDS}
        initial["supporting_institutions"] = list(action.supporting_institutions.all())
        initial["recommendations"] = list(action.recommendations.all())
        initial["sdg_targets"] = [target.code for target in action.sdg_targets.all()]
        initial["version"] = action.version
        return initial


class ActionEditForm(ActionForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ActionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any status"))] + list(Action.Status.choices),
        required=False,
    )
    institution = forms.ModelChoiceField(
        label=_("Institution (lead or supporting)"),
        queryset=institution_list(),
        required=False,
        empty_label=_("Any institution"),
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000
    )


class IndicatorForm(PickerFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    unit = forms.CharField(label=_("Unit"), max_length=60, required=False)
    baseline_value = forms.DecimalField(
        label=_("Baseline value"), max_digits=16, decimal_places=4, required=False
    )
    baseline_year = forms.IntegerField(
        label=_("Baseline year"), min_value=1900, max_value=2100, required=False
    )
    target_value = forms.DecimalField(
        label=_("Target value"), max_digits=16, decimal_places=4, required=False
    )
    target_year = forms.IntegerField(
        label=_("Target year"), min_value=1900, max_value=2100, required=False
    )
    data_source = forms.CharField(label=_("Data source"), max_length=255, required=False)
    actions = forms.ModelMultipleChoiceField(
        label=_("Actions measured"),
        queryset=Action.objects.order_by("title"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    recommendations = RecommendationPickField(
        label=_("Recommendations measured"),
        help_text=_("Search by reference, words of the text or document symbol, then tick."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.setup_picker(user=user, data=self.data)

    def clean(self):
        data = super().clean()
        baseline, target = data.get("baseline_year"), data.get("target_year")
        if baseline and target and target < baseline:
            self.add_error("target_year", _("The target year cannot be before the baseline."))
        return data


class MeasurementForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput)
    value = forms.DecimalField(label=_("Value"), max_digits=16, decimal_places=4)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class UpdateRequestForm(PickerFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    message = forms.CharField(label=_("Message"), widget=forms.Textarea, required=False)
    due_date = forms.DateField(label=_("Due date"), widget=DateInput)
    recommendations = RecommendationPickField(
        label=_("Recommendations"),
        help_text=_("Search by reference, words of the text or document symbol, then tick."),
    )
    include_recommendations = forms.BooleanField(
        label=_("Ask about the recommendations chosen above"), required=False
    )
    actions = forms.ModelMultipleChoiceField(
        label=_("Actions"),
        queryset=Action.objects.order_by("title"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    institutions = forms.ModelMultipleChoiceField(
        label=_("Institutions asked"),
        queryset=institution_list(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to ask every institution responsible for the items."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_picker(user=user, data=self.data)

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise ValidationError(_("The due date cannot be in the past."))
        return due


class MechanismCalendarForm(forms.Form):
    mechanism = forms.ModelChoiceField(label=_("Mechanism"), queryset=Mechanism.objects.all())
    next_report_due = forms.DateField(label=_("Next report due"), widget=DateInput, required=False)
    next_review_date = forms.DateField(label=_("Next review"), widget=DateInput, required=False)
