"""Form widgets."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


class DateInput(forms.DateInput):
    """A date picker (the browser's own), read and written as YYYY-MM-DD in every language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class FastSelect(forms.Select):
    """A <select> written out in Python. Django renders every <option> through a template
    (about 0.2 ms each): the list's filter menus have hundreds of options on a large
    database, which made them most of the page's time. Same markup, every value and label
    escaped."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group, options, _index in widget["optgroups"]:
            rendered = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (option["value"], " selected" if option["selected"] else "", option["label"])
                    for option in options
                ),
            )
            if group:
                rendered = format_html('<optgroup label="{}">{}</optgroup>', group, rendered)
            parts.append(rendered)
        return format_html(
            "<select{}>{}</select>",
            flatatt({"name": widget["name"], **widget["attrs"]}),
            SafeString("".join(parts)),
        )
