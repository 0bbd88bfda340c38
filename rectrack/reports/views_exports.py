"""Exports of the recommendations list as it is filtered: every signed-in user may export
what they may read (recommendation_list decides)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from rectrack.recommendations.forms import RecommendationFilterForm
from rectrack.reports.exports import FORMATS, SHEETS_BY, export_size, recommendations_export
from rectrack.reports.services import export_job_start


@require_GET
def export_view(request: HttpRequest) -> HttpResponse:
    """The list's filters (as in its URL), `format` (xlsx, csv, json), for xlsx `sheets`
    (cluster or theme: one sheet each) and `language` (of the headers; default: the
    interface's) -> a file download; over RECTRACK_EXPORT_BACKGROUND_ABOVE recommendations,
    the page of a background job that shows its progress, then the download."""
    format = request.GET.get("format", "xlsx")
    sheets_by = request.GET.get("sheets", "")
    language = request.GET.get("language") or request.LANGUAGE_CODE
    if format not in FORMATS or sheets_by not in ("", *SHEETS_BY):
        return HttpResponseBadRequest(_("Unknown export format or sheet grouping."))
    if language not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest(_("Unknown language."))
    form = RecommendationFilterForm(request.GET)
    if not form.is_valid():
        fields = ", ".join(sorted(form.errors))
        return HttpResponseBadRequest(_("Invalid filters: %(fields)s.") % {"fields": fields})
    choices = {
        "filters": form.to_filters(),
        "format": format,
        "sheets_by": sheets_by,
        "language": language,
    }
    size = export_size(user=request.user, filters=choices["filters"])
    if size > settings.RECTRACK_EXPORT_BACKGROUND_ABOVE:
        job = export_job_start(
            user=request.user, total=size, form_data=request.GET, language=language
        )
        return redirect("reports:job", job_id=job.id)
    exported = recommendations_export(user=request.user, **choices)
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.file_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
