"""Core's tasks of Django's Tasks API (django-tasks), run by `rectrack worker`."""

from django.utils import translation
from django_tasks import task

from rectrack.core.figures import figures_refresh


@task()
def figures_refresh_task(
    *,
    function: str,
    kwargs: dict,
    language: str,
    key: str,
    latest_key: str,
    version: int,
    lock: str,
) -> None:
    """Compute slow figures again after a change (core.figures), in the reader's language."""
    with translation.override(language):
        figures_refresh(
            function=function,
            kwargs=kwargs,
            key=key,
            latest_key=latest_key,
            version=version,
            lock=lock,
        )
