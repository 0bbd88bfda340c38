from django import forms
from django.conf import settings
from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from rectrack.recommendations.forms import RecommendationFilterForm
from rectrack.reports.documents.templates import TEMPLATES, Grouping, Part


def language_choices() -> list[tuple[str, str]]:
    """The interface's languages, each named in itself (as a reader looks for theirs)."""
    return [
        (code, translation.get_language_info(code)["name_local"])
        for code, _name in settings.LANGUAGES
    ]


class ReportBuilderForm(forms.Form):
    """The report builder's choices; which recommendations come from the list's filters
    (`filters`, a query string as in the list's URL) or one of the user's saved views."""

    template = forms.ChoiceField(
        label=_("Report"), choices=[(key, t.title) for key, t in TEMPLATES.items()]
    )
    title = forms.CharField(
        label=_("Title"), max_length=200, required=False, help_text=_("Default: the report's.")
    )
    saved_view = forms.ChoiceField(label=_("Recommendations"), required=False)
    filters = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)
    grouping = forms.ChoiceField(
        label=_("Group by"),
        choices=[("", _("As the report does")), *Grouping.choices],
        required=False,
    )
    period_start = forms.DateField(
        label=_("Progress from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(
        label=_("Progress to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    format = forms.ChoiceField(
        label=_("Document"),
        choices=[("docx", _("Word (.docx), to edit")), ("pdf", _("PDF, to read"))],
        initial="docx",
        widget=forms.RadioSelect,
    )
    language = forms.ChoiceField(
        label=_("Language of the report"),
        choices=language_choices,
        required=False,
        help_text=_("Its headings, labels, statuses and charts. Default: this page's language."),
    )
    parts = forms.MultipleChoiceField(
        label=_("Include"),
        choices=Part.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Nothing ticked: the report's own parts."),
    )

    def __init__(self, *args, saved_views=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.saved_views = {str(view.pk): view for view in saved_views}
        self.fields["saved_view"].choices = [
            ("", _("The filters chosen in the list (or, with none, the report's own scope)")),
            *((pk, view.name) for pk, view in self.saved_views.items()),
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and start > end:
            self.add_error("period_end", _("The period ends before it starts."))
        view = self.saved_views.get(data.get("saved_view") or "")
        query = view.query_string if view else data.get("filters", "")
        filters_form = RecommendationFilterForm(QueryDict(query))
        if not filters_form.is_valid():
            raise forms.ValidationError(_("The recommendations' filters are not valid."))
        data["recommendation_filters"] = filters_form.to_filters() if query else None
        return data

    def report_choices(self) -> dict:
        """report_document's arguments."""
        data = self.cleaned_data
        template = TEMPLATES[data["template"]]
        return {
            "template": template,
            "format": data["format"],
            "filters": data["recommendation_filters"],
            "grouping": data.get("grouping") or None,
            "parts": tuple(data["parts"]) or None,
            "period_start": data.get("period_start"),
            "period_end": data.get("period_end"),
            "title": data.get("title", "").strip(),
            "language": data.get("language") or translation.get_language(),
        }
