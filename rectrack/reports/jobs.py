"""Reports over more than RECTRACK_REPORT_BACKGROUND_ABOVE recommendations, and exports over
more than RECTRACK_EXPORT_BACKGROUND_ABOVE, are made in a background thread, so nobody waits
on a page that times out: the job's progress lives in the shared cache (any serving process
can show it), the finished file in VAR_DIR/reports, and both belong to the user who asked;
nobody else can see or download them. Files are removed a day after they were made."""

import threading
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, connection
from django.http import Http404
from django.utils import translation

from rectrack.reports.documents import report_document
from rectrack.reports.exports import recommendations_export

KEPT_SECONDS = 24 * 3600
_threads: set[threading.Thread] = set()
_lock = threading.Lock()


@dataclass
class ReportJob:
    id: str
    user_id: int
    state: str  # running, done, failed
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


def _key(job_id: str) -> str:
    return f"rectrack:report-job:{job_id}"


def _save(job: ReportJob) -> None:
    cache.set(_key(job.id), asdict(job), KEPT_SECONDS)


def _remove_old_files() -> None:
    limit = time.time() - KEPT_SECONDS
    for path in reports_dir().iterdir():
        if path.is_file() and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


def report_job_start(*, user, total: int, choices: dict) -> ReportJob:
    """Start drafting the report in the background; returns the job to follow."""

    def build(progress) -> tuple[bytes, str, str, int]:
        report = report_document(user=user, progress=progress, **choices)
        return report.content, report.file_name, report.content_type, report.recommendations

    return _start(
        user=user, total=total, kind="report", language=choices.get("language"), build=build
    )


def export_job_start(*, user, total: int, choices: dict) -> ReportJob:
    """Start writing the export (recommendations_export's `choices`) in the background."""

    def build(progress) -> tuple[bytes, str, str, int]:
        exported = recommendations_export(user=user, progress=progress, **choices)
        return exported.content, exported.file_name, exported.content_type, exported.rows

    return _start(
        user=user, total=total, kind="export", language=choices.get("language"), build=build
    )


def _start(*, user, total: int, kind: str, language: str | None, build) -> ReportJob:
    _remove_old_files()
    page_language = translation.get_language()  # the page's; the file's is in `build`
    job = ReportJob(
        id=uuid.uuid4().hex,
        user_id=user.pk,
        state="running",
        total=total,
        language=language or page_language,
        kind=kind,
    )
    _save(job)

    def progress(done: int) -> None:
        job.done = done
        _save(job)

    def work() -> None:
        close_old_connections()
        try:
            with translation.override(page_language):
                content, job.file_name, job.content_type, count = build(progress)
            job.path.write_bytes(content)
            job.done, job.state = count, "done"
        except Exception as error:  # the job page says it failed; the log has the details
            job.state, job.error = "failed", type(error).__name__
            raise
        finally:
            _save(job)
            connection.close()
            with _lock:
                _threads.discard(threading.current_thread())

    thread = threading.Thread(target=work, name=f"rectrack-{kind}", daemon=True)
    with _lock:
        _threads.add(thread)
    thread.start()
    return job


def report_job_get(*, user, job_id: str) -> ReportJob:
    """The user's own job, or 404: another user's jobs do not exist for them."""
    found = cache.get(_key(job_id)) if len(job_id) == 32 else None
    if not found or found["user_id"] != user.pk:
        raise Http404
    return ReportJob(**found)


def wait_for_report_jobs(timeout: float = 60.0) -> None:
    """Wait for the jobs started so far (tests, commands)."""
    with _lock:
        running = list(_threads)
    for thread in running:
        thread.join(timeout)
