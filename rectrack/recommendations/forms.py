from django import forms
from django.utils.translation import get_language_info
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
from rectrack.recommendations.selectors import (
    RecommendationFilters,
    default_state,
    document_list,
    states_under_review,
    theme_tree,
)

ALL_STATES = "all"  # the `state` value that shows every State, the NMIRF's own one aside
SORT_CHOICES = [
    ("", _("Newest review first")),
    ("reference", _("Reference (121.2 before 121.10)")),
    ("-reference", _("Reference, last first")),
    ("date", _("Document date, oldest first")),
    ("-date", _("Document date, newest first")),
    ("mechanism", _("Mechanism")),
    ("status", _("Implementation status")),
]


class ThemeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Theme) -> str:
        return "\u2003" * getattr(obj, "depth", 0) + str(obj)


class StateChoiceField(forms.ChoiceField):
    """ "all" stays valid when the menu leaves it out (no NMIRF State set, or one State held),
    so a saved view or bookmark asking for all States keeps working."""

    def valid_value(self, value) -> bool:
        return value == ALL_STATES or super().valid_value(value)


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
    state = StateChoiceField(label=_("State under review"), required=False)
    superseded = forms.BooleanField(label=_("Include superseded reviews"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # menus of hundreds of options, on every list view
            if type(field.widget) is forms.Select:
                field.widget = FastSelect(attrs=field.widget.attrs)
        # The menus' options change only with the data: read once per data version.
        menus = cached_figures("filter-menus", (), self._menus)
        for name, choices in menus.items():
            self.fields[name].choices = choices
        self.default_state = default_state()
        state_choices = self.fields["state"].choices
        if self.default_state is None:
            self.fields["state"].choices = [c for c in state_choices if c[0] != ALL_STATES]
        else:
            self.fields["state"].choices = [
                ("", _("%(state)s (this NMIRF’s State)") % {"state": self.default_state}),
                *state_choices[1:],
            ]

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
        self.fields["state"].choices = [
            ("", _("Any State")),
            (ALL_STATES, _("All States")),
            *((state.pk, state.name) for state in states_under_review().order_by("name")),
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
                if key in ("", ALL_STATES):
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
            state=self._state(data.get("state", "")),
            sort=data.get("sort", ""),
        )

    def _state(self, value: str):
        """No choice means the NMIRF's own State (when set and several are held)."""
        if value == ALL_STATES:
            return None
        if not value:
            return self.default_state
        return states_under_review().filter(pk=value).first()


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

    def __init__(self, *args, form_id: str = "", **kwargs):
        """`form_id`: the form the field belongs to when it stands outside it (the list's
        selection form)."""
        if form_id:  # other steps submit that form too: no browser-side "required"
            kwargs["use_required_attribute"] = False
        super().__init__(*args, **kwargs)
        if form_id:
            self.fields["target_cluster"].widget.attrs["form"] = form_id


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


class NamesInLanguagesForm(forms.Form):
    """A theme's or group's name in each of the six languages, each field typed in its own
    language and direction. Every field keeps the value the page was drawn with
    (show_hidden_initial), so `changed_data` names only what this user changed. The labels
    are the languages' own names, without a colon that would sit on the wrong side of a
    Latin name on an Arabic page."""

    def __init__(self, *args, entry, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for code, name in entry.names_by_language().items():
            info = get_language_info(code)
            self.fields[code] = forms.CharField(
                label=info["name_local"],
                required=False,
                max_length=255,
                initial=name,
                show_hidden_initial=True,
                widget=forms.TextInput(
                    attrs={"lang": code, "dir": "rtl" if info["bidi"] else "ltr", "size": 60}
                ),
            )

    def changed_names(self) -> dict[str, str]:
        return {code: self.cleaned_data[code] for code in self.changed_data}


class MergeForm(forms.Form):
    """Which theme (or affected group) to merge into which: the shape of the choice only;
    taxonomy_merge decides whether it may be made."""

    kind = forms.ChoiceField(choices=[("theme", _("Theme")), ("group", _("Affected group"))])
    source = forms.IntegerField(label=_("Merge"))
    target = forms.IntegerField(label=_("into"))

    def entries(self):
        """(source, target) entries of the chosen kind, or None when either is unknown."""
        model = Theme if self.cleaned_data["kind"] == "theme" else AffectedGroup
        found = model.objects.in_bulk([self.cleaned_data["source"], self.cleaned_data["target"]])
        source, target = (
            found.get(self.cleaned_data["source"]),
            found.get(self.cleaned_data["target"]),
        )
        return (source, target) if source and target else None
