"""A saved view's filters in words ("Text or reference: Roma · Review or document: A/HRC/43/15"),
read from the list's filter form so that every filter, including ones added later, is described
by its own label and its options' labels, and ids become the names people know."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext as _

from rectrack.recommendations.forms import RecommendationFilterForm

SEPARATOR = " · "


def filters_describe(query_string: str, *, form: RecommendationFilterForm | None = None) -> str:
    """Each filter set in the query string as "Label: value", in the form's order; parameters
    that are not filters (the page number) are left out; "No filter" when nothing is set.
    Pass one unbound `form` to describe many views without reading the menus again."""
    data = QueryDict(query_string or "")
    form = form or RecommendationFilterForm()
    parts = []
    for name, field in form.fields.items():
        values = [value for value in data.getlist(name) if value.strip()]
        if not values:
            continue
        text = _field_text(field, field.widget.value_from_datadict(data, {}, name), values)
        if text is None:
            continue
        parts.append(str(field.label) if text == "" else f"{field.label}: {text}")
    return SEPARATOR.join(parts) if parts else _("No filter")


def _field_text(field: forms.Field, raw, values: list[str]) -> str | None:
    """The value as its label or name; "" for a ticked box (the label says it all); None for a
    value that means no filter."""
    try:
        cleaned = field.clean(raw)
    except ValidationError:
        return _("%(value)s (no longer available)") % {"value": ", ".join(values)}
    if isinstance(field, forms.BooleanField):
        return "" if cleaned else None
    if cleaned in (None, "", [], ()):
        return None
    if isinstance(field, forms.ModelMultipleChoiceField):
        return ", ".join(str(item) for item in cleaned)
    if isinstance(field, forms.ModelChoiceField):
        return str(cleaned)
    if isinstance(field, forms.ChoiceField):
        labels = {str(value): str(label).strip() for value, label in _flat(field.choices)}
        return ", ".join(labels.get(value, value) for value in values)
    return ", ".join(values)


def _flat(choices):
    for value, label in choices:
        if isinstance(label, list | tuple):
            yield from label
        else:
            yield value, label
