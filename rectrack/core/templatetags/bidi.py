"""Text of any script inside the interface's sentences, kept in its own direction."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def bdi(value) -> str:
    """A stored value (a name, a title, a document symbol) isolated inside a translated
    sentence, so that an English name in an Arabic sentence, or an Arabic one in an English
    sentence, keeps its punctuation in place: `{% blocktranslate with name=x.name|bdi %}`."""
    if value is None or value == "":
        return value
    return format_html("<bdi>{}</bdi>", value)
