"""The report builder: choose a report, its recommendations (the list's filters or a saved
view), grouping, period and parts; get a draft Word document. Every signed-in user may
build reports of what they may read (approved progress only)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rectrack.recommendations.selectors import saved_view_list
from rectrack.reports.documents import report_document
from rectrack.reports.forms import ReportBuilderForm


def report_builder_view(request: HttpRequest) -> HttpResponse:
    views = saved_view_list(user=request.user)
    if request.method == "POST":
        form = ReportBuilderForm(request.POST, saved_views=views)
        if form.is_valid():
            report = report_document(user=request.user, **form.report_choices())
            response = HttpResponse(report.content, content_type=report.content_type)
            response["Content-Disposition"] = f'attachment; filename="{report.file_name}"'
            return response
    else:
        initial = {"filters": request.GET.get("filters", "")}
        form = ReportBuilderForm(initial=initial, saved_views=views)
    return render(request, "reports/builder.html", {"form": form}, status=200)
