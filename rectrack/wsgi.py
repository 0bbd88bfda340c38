import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rectrack.settings")

from rectrack.core.startup import wsgi_application  # noqa: E402 (after the settings module)

application = wsgi_application()
