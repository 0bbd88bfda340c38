"""Rectrack's WSGI application as every server runs it (`rectrack serve`, or any server
loading rectrack.wsgi), and what production checks before it serves its first page: one
line naming the fix, instead of a 500 on every page."""

from pathlib import Path

from django.conf import settings

from rectrack.core.config import ConfigError
from rectrack.core.proxies import trusted_proxies


def wsgi_application():
    """Django's WSGI application, refused in production until it can serve, and believing
    X-Forwarded-Proto and X-Forwarded-For from RECTRACK_TRUSTED_PROXIES only."""
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    if problem := production_problem():
        raise ConfigError(problem)
    return trusted_proxies(application, settings.RECTRACK_TRUSTED_PROXIES)


def production_problem() -> str | None:
    """Why production cannot serve yet, or None. The settings module refuses a weak secret
    key and missing host names itself; this is what only the files can tell."""
    if not settings.PRODUCTION:
        return None
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.is_file():
        return (
            f"the static files are not collected in {settings.STATIC_ROOT}: run "
            "`rectrack collectstatic --noinput` first (and again after each upgrade)."
        )
    return None
