"""Follow-up's background work as tasks of Django's Tasks API, run by `rectrack worker`."""

from django_tasks import task


@task()
def notifications_email_task(*, ids: list[int]) -> None:
    """E-mail these notifications to those who want them at once (one sending run): queued
    when the step that made them commits, so no step waits on the mail server."""
    from rectrack.followup.services.emails import notifications_email

    notifications_email(ids=ids)
