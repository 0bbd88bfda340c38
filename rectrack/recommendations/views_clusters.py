"""Clusters: their list and pages, and the coordinators' writes (create, edit, delete, add
the recommendations of a search in bulk, remove one, accept a suggested grouping)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from rectrack.accounts.permissions import coordinator_required, is_coordinator
from rectrack.core.confirm import confirm_page, confirmed, sampled
from rectrack.core.errors import ApplicationError
from rectrack.recommendations.forms import (
    ClusterBulkAddForm,
    ClusterForm,
    ClusterProposalForm,
    RecommendationFilterForm,
)
from rectrack.recommendations.models import Recommendation
from rectrack.recommendations.selection import (
    confirmation_page,
    confirmation_required,
    list_url,
    selection_read,
)
from rectrack.recommendations.selectors import (
    cluster_get,
    cluster_list,
    cluster_recommendations,
    recommendation_list,
)
from rectrack.recommendations.services import (
    cluster_add_recommendations,
    cluster_create,
    cluster_delete,
    cluster_remove_recommendation,
    cluster_update,
)
from rectrack.recommendations.similarity import suggest_groups
from rectrack.recommendations.views import filter_query_string

SUGGEST_LIMIT = 3000  # recommendations compared at once: keeps the page fast


def cluster_list_view(request: HttpRequest) -> HttpResponse:
    return render(request, "clusters/list.html", {"clusters": cluster_list()})


def cluster_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A cluster's recommendations with their mechanisms, actions, leads and statuses."""
    cluster = cluster_get(pk=pk)
    context = {
        "cluster": cluster,
        "recommendations": cluster_recommendations(user=request.user, cluster=cluster),
        "is_coordinator": is_coordinator(request.user),
    }
    return render(request, "clusters/detail.html", context)


@coordinator_required
def cluster_create_view(request: HttpRequest) -> HttpResponse:
    form = ClusterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cluster = cluster_create(user=request.user, **form.cleaned_data)
        messages.success(request, _("Cluster “%(name)s” created.") % {"name": cluster})
        return redirect(cluster)
    return render(request, "clusters/form.html", {"form": form})


@coordinator_required
def cluster_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = cluster_get(pk=pk)
    form = ClusterForm(request.POST or None, instance=cluster)
    if request.method == "POST" and form.is_valid():
        cluster = cluster_update(user=request.user, cluster=cluster_get(pk=pk), **form.cleaned_data)
        messages.success(request, _("Cluster saved."))
        return redirect(cluster)
    return render(request, "clusters/form.html", {"form": form, "cluster": cluster})


