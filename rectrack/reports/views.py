"""Dashboard pages: the same figures for everything, or for one institution, theme, SDG goal,
mechanism or cluster; and the SDG overview. Readable by every signed-in user."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rectrack.accounts.permissions import coordinator_required, is_coordinator
from rectrack.core.figures import cached_figures, fingerprint
from rectrack.followup.forms_planning import MechanismCalendarForm
from rectrack.followup.services.calendar import mechanism_calendar_set
from rectrack.institutions.models import Institution
from rectrack.recommendations.forms import ALL_STATES
from rectrack.recommendations.models import Cluster, SdgGoal, Theme
from rectrack.recommendations.selectors import RecommendationFilters, default_state
from rectrack.reports import charts
from rectrack.reports.selectors import (
    STATUS_ORDER,
    dashboard_figures,
    mechanism_get,
    scoped_recommendations,
    sdg_overview,
    sdg_target_status,
    status_labels,
)

CHART_ROWS = 20
BREAKDOWNS = [
    ("status_by_theme", "reports:theme"),
    ("status_by_sdg", "reports:sdg-goal"),
    ("status_by_lead", "reports:institution"),
    ("status_by_mechanism", "reports:mechanism"),
]


def _status_chart(chart_id: str, title: str, rows) -> str:
    shown = rows[:CHART_ROWS]
    description = _("Recommendations by implementation status, one bar per row: %(rows)s.") % {
        "rows": "; ".join(f"{row.label} {row.total}" for row in shown)
    }
    return charts.stacked_bar_chart(
        chart_id=chart_id,
        title=title,
        description=description,
        series=status_labels(),
        rows=[(row.label, row.ordered_counts) for row in shown],
        styles=charts.STATUS_STYLES,
        empty=_("No recommendations."),
    )


def _bar_chart(chart_id: str, title: str, items) -> str:
    return charts.bar_chart(
        chart_id=chart_id,
        title=title,
        description="; ".join(f"{label}: {value}" for label, value in items),
        items=items,
        empty=_("No recommendations."),
    )


def _over_time(figures: dict, prefix: str) -> tuple[str, list]:
    data = figures["status_over_time"]
    months = [date_format(month, "M Y") for month in data["months"]]
    values = [data["series"][status] for status in STATUS_ORDER]
    totals = [sum(column[i] for column in values) for i in range(len(months))]
    chart = charts.column_chart(
        chart_id=f"{prefix}-over-time",
        title=_("Approved progress updates per month, by status reported"),
        description=_("Last twelve months: %(months)s.")
        % {"months": "; ".join(f"{m} {n}" for m, n in zip(months, totals, strict=True))},
        categories=months,
        series=status_labels(),
        values=values,
        styles=charts.STATUS_STYLES,
        empty=_("No progress update was approved in the last twelve months."),
    )
    table = [(month, [column[i] for column in values]) for i, month in enumerate(months)]
    return chart, table


def dashboard_context(
    *, user, prefix: str, filters: RecommendationFilters | None = None, all_states: bool = False
) -> dict:
    """The figures, and their charts with their tables rendered once per figures (hundreds
    of numbers drawn and formatted: most of a dashboard's time). Figures count the NMIRF's
    own State unless `all_states` (see reports/_state_scope.html for the switch)."""
    figures = dashboard_figures(user=user, filters=filters, all_states=all_states)
    charted = fingerprint([figures[name] for name in CHARTED])
    charts_html = cached_figures(
        "dashboard-charts", (prefix, charted), lambda: _charts_html(figures, prefix)
    )
    return {
        "figures": figures,
        "charts_html": mark_safe(charts_html),
        "state_scope": state_scope(all_states=all_states),
    }


def state_scope(*, all_states: bool) -> dict | None:
    """What the switch between the NMIRF's own State and all States shows, when it applies."""
    state = default_state()
    return {"state": state, "all_states": all_states} if state else None


# The cached figures the charts draw (what only some readers may see is never charted).
CHARTED = (
    "by_mechanism",
    "by_position",
    "status_overall",
    "status_by_theme",
    "status_by_sdg",
    "status_by_lead",
    "status_by_mechanism",
    "status_over_time",
)


def _charts_html(figures: dict, prefix: str) -> str:
    for name, url_name in BREAKDOWNS:
        for row in figures[name]:
            if row.key is not None:
                row.url = reverse(url_name, args=[row.key])
    over_time_chart, over_time_table = _over_time(figures, prefix)
    chart = {
        "by_mechanism": _bar_chart(
            f"{prefix}-by-mechanism", _("Recommendations by mechanism"), figures["by_mechanism"]
        ),
        "by_position": _bar_chart(
            f"{prefix}-by-position",
            _("Recommendations by position of the State"),
            [(label, n) for label, n, _key in figures["by_position"]],
        ),
        "status_overall": _status_chart(
            f"{prefix}-status", _("Implementation status"), [figures["status_overall"]]
        ),
        "status_by_theme": _status_chart(
            f"{prefix}-by-theme", _("Implementation status by theme"), figures["status_by_theme"]
        ),
        "status_by_sdg": _status_chart(
            f"{prefix}-by-sdg", _("Implementation status by SDG goal"), figures["status_by_sdg"]
        ),
        "status_by_lead": _status_chart(
            f"{prefix}-by-lead",
            _("Implementation status by lead institution"),
            figures["status_by_lead"],
        ),
        "status_by_mechanism": _status_chart(
            f"{prefix}-by-status-mechanism",
            _("Implementation status by mechanism"),
            figures["status_by_mechanism"],
        ),
        "over_time": over_time_chart,
    }
    context = {
        "figures": figures,
        "status_overall_rows": [figures["status_overall"]],
        "charts": chart,
        "over_time_table": over_time_table,
        "statuses": status_labels(),
        "chart_rows": CHART_ROWS,
    }
    return render_to_string("reports/_charts.html", context)


def dashboard_view(request: HttpRequest) -> HttpResponse:
    """The figures and charts of all recommendations, on a page of their own (the home page
    shows the work first)."""
    all_states = request.GET.get("state") == ALL_STATES
    context = dashboard_context(user=request.user, prefix="dashboard", all_states=all_states)
    context["list_query"] = f"?state={ALL_STATES}" if all_states else ""
    return render(request, "reports/dashboard.html", context)


def _scope_page(
    request: HttpRequest, *, heading: str, kind: str, list_query: dict, prefix: str, **extra
) -> HttpResponse:
    all_states = request.GET.get("state") == ALL_STATES
    if all_states:
        list_query = {**list_query, "state": ALL_STATES}
    extra["all_states"] = all_states
    context = {
        "heading": heading,
        "kind": kind,
        "list_url": f"{reverse('recommendations:list')}?{urlencode(list_query)}",
        **extra.pop("context", {}),
        **dashboard_context(user=request.user, prefix=prefix, **extra),
    }
    return render(request, "reports/scope.html", context)


def institution_view(request: HttpRequest, pk: int) -> HttpResponse:
    institution = get_object_or_404(Institution, pk=pk)
    return _scope_page(
        request,
        heading=str(institution),
        kind=_("Lead institution"),
        list_query={"lead": institution.pk},
        prefix="institution",
        filters=RecommendationFilters(lead=institution),
    )


def theme_view(request: HttpRequest, pk: int) -> HttpResponse:
    theme = get_object_or_404(Theme, pk=pk)
    return _scope_page(
        request,
        heading=str(theme),
        kind=_("Theme"),
        list_query={"theme": theme.pk},
        prefix="theme",
        filters=RecommendationFilters(theme=theme),
    )


def mechanism_view(request: HttpRequest, code: str, calendar_form=None) -> HttpResponse:
    """A mechanism's figures and, for the secretariat, the form to set its reporting dates."""
    mechanism = mechanism_get(code=code)
    if calendar_form is None and is_coordinator(request.user):
        calendar_form = _calendar_form(mechanism)
    response = _scope_page(
        request,
        heading=f"{mechanism.code} · {mechanism.display_name}",
        kind=_("Mechanism"),
        list_query={"mechanism": mechanism.code},
        prefix="mechanism",
        filters=RecommendationFilters(mechanism=mechanism),
        context={"mechanism": mechanism, "calendar_form": calendar_form},
    )
    if calendar_form is not None and calendar_form.errors:
        response.status_code = 400
    return response


def _calendar_form(mechanism, data=None) -> MechanismCalendarForm:
    """The calendar form for one mechanism: the mechanism is the page's, never chosen."""
    if data is not None:
        data = data.copy()
        data["mechanism"] = str(mechanism.pk)
    form = MechanismCalendarForm(
        data,
        initial={
            "mechanism": mechanism.pk,
            "next_report_due": mechanism.next_report_due,
            "next_review_date": mechanism.next_review_date,
        },
    )
    form.fields["mechanism"].widget = forms.HiddenInput()
    return form


@require_POST
@coordinator_required
def mechanism_calendar_view(request: HttpRequest, code: str) -> HttpResponse:
    """Set the mechanism's next report due date and next review (the home page's calendar)."""
    mechanism = mechanism_get(code=code)
    form = _calendar_form(mechanism, request.POST)
    if form.is_valid():
        try:
            mechanism = mechanism_calendar_set(
                mechanism=mechanism,
                user=request.user,
                next_report_due=form.cleaned_data["next_report_due"],
                next_review_date=form.cleaned_data["next_review_date"],
            )
        except ValidationError as error:
            for name, errors in getattr(error, "error_dict", {None: error.error_list}).items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(
                request, _("The calendar of %(mechanism)s was saved.") % {"mechanism": mechanism}
            )
            return redirect("reports:mechanism", code=mechanism.code)
    return mechanism_view(request, code, calendar_form=form)


def cluster_view(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = get_object_or_404(Cluster, pk=pk)
    return _scope_page(
        request,
        heading=str(cluster),
        kind=_("Cluster"),
        list_query={"cluster": cluster.pk},
        prefix="cluster",
        filters=RecommendationFilters(cluster=cluster),
    )


def sdg_goal_view(request: HttpRequest, number: int) -> HttpResponse:
    """A goal's figures, and its targets with how many recommendations link to each."""
    goal = get_object_or_404(SdgGoal, number=number)
    filters = RecommendationFilters(sdg_goal=goal)
    ids = scoped_recommendations(user=request.user, filters=filters).values("pk")
    targets = sdg_target_status(ids=ids, goal=goal)
    return _scope_page(
        request,
        heading=str(goal),
        kind=_("SDG goal"),
        list_query={"sdg": goal.number},
        prefix="goal",
        filters=filters,
        context={
            "goal": goal,
            "targets": targets,
            "statuses": status_labels(),  # the targets table's column headings
            "targets_chart": _status_chart(
                "goal-targets", _("Implementation status by SDG target"), targets
            ),
        },
    )


def sdg_view(request: HttpRequest) -> HttpResponse:
    """The 17 goals, each with how many recommendations link to it and their status."""
    all_states = request.GET.get("state") == ALL_STATES
    goals = sdg_overview(user=request.user, all_states=all_states)
    for row in goals:
        row.url = reverse("reports:sdg-goal", args=[row.key])
    context = {
        "goals": goals,
        "chart": _status_chart("sdg-goals", _("Implementation status by SDG goal"), goals),
        "statuses": status_labels(),
        "state_scope": state_scope(all_states=all_states),
    }
    return render(request, "reports/sdg.html", context)
