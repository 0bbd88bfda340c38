from django import template

from rectrack.recommendations.describe import filters_describe as describe
from rectrack.recommendations.forms import RecommendationFilterForm

register = template.Library()


@register.simple_tag(takes_context=True)
def filters_describe(context, query_string: str) -> str:
    """{% filters_describe saved_view.query_string %}: the filters in words; one filter form
    (and one reading of its menus) serves the whole page."""
    form = context.render_context.get("filters_describe_form")
    if form is None:
        form = context.render_context["filters_describe_form"] = RecommendationFilterForm()
    return describe(query_string, form=form)
