"""Background report and export jobs (queued by reports.services, run by reports.tasks in
`rectrack worker`): the job's state and progress live in the shared cache (any serving
process can show them), the finished file in VAR_DIR/reports, and both belong to the user
who asked; nobody else can see or download them."""

from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, QueryDict
from django.utils import translation

from rectrack.reports.documents import report_document
from rectrack.reports.exports import recommendations_export

KEPT_SECONDS = 24 * 3600


@dataclass
class ReportJob:
    id: str
    user_id: int
    state: str  # queued, running, done, failed
    done: int = 0  # recommendations gathered so far
    total: int = 0
    file_name: str = ""
    content_type: str = ""
    error: str = ""
    language: str = ""  # the report's
    kind: str = "report"  # or "export"

    @property
    def path(self) -> Path:
        return reports_dir() / f"{self.id}{Path(self.file_name).suffix}"


def reports_dir() -> Path:
    folder = Path(settings.VAR_DIR) / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def job_key(job_id: str) -> str:
    return f"rectrack:report-job:{job_id}"


def job_save(job: ReportJob) -> None:
    cache.set(job_key(job.id), asdict(job), KEPT_SECONDS)


def job_task_save(job_id: str, task_id: str) -> None:
    """The id of the task running the job, kept beside it (the worker saves the job itself as
    it goes, so the two never overwrite each other)."""
    cache.set(job_key(job_id) + ":task", task_id, KEPT_SECONDS)


def _job_task_failed(job_id: str) -> bool:
    """Whether the job's task ended failed without the job saying so: its worker was killed
    (rectrack.core.worker fails such tasks), or it failed before it began."""
    from django_tasks import default_task_backend
    from django_tasks.base import TaskResultStatus
    from django_tasks.exceptions import TaskResultDoesNotExist

    task_id = cache.get(job_key(job_id) + ":task")
    if not task_id:
        return False
    try:
        return default_task_backend.get_result(task_id).status == TaskResultStatus.FAILED
    except (TaskResultDoesNotExist, NotImplementedError):  # pruned, or run where it was asked
        return False


def report_job_run(job_id: str, *, data: dict[str, list[str]], page_language: str) -> None:
    """The worker's side (reports.tasks): draft the job's report or export and keep the file
    for its owner; the job's page follows its state and progress in the shared cache."""
    from rectrack.accounts.models import User

    found = cache.get(job_key(job_id))
    if not found or found["state"] != "queued":
        return  # expired, or taken already
    job = ReportJob(**found)
    job.state = "running"
    job_save(job)

    def progress(done: int) -> None:
        job.done = done
        job_save(job)

    try:
        user = User.objects.get(pk=job.user_id, is_active=True)
        with translation.override(page_language):
            build = _build_export if job.kind == "export" else _build_report
            content, job.file_name, job.content_type, count = build(user, data, progress)
        job.path.write_bytes(content)
        job.done, job.state = count, "done"
    except Exception as error:  # the job page says it failed; the log has the details
        job.state, job.error = "failed", type(error).__name__
        raise
    finally:
        job_save(job)


def _build_report(user, data: dict, progress) -> tuple[bytes, str, str, int]:
    from rectrack.recommendations.selectors import saved_view_list
    from rectrack.reports.forms import ReportBuilderForm

    form = ReportBuilderForm(_query(data), saved_views=saved_view_list(user=user))
    if not form.is_valid():  # valid when queued: a saved view deleted since, say
        raise ValueError(f"the report's choices are no longer valid: {sorted(form.errors)}")
    report = report_document(user=user, progress=progress, **form.report_choices())
    return report.content, report.file_name, report.content_type, report.recommendations


def _build_export(user, data: dict, progress) -> tuple[bytes, str, str, int]:
    from rectrack.recommendations.forms import RecommendationFilterForm

    query = _query(data)
    form = RecommendationFilterForm(query)
    if not form.is_valid():
        raise ValueError(f"the export's filters are no longer valid: {sorted(form.errors)}")
    exported = recommendations_export(
        user=user,
        progress=progress,
        filters=form.to_filters(),
        format=query.get("format", "xlsx"),
        sheets_by=query.get("sheets", ""),
        language=query.get("language") or translation.get_language(),
    )
    return exported.content, exported.file_name, exported.content_type, exported.rows


def _query(data: dict[str, list[str]]) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, values in data.items():
        query.setlist(key, values)
    return query


def report_job_get(*, user, job_id: str) -> ReportJob:
    """The user's own job, or 404: another user's jobs do not exist for them."""
    found = cache.get(job_key(job_id)) if len(job_id) == 32 else None
    if not found or found["user_id"] != user.pk:
        raise Http404
    job = ReportJob(**found)
    if job.state in ("queued", "running") and _job_task_failed(job.id):
        job.state, job.error = "failed", "WorkerStopped"
        job_save(job)
    return job
