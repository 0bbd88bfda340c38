from dataclasses import replace
from urllib.parse import parse_qsl, urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rectrack.accounts.permissions import coordinator_required, is_coordinator
from rectrack.core.figures import cached_figures, fingerprint
from rectrack.recommendations.facets import recommendation_facets
from rectrack.recommendations.forms import (
    ClusterBulkAddForm,
    RecommendationFilterForm,
    SavedViewForm,
)
from rectrack.recommendations.selection import list_url, selection_read
from rectrack.recommendations.selectors import (
    RecommendationFilters,
    recommendation_get,
    recommendation_list,
    recommendation_page,
    saved_view_get,
    saved_view_list,
)
from rectrack.recommendations.services import saved_view_delete, saved_view_save
from rectrack.recommendations.similarity import similar_recommendations
from rectrack.recommendations.supplied import SUPPLIED


def filter_query_string(data: QueryDict) -> str:
    """The list's filters of a request, in form order, as a query string (no page number)."""
    return urlencode(
        [
            (name, value)
            for name in RecommendationFilterForm.base_fields
            for value in data.getlist(name)
            if value
        ],
        doseq=True,
    )


FILTER_FIELDS = "recommendations/_filter_fields.html"
# The list's steps that open a form with the selected recommendations chosen are supplied
# by follow-up (SUPPLIED.selection_steps: step -> the form's URL name).
SELECTION_LINK_LIMIT = 200  # more would make an address too long to be safe


def _filter_fields(form, facets: dict, *, query: str, oob: bool) -> str:
    """The filter fields with each option's count, rendered once per data version, filters
    and counts (hundreds of options: a fifth of the page's time)."""

    def render() -> str:
        form.show_counts(facets)
        return render_to_string(FILTER_FIELDS, {"form": form, "oob": oob})

    depends_on = (form.is_bound, query, oob, fingerprint(sorted(facets.items())))
    return mark_safe(cached_figures("filter-fields", depends_on, render))


def recommendation_list_view(request: HttpRequest) -> HttpResponse:
    """The paged, filtered list with each filter's counts; htmx requests get the results
    region, and out of band the filters (with fresh counts), the save-view form and, for
    coordinators, the bulk forms that follow the filters."""
    form = RecommendationFilterForm(request.GET or None)
    page = filters = None
    oob = bool(request.htmx and not request.htmx.history_restore_request)
    query = filter_query_string(request.GET)
    if not form.is_bound or form.is_valid():
        filters = (
            form.to_filters() if form.is_bound else RecommendationFilters(state=form.default_state)
        )
        page = recommendation_page(
            user=request.user, filters=filters, number=request.GET.get("page") or 1
        )
        facets = recommendation_facets(user=request.user, filters=filters)
        filter_fields = _filter_fields(form, facets, query=query, oob=oob)
    else:
        filter_fields = render_to_string(FILTER_FIELDS, {"form": form, "oob": oob})
    coordinator = is_coordinator(request.user)
    context = {
        "form": form,
        "filter_fields": filter_fields,
        "page": page,
        "page_range": _page_range(page),
        "filter_query": query,
        "filter_pairs": parse_qsl(query),
        "saved_views": saved_view_list(user=request.user),
        "saved_view_form": SavedViewForm(auto_id="saved-view-%s"),
        "can_select": coordinator,
        "superseded_count": _superseded_count(request, page, filters),
        "only_state": filters.state
        if filters and form.default_state and filters.state == form.default_state
        else None,
    }
    # Under the list, what other apps add (follow-up's bulk assignment form), each part's
    # context merged in: its template reads it as it always did.
    parts = [part for supply in SUPPLIED.list_parts if (part := supply(request=request, page=page))]
    for part in parts:
        context.update(part.context)
    context["list_parts"] = [part.template for part in parts]
    if coordinator:
        context["cluster_add_form"] = ClusterBulkAddForm(
            auto_id="cluster-add-%s", form_id="selection"
        )
        context["cluster_add_count"] = page.paginator.count if page is not None else 0
    if oob:
        context["oob"] = True
        return render(request, "recommendations/_results_swap.html", context)
    return render(request, "recommendations/list.html", context)


