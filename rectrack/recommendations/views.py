from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rectrack.followup.views.work import bulk_assign_context, recommendation_panel
from rectrack.recommendations.forms import RecommendationFilterForm
from rectrack.recommendations.selectors import recommendation_get, recommendation_list


def recommendation_list_view(request: HttpRequest) -> HttpResponse:
    """The paged, filtered list; htmx requests get only the results region (and, for
    coordinators, the bulk-assignment form that follows the filters)."""
    form = RecommendationFilterForm(request.GET or None)
    page = None
    if not form.is_bound or form.is_valid():
        filters = form.to_filters() if form.is_bound else None
        qs = recommendation_list(user=request.user, filters=filters)
        paginator = Paginator(qs, settings.RECTRACK_PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
    context = {"form": form, "page": page, **bulk_assign_context(request, page)}
    if request.htmx and not request.htmx.history_restore_request:
        if "bulk_assign_form" in context:
            return render(request, "followup/_recommendation_results_swap.html", context)
        return render(request, "recommendations/_results.html", context)
    return render(request, "recommendations/list.html", context)


def recommendation_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A recommendation with its follow-up: assignments, actions, updates, comments, history."""
    recommendation = recommendation_get(user=request.user, pk=pk)
    context = {
        "recommendation": recommendation,
        "panel": recommendation_panel(user=request.user, recommendation=recommendation),
    }
    return render(request, "recommendations/detail.html", context)
