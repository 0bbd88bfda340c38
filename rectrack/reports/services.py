"""Large reports and exports, over RECTRACK_REPORT_BACKGROUND_ABOVE and
RECTRACK_EXPORT_BACKGROUND_ABOVE recommendations, are queued as a task (reports.tasks) that
`rectrack worker` runs, so nobody waits on a page that times out; the job page follows them
(reports.jobs). Files are removed a day after they were made."""

import time
import uuid

from django.utils import translation

from rectrack.reports.jobs import KEPT_SECONDS, ReportJob, job_save, job_task_save, reports_dir
from rectrack.reports.tasks import report_job_task


def _remove_old_files() -> None:
    limit = time.time() - KEPT_SECONDS
    for path in reports_dir().iterdir():
        if path.is_file() and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


def report_job_start(*, user, total: int, form_data, language: str) -> ReportJob:
    """Queue the report the builder's form data (request.POST) describes; returns the job to
    follow. The worker reads the form again, as this user: what they may see then."""
    return _start(user=user, total=total, kind="report", language=language, data=form_data)


def export_job_start(*, user, total: int, form_data, language: str) -> ReportJob:
    """Queue the export the export link's query (request.GET) describes."""
    return _start(user=user, total=total, kind="export", language=language, data=form_data)


def _start(*, user, total: int, kind: str, language: str, data) -> ReportJob:
    _remove_old_files()
    job = ReportJob(
        id=uuid.uuid4().hex,
        user_id=user.pk,
        state="queued",
        total=total,
        language=language,
        kind=kind,
    )
    job_save(job)
    task = report_job_task.enqueue(
        job.id,
        # The form's fields only: its CSRF token has no business in the task queue.
        data={key: data.getlist(key) for key in data if key != "csrfmiddlewaretoken"},
        page_language=translation.get_language(),  # the page's; the file's is in `data`
    )
    job_task_save(job.id, task.id)
    return job
