"""The report builder: choose a report, its recommendations (the list's filters or a saved
view), grouping, period, parts, language and format; get a draft document. Larger reports
are drafted in the background and followed on their own page. Every signed-in user may build
reports of what they may read (approved progress only)."""

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from rectrack.recommendations.selectors import saved_view_list
from rectrack.reports.documents import report_document
from rectrack.reports.documents.content import report_size
from rectrack.reports.forms import ReportBuilderForm
from rectrack.reports.jobs import report_job_get
from rectrack.reports.services import report_job_start


def report_builder_view(request: HttpRequest) -> HttpResponse:
    views = saved_view_list(user=request.user)
    if request.method == "POST":
        form = ReportBuilderForm(request.POST, saved_views=views)
        if form.is_valid():
            choices = form.report_choices()
            size = report_size(
                user=request.user, template=choices["template"], filters=choices["filters"]
            )
            if size > settings.RECTRACK_REPORT_BACKGROUND_ABOVE:
                job = report_job_start(
                    user=request.user,
                    total=size,
                    form_data=request.POST,
                    language=choices["language"],
                )
                return redirect("reports:job", job_id=job.id)
            report = report_document(user=request.user, **choices)
            response = HttpResponse(report.content, content_type=report.content_type)
            response["Content-Disposition"] = f'attachment; filename="{report.file_name}"'
            return response
    else:
        initial = {"filters": request.GET.get("filters", ""), "language": request.LANGUAGE_CODE}
        form = ReportBuilderForm(initial=initial, saved_views=views)
    return render(request, "reports/builder.html", {"form": form})


def report_job_view(request: HttpRequest, job_id: str) -> HttpResponse:
    """A report being drafted: its progress (polled by htmx), then its download link."""
    job = report_job_get(user=request.user, job_id=job_id)
    template = "reports/_job.html" if request.htmx else "reports/job.html"
    return render(request, template, {"job": job})


def report_job_download_view(request: HttpRequest, job_id: str) -> HttpResponse:
    job = report_job_get(user=request.user, job_id=job_id)
    if job.state != "done" or not job.path.exists():
        return redirect("reports:job", job_id=job.id)
    return FileResponse(
        job.path.open("rb"),
        as_attachment=True,
        filename=job.file_name,
        content_type=job.content_type,
    )
