"""Imports run away from the request as tasks of Django's Tasks API (django-tasks): queued
in the database with the run, taken by `rectrack worker` in whatever process or machine runs
it (queued by services.runs). The run's page follows it through the run's status and
heartbeat (imports.background)."""

from django_tasks import task

from rectrack.imports.services.importing import import_run_queued


@task()
def import_run_task(run_id: int, *, dry_run: bool, skip_invalid: bool) -> None:
    """Preview (dry_run) or import the stored upload of run `run_id`, if it still waits."""
    import_run_queued(run_id, dry_run=dry_run, skip_invalid=skip_invalid)
