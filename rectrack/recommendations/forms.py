from django import forms
from django.utils.translation import gettext_lazy as _

from rectrack.recommendations.models import (
    AffectedGroup,
    Mechanism,
    Recommendation,
    SdgGoal,
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
    superseded = forms.BooleanField(label=_("Include superseded reviews"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        themes = []
        for theme, depth in theme_tree():
            theme.depth = depth
            themes.append(theme)
        self.fields["theme"].choices = [("", _("Any theme"))] + [
            (theme.pk, self.fields["theme"].label_from_instance(theme)) for theme in themes
        ]

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
        )
