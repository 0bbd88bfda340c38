import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from rectrack.core.config import ConfigError
from rectrack.core.proxies import trusted_proxies
from rectrack.core.startup import production_problem

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rectrack.settings")
application = get_wsgi_application()
if problem := production_problem():
    raise ConfigError(problem)
# X-Forwarded-Proto and X-Forwarded-For believed from RECTRACK_TRUSTED_PROXIES only.
application = trusted_proxies(application, settings.RECTRACK_TRUSTED_PROXIES)