@coordinator_required
def cluster_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a cluster after a confirmation naming how many recommendations it groups (a
    sample); the recommendations themselves stay."""
    cluster = cluster_get(pk=pk)
    if not confirmed(request):
        members = Recommendation.objects.filter(clusters=cluster).select_related("document")
        count = members.count()
        text = ngettext(
            "It groups %(count)s recommendation. The recommendation stays; only this "
            "grouping goes.",
            "It groups %(count)s recommendations. The recommendations stay; only this "
            "grouping goes.",
            count,
        ) % {"count": count}
        return confirm_page(
            request,
            title=_("Delete the cluster"),
            question=_("Delete the cluster “%(name)s”?") % {"name": cluster},
            consequences=[sampled(text, members.order_by("document__symbol", "reference", "pk"))],
            button=_("Delete the cluster"),
            cancel_url=cluster.get_absolute_url(),
        )
    cluster_delete(user=request.user, cluster=cluster)
    messages.success(request, _("Cluster “%(name)s” deleted.") % {"name": cluster})
    return redirect("recommendations:cluster-list")


@coordinator_required
@require_POST
def cluster_remove_recommendation_view(request: HttpRequest, pk: int, rec_pk: int) -> HttpResponse:
    cluster = cluster_get(pk=pk)
    recommendation = get_object_or_404(Recommendation, pk=rec_pk)
    try:
        cluster_remove_recommendation(
            user=request.user, cluster=cluster, recommendation=recommendation
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Recommendation removed from the cluster."))
    return redirect(cluster)


@coordinator_required
@require_POST
def cluster_bulk_add_view(request: HttpRequest) -> HttpResponse:
    """Add the list's ticked recommendations, or all matching its filters (all pages), to a
    cluster; over 20, a confirmation first."""
    form = ClusterBulkAddForm(request.POST)
    back = list_url(request.POST)
    selection = selection_read(user=request.user, data=request.POST)
    if selection.problems:
        for problem in selection.problems:
            messages.error(request, problem)
        return redirect(back)
    if not form.is_valid():
        messages.error(request, _("Choose a cluster."))
        return redirect(back)
    cluster = form.cleaned_data["target_cluster"]
    if confirmation_required(request, selection):
        question = ngettext(
            "Add %(count)d recommendation to the cluster %(cluster)s?",
            "Add %(count)d recommendations to the cluster %(cluster)s?",
            selection.count,
        ) % {"count": selection.count, "cluster": cluster}
        return confirmation_page(
            request, selection=selection, question=question, button=_("Add them")
        )
    count = cluster_add_recommendations(
        user=request.user, cluster=cluster, recommendations=selection.recommendations
    )
    messages.success(
        request,
        ngettext(
            "%(count)d recommendation added to %(cluster)s.",
            "%(count)d recommendations added to %(cluster)s.",
            count,
        )
        % {"count": count, "cluster": cluster},
    )
    return redirect(back)


@coordinator_required
def cluster_suggest_view(request: HttpRequest) -> HttpResponse:
    """Proposed groupings of similar unclustered recommendations of the current filters; a
    pure read. Rejected proposals travel in the URL (`reject`) and are not shown again."""
    filter_form = RecommendationFilterForm(request.GET)
    filters = filter_form.to_filters() if filter_form.is_valid() else None
    candidates = (
        recommendation_list(user=request.user, filters=filters)
        .filter(clusters__isnull=True)
        .prefetch_related(None)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    pks = list(candidates[:SUGGEST_LIMIT])
    try:
        threshold = min(max(float(request.GET.get("threshold", "0.5")), 0.1), 0.95)
    except ValueError:
        threshold = 0.5
    rejected = set(request.GET.getlist("reject"))
    proposals = [p for p in suggest_groups(pks, threshold=threshold) if p.key not in rejected]
    members = Recommendation.objects.select_related("document__mechanism").in_bulk(
        [pk for proposal in proposals for pk in proposal.members]
    )
    context = {
        "proposals": [
            {
                "proposal": proposal,
                "members": [members[pk] for pk in proposal.members if pk in members],
                "form": ClusterProposalForm(
                    auto_id=f"proposal-{proposal.key}-%s",
                    initial={"name": proposal.name, "members": proposal.members},
                ),
            }
            for proposal in proposals
        ],
        "threshold": threshold,
        "compared": len(pks),
        "limit": SUGGEST_LIMIT,
        "filter_query": filter_query_string(request.GET),
        "rejected": sorted(rejected),
    }
    return render(request, "clusters/suggest.html", context)


@coordinator_required
@require_POST
def cluster_accept_view(request: HttpRequest) -> HttpResponse:
    """Create a cluster from a proposal as the coordinator edited it (name, members kept)."""
    form = ClusterProposalForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The proposal needs a name and at least one recommendation."))
        return redirect(request.META.get("HTTP_REFERER") or "recommendations:cluster-suggest")
    data = form.cleaned_data
    try:
        cluster = cluster_create(
            user=request.user,
            name=data["name"],
            description=data["description"],
            lead_institution=data["lead_institution"],
            recommendations=data["members"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("recommendations:cluster-suggest")
    messages.success(request, _("Cluster “%(name)s” created.") % {"name": cluster})
    return redirect(cluster)
