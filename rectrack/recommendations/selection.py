"""The list's row selection as the bulk steps receive it (ticked rows, or all matching the
filters that travel with it), and the confirmation a large bulk step asks for first. Every
bulk step (assign, add to a cluster, plan an action, request updates) reads it here."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from rectrack.recommendations.forms import RecommendationFilterForm
from rectrack.recommendations.models import Recommendation
from rectrack.recommendations.selectors import Selection, recommendation_selection

SCOPE_ALL = "all"  # the `scope` value for every recommendation matching the filters
SCOPE_TICKED = "ticked"
NOT_REPEATED = {"csrfmiddlewaretoken", "confirmed"}


def list_url(data: QueryDict) -> str:
    """The recommendations list with the filters a bulk form carried, results in view."""
    query = urlencode(
        [
            (name, value)
            for name in RecommendationFilterForm.base_fields
            for value in data.getlist(name)
            if value
        ],
        doseq=True,
    )
    return reverse("recommendations:list") + (f"?{query}" if query else "") + "#results"


def selection_read(*, user, data: QueryDict) -> Selection:
    """The selection a bulk form posted: the ticked rows (`selected`), or, with
    scope=all (or nothing ticked and no scope given), all matching the posted filters."""
    scope = data.get("scope", "")
    ticked = data.getlist("selected")
    if scope == SCOPE_ALL or (not scope and not ticked):
        form = RecommendationFilterForm(data)
        if not form.is_valid():
            problems = [
                _("%(field)s: %(error)s") % {"field": form.fields[name].label, "error": error}
                for name, errors in form.errors.items()
                if name in form.fields
                for error in errors
            ]
            return Selection(
                recommendations=Recommendation.objects.none(),
                count=0,
                problems=(_("Some filters are not valid: nothing was changed."), *problems),
            )
        return recommendation_selection(user=user, filters=form.to_filters())
    return recommendation_selection(user=user, ids=ticked)


def confirmation_required(request: HttpRequest, selection: Selection) -> bool:
    return selection.needs_confirmation and request.POST.get("confirmed") != "1"


def confirmation_page(
    request: HttpRequest, *, selection: Selection, question: str, button: str
) -> HttpResponse:
    """Ask before a bulk step over many recommendations: how many, a sample of which, and
    a button that posts the same selection again, confirmed."""
    context = {
        "question": question,
        "button": button,
        "selection": selection,
        "sample": selection.sample(),
        "action": request.path,
        "hidden": [
            (name, value)
            for name in request.POST
            if name not in NOT_REPEATED
            for value in request.POST.getlist(name)
        ],
        "back": list_url(request.POST),
    }
    return render(request, "recommendations/selection_confirm.html", context)