def _page_range(page) -> list:
    """The page numbers the list links to: first, last, and two either side of this one."""
    if page is None or not page.has_other_pages():
        return []
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


def _superseded_count(request: HttpRequest, page, filters: RecommendationFilters | None) -> int:
    """When nothing current matches, how many recommendations of superseded reviews would
    (so the list can say so rather than show a bare zero)."""
    if page is None or page.paginator.count or filters is None or filters.include_superseded:
        return 0
    wider = replace(filters, include_superseded=True)
    return recommendation_list(user=request.user, filters=wider).prefetch_related(None).count()


@coordinator_required
@require_POST
def recommendation_selection_view(request: HttpRequest) -> HttpResponse:
    """The list's "Plan an action for these" and "Request updates": the ticked (or all
    matching) recommendations go to the action or update request form, chosen already."""
    step = request.POST.get("step")
    back = list_url(request.POST)
    if step not in SUPPLIED.selection_steps:
        messages.error(request, _("Choose what to do with the selected recommendations."))
        return redirect(back)
    selection = selection_read(user=request.user, data=request.POST)
    if selection.problems:
        for problem in selection.problems:
            messages.error(request, problem)
        return redirect(back)
    if selection.count > SELECTION_LINK_LIMIT:
        messages.error(
            request,
            _(
                "%(count)d recommendations are selected: choose at most %(limit)d at once "
                "(narrow the filters or tick rows)."
            )
            % {"count": selection.count, "limit": SELECTION_LINK_LIMIT},
        )
        return redirect(back)
    ids = ",".join(str(pk) for pk in selection.ids())
    target = reverse(SUPPLIED.selection_steps[step])
    return redirect(target + "?" + urlencode({"recommendations": ids}))


def recommendation_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A recommendation with its follow-up: assignments, actions, updates, comments,
    history (and, loaded apart, the most similar recommendations)."""
    recommendation = recommendation_get(user=request.user, pk=pk)
    parts = (
        supply(user=request.user, recommendation=recommendation) for supply in SUPPLIED.detail_parts
    )
    context = {"recommendation": recommendation, "page_parts": [part for part in parts if part]}
    return render(request, "recommendations/detail.html", context)


def recommendation_similar_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The most similar recommendations: loaded into the recommendation's page by htmx so
    the page never waits for them, or as a page of its own without JavaScript."""
    visible = recommendation_list(
        user=request.user, filters=RecommendationFilters(include_superseded=True)
    )
    recommendation = get_object_or_404(visible.prefetch_related(None), pk=pk)
    context = {
        "recommendation": recommendation,
        "similar": similar_recommendations(user=request.user, recommendation=recommendation),
    }
    if request.htmx:
        return render(request, "recommendations/_similar.html", context)
    return render(request, "recommendations/similar.html", context)


def saved_view_list_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "recommendations/saved_views.html",
        {"saved_views": saved_view_list(user=request.user)},
    )


@require_POST
def saved_view_create_view(request: HttpRequest) -> HttpResponse:
    """Save the filters the form carries (the list's current ones) under a name."""
    form = SavedViewForm(request.POST)
    query = filter_query_string(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the view a name to save it."))
        return redirect(f"{reverse('recommendations:list')}?{query}")
    view = saved_view_save(user=request.user, name=form.cleaned_data["name"], query_string=query)
    messages.success(request, _("View “%(name)s” saved.") % {"name": view.name})
    return redirect(view.get_absolute_url())


def saved_view_open_view(request: HttpRequest, pk: int) -> HttpResponse:
    return redirect(saved_view_get(user=request.user, pk=pk).get_absolute_url())


@require_POST
def saved_view_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    view = saved_view_get(user=request.user, pk=pk)
    saved_view_delete(user=request.user, saved_view=view)
    messages.success(request, _("View “%(name)s” deleted.") % {"name": view.name})
    return redirect("recommendations:saved-view-list")
