"""What a production server checks before it serves its first page (rectrack serve, and the
WSGI application any other server loads): one line naming the fix, instead of a 500 on
every page."""

from pathlib import Path

from django.conf import settings


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
