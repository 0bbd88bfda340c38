"""Large reports and exports as tasks of Django's Tasks API, run by `rectrack worker`
(queued by reports.services; reports.jobs keeps their state and files)."""

from django_tasks import task

from rectrack.reports.jobs import report_job_run


@task()
def report_job_task(job_id: str, *, data: dict[str, list[str]], page_language: str) -> None:
    report_job_run(job_id, data=data, page_language=page_language)
