from django import forms
from django.utils.translation import gettext_lazy as _

from rectrack.core.choices import ImplementationStatus
from rectrack.core.figures import cached_figures
from rectrack.core.widgets import FastSelect
from rectrack.institutions.models import Institution
from rectrack.recommendations.models import (
    AffectedGroup,
    Cluster,
    Document,
    Mechanism,
    Recommendation,
    SdgGoal,
    SdgTarget,
    Theme,
)
from rectrack.recommendations.selectors import RecommendationFilters, document_list, theme_tree


class ThemeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Theme) -> str:
        return "\u2003" * getattr(obj, "depth", 0) + str(obj)


class RecommendationFilterForm(forms.Form):
    """The list's filters; every one travels in the URL so a view can be bookmarked."""

    q = forms.CharField(label=_("Text or reference"), required=False, max_length=200)
    mechanism = forms.ModelChoiceField(
        label=_("Mechanism"),
        queryset=Mechanism.objects.all(),
        required=False,
        to_field_name="code",
        empty_label=_("Any mechanism"),
    )
    document = forms.ModelChoiceField(
        label=_("Review or document"),
        queryset=document_list(),
        required=False,
        empty_label=_("Any document"),
    )
    position = forms.ChoiceField(
        label=_("Position"),
        choices=[("", _("Any position"))] + list(Recommendation.Position.choices),
        required=False,
    )
    theme = ThemeChoiceField(
        label=_("Theme"), queryset=Theme.objects.all(), required=False, empty_label=_("Any theme")
    )
    group = forms.ModelChoiceField(
        label=_("Affected group"),
        queryset=AffectedGroup.objects.all(),
        required=False,
        empty_label=_("Any group"),
    )
    sdg = forms.ModelChoiceField(
        label=_("SDG goal"),
        queryset=SdgGoal.objects.all(),
        required=False,
        to_field_name="number",
        empty_label=_("Any goal"),
    )
    target = forms.ModelChoiceField(
        label=_("SDG target"),
        queryset=SdgTarget.objects.all(),
        required=False,
        to_field_name="code",
        empty_label=_("Any target"),
    )
    kind = forms.ChoiceField(
        label=_("Type of body"),
        choices=[("", _("Any kind"))] + list(Mechanism.Kind.choices),
        required=False,
    )
    cycle = forms.TypedChoiceField(
        label=_("UPR cycle"), coerce=int, empty_value=None, required=False
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, empty_value=None, required=False)
    cluster = forms.ModelChoiceField(
        label=_("Cluster"),
        queryset=Cluster.objects.all(),
        required=False,
        empty_label=_("Any cluster"),
    )
    lead = forms.ModelChoiceField(
        label=_("Lead institution"),
        queryset=Institution.objects.all(),
        required=False,
        empty_label=_("Any institution"),
    )
    status = forms.ChoiceField(
        label=_("Implementation status"),
        choices=[("", _("Any status"))] + list(ImplementationStatus.choices),
        required=False,
    )
    has_action = forms.ChoiceField(
        label=_("Action"),
        choices=[("", _("With or without")), ("yes", _("Has an action")), ("no", _("Has none"))],
        required=False,
    )
    overdue = forms.ChoiceField(
        label=_("Overdue"),
        choices=[("", _("Any")), ("yes", _("An action is overdue"))],
        required=False,
    )
    superseded = forms.BooleanField(label=_("Include superseded reviews"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # menus of hundreds of options, on every list view
            if type(field.widget) is forms.Select:
                field.widget = FastSelect(attrs=field.widget.attrs)
        # The menus' options change only with the data: read once per data version.
        menus = cached_figures("filter-menus", (), self._menus)
        for name, choices in menus.items():
            self.fields[name].choices = choices

    def _menus(self) -> dict[str, list[tuple[str, str]]]:
        """Every menu's options as (value, label) strings, read from the database."""
        themes = []
        for theme, depth in theme_tree():
            theme.depth = depth
            themes.append(theme)
        self.fields["theme"].choices = [("", _("Any theme"))] + [
            (theme.pk, self.fields["theme"].label_from_instance(theme)) for theme in themes
        ]
        cycles = Document.objects.exclude(cycle=None).values_list("cycle", flat=True)
        self.fields["cycle"].choices = [("", _("Any cycle"))] + [
            (cycle, str(cycle)) for cycle in sorted(set(cycles))
        ]
        years = Document.objects.dates("date", "year", order="DESC")
        self.fields["year"].choices = [("", _("Any year"))] + [
            (day.year, str(day.year)) for day in years
        ]
        return {
            name: [(str(value), str(label)) for value, label in field.choices]
            for name, field in self.fields.items()
            if isinstance(field.widget, FastSelect)
        }

    def show_counts(self, facets: dict[str, dict[str, int]]) -> None:
        """Put each option's count in its label ("CEDAW (35)"); options nothing matches are
        left out, except the one chosen, so the menus stay short on a large database."""
        for name, counts in facets.items():
            field = self.fields.get(name)
            if field is None:
                continue
            chosen = str(self.data.get(name, "")) if self.is_bound else ""
            choices = []
            for value, label in field.choices:
                key = str(value)
                if key == "":
                    choices.append((value, label))
                elif key in counts or key == chosen:
                    choices.append((value, f"{label} ({counts.get(key, 0)})"))
            field.choices = choices

    def to_filters(self) -> RecommendationFilters:
        data = self.cleaned_data
        return RecommendationFilters(
            query=data.get("q", "").strip(),
            mechanism=data.get("mechanism"),
            document=data.get("document"),
            position=data.get("position", ""),
            theme=data.get("theme"),
            group=data.get("group"),
            sdg_goal=data.get("sdg"),
            include_superseded=bool(data.get("superseded")),
            kind=data.get("kind", ""),
            cycle=data.get("cycle"),
            year=data.get("year"),
            sdg_target=data.get("target"),
            cluster=data.get("cluster"),
            lead=data.get("lead"),
            status=data.get("status", ""),
            has_action={"yes": True, "no": False}.get(data.get("has_action", "")),
            overdue=data.get("overdue") == "yes",
        )


class SavedViewForm(forms.Form):
    name = forms.CharField(label=_("Name of this view"), max_length=120)


class ClusterForm(forms.ModelForm):
    class Meta:
        model = Cluster
        fields = ["name", "description", "lead_institution"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ClusterBulkAddForm(forms.Form):
    target_cluster = forms.ModelChoiceField(
        label=_("Cluster"), queryset=Cluster.objects.all(), empty_label=None
    )


class ClusterProposalForm(forms.Form):
    """A suggested cluster as the coordinator edits it: the name and the members kept."""

    name = forms.CharField(label=_("Name"), max_length=255)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    lead_institution = forms.ModelChoiceField(
        label=_("Lead institution"), queryset=Institution.objects.all(), required=False
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Recommendations"), queryset=Recommendation.objects.all()
    )
