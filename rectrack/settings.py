"""Rectrack's one settings module, driven by RECTRACK_* environment variables.

Defaults suit a single user on a laptop (SQLite under var/, local secret key). With
RECTRACK_ENV=production the module refuses to load unless the secret key, allowed hosts and
debug are set safely. README lists every variable.
"""

import datetime
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from rectrack.core.config import (
    ConfigError,
    api_rate,
    cache_config,
    database_config,
    database_identity,
    env_bool,
    env_int,
    env_list,
    env_secret,
    env_str,
    local_secret_key,
    tasks_config,
    weak_secret_key,
)
from rectrack.core.proxies import proxy_networks

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("RECTRACK_VAR_DIR") or Path.cwd() / "var").resolve()

RECTRACK_ENV = env_str("RECTRACK_ENV", "local").lower()
if RECTRACK_ENV not in {"local", "production"}:
    raise ConfigError(f"RECTRACK_ENV must be 'local' or 'production', not {RECTRACK_ENV!r}.")
PRODUCTION = RECTRACK_ENV == "production"

DEBUG = env_bool("RECTRACK_DEBUG", False)
SECRET_KEY = env_secret("RECTRACK_SECRET_KEY")
ALLOWED_HOSTS = env_list(
    "RECTRACK_ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]"]
)

if PRODUCTION:
    if DEBUG:
        raise ConfigError("RECTRACK_DEBUG must be off when RECTRACK_ENV=production.")
    if weak_secret_key(SECRET_KEY):
        raise ConfigError(
            "RECTRACK_SECRET_KEY (or RECTRACK_SECRET_KEY_FILE) must hold a random key of at "
            "least 50 characters when RECTRACK_ENV=production: make one with "
            "`python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        raise ConfigError(
            "RECTRACK_ALLOWED_HOSTS must list the server's host names (comma-separated, no '*') "
            "when RECTRACK_ENV=production."
        )
elif not SECRET_KEY:
    SECRET_KEY = local_secret_key(VAR_DIR)

# The reverse proxies whose X-Forwarded-Proto and X-Forwarded-For are believed (addresses or
# networks); every other peer's are removed (rectrack.core.proxies, wrapped round the WSGI
# application: Django takes the scheme from the server, not from a header).
RECTRACK_TRUSTED_PROXIES = proxy_networks(
    env_list("RECTRACK_TRUSTED_PROXIES", ["127.0.0.1", "::1"]), setting="RECTRACK_TRUSTED_PROXIES"
)

DATABASES = {
    "default": database_config(
        env_str("RECTRACK_DATABASE_URL"), default_sqlite_path=VAR_DIR / "rectrack.sqlite3"
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The figures and page cache (rectrack.core.figures), report jobs' progress: a folder on disk
# shared by the processes of one machine, or Redis for several (RECTRACK_CACHE_URL). Its keys
# carry the database's identity, so two databases never read each other's entries.
CACHES = cache_config(
    env_str("RECTRACK_CACHE_URL"),
    folder=Path(env_str("RECTRACK_CACHE_DIR") or VAR_DIR / "cache"),
    key_prefix=database_identity(DATABASES["default"]),
)

INSTALLED_APPS = [
    "modeltranslation",  # before the admin, whose forms it extends with a field per language
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "ninja",  # the API documentation's pages and scripts (Swagger UI, served from the site)
    # Background work (imports, large reports and exports) as tasks of Django's Tasks API,
    # queued in the database and run by `rectrack worker` (started by `rectrack serve`).
    "django_tasks",
    "django_tasks.backends.database",
    "django_rq",  # the Redis queue, for RECTRACK_TASKS_URL=redis://...
    "rectrack.core",
    "rectrack.accounts",
    "rectrack.imports",
    "rectrack.recommendations",
    "rectrack.institutions",
    "rectrack.followup",
    "rectrack.audit",
    "rectrack.reports",
    "rectrack.demo",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed for slow lines (static files are WhiteNoise's, already answered above,
    # precompressed in production). Django masks the CSRF token anew in every response and
    # pads each compressed response with random bytes against BREACH (see README).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "rectrack.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "rectrack.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last: it answers locked-out sign-ins
]

ROOT_URLCONF = "rectrack.urls"
WSGI_APPLICATION = "rectrack.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rectrack.accounts.context_processors.roles",
                "rectrack.followup.context_processors.notifications",
            ],
        },
    }
]

AUTH_USER_MODEL = "accounts.User"
# Sign-in attempts (django-axes): after RECTRACK_LOGIN_FAILURES wrong passwords for a user
# name, that user name is locked for RECTRACK_LOCKOUT_MINUTES, whatever the address (behind a
# proxy every visitor may share one); a successful sign-in clears the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("RECTRACK_LOGIN_FAILURES", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("RECTRACK_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# Two-factor sign-in (django-otp, TOTP): offered to everyone; required of administrators and
# coordinators when this is on.
RECTRACK_REQUIRE_TWO_FACTOR = env_bool("RECTRACK_REQUIRE_TWO_FACTOR", False)
OTP_TOTP_ISSUER = env_str("RECTRACK_TWO_FACTOR_ISSUER", "Rectrack")
# axes.W006 asks to lock by address too: behind the usual reverse proxy every visitor has the
# proxy's address, and one attacker would lock everyone out.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "followup:landing"  # focal points to My work, others home
LOGOUT_REDIRECT_URL = "login"
# E-mailed links to choose a password (invitations and forgotten passwords) last this long and
# work once: setting the password makes them void.
PASSWORD_RESET_TIMEOUT = env_int("RECTRACK_PASSWORD_LINK_HOURS", 72) * 3600
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The six official UN languages; Arabic is laid out right to left (Django knows it is bidi).
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("en", _("English")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("zh-hans", _("Chinese (Simplified)")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Names per language of the reference data and taxonomies (rectrack/recommendations/
# translation.py): a language without a name shows the name as imported, never another
# language's, so no fallback language; the administration labels each field "name (French)".
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ()}


def _name_in_language(verbose_name, language: str) -> str:
    return f"{verbose_name} ({dict(LANGUAGES)[language]})"


MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME = _name_in_language
USE_I18N = True
TIME_ZONE = env_str("RECTRACK_TIME_ZONE", "UTC")
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Production collects static files here (rectrack collectstatic); locally they are served from
# the apps directly, so no collect step is needed.
STATIC_ROOT = VAR_DIR / "static" if PRODUCTION else None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production, serve static files straight from the apps: no collectstatic step.
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = VAR_DIR / "media"

RECTRACK_PAGE_SIZE = env_int("RECTRACK_PAGE_SIZE", 25)
# The NMIRF's own State (ISO code, e.g. VLD): lists and dashboards show it by default when
# the database holds the reviews of several States.
RECTRACK_STATE = env_str("RECTRACK_STATE", "").upper()
# How long dashboard figures and facet counts may be served from the cache (rectrack.core.figures).
RECTRACK_FIGURES_CACHE_SECONDS = env_int("RECTRACK_FIGURES_CACHE_SECONDS", 300)
# Figures slower than this are refreshed in the background after a change (rectrack.core.figures).
RECTRACK_FIGURES_SLOW_MS = env_int("RECTRACK_FIGURES_SLOW_MS", 500)
# Reports over more recommendations are drafted in the background, with progress.
RECTRACK_REPORT_BACKGROUND_ABOVE = env_int("RECTRACK_REPORT_BACKGROUND_ABOVE", 1000)
# Exports over more recommendations are written in the background, with progress.
RECTRACK_EXPORT_BACKGROUND_ABOVE = env_int("RECTRACK_EXPORT_BACKGROUND_ABOVE", 2000)
# The paper of Word and PDF reports: A4, or US Letter where that is the norm.
RECTRACK_PAPER = env_str("RECTRACK_PAPER", "a4").lower()
if RECTRACK_PAPER not in ("a4", "letter"):
    raise ConfigError(f"RECTRACK_PAPER must be 'a4' or 'letter', not {RECTRACK_PAPER!r}.")
RECTRACK_IMPORT_MAX_BYTES = env_int("RECTRACK_IMPORT_MAX_MB", 50) * 1024 * 1024
RECTRACK_EVIDENCE_MAX_BYTES = env_int("RECTRACK_EVIDENCE_MAX_MB", 20) * 1024 * 1024
# Uploads stream to a temporary file and are refused as they arrive once over their limit
# (imports: RECTRACK_IMPORT_MAX_MB; evidence: RECTRACK_EVIDENCE_MAX_MB), never held whole.
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",  # requests under 2.5 MB
    "rectrack.imports.uploads.LimitedUploadHandler",
]
# Office documents (imports and evidence) are unpacked once as a stream before anything
# reads them (rectrack.core.archives): no member read whole may unpack beyond MEMBER (a
# workbook's sheets and shared strings, read as a stream, are bounded by the total only),
# nor all members together beyond TOTAL, nor a member beyond its first MB be compressed
# more than RATIO to 1. Real Word XML compresses about 30 to 1, sheets 8 to 20 to 1; a
# 250,000-row UHRI export's sheet unpacks to some 250-500 MB.
RECTRACK_ARCHIVE_MAX_MEMBER_BYTES = env_int("RECTRACK_ARCHIVE_MAX_MEMBER_MB", 32) * 1024 * 1024
RECTRACK_ARCHIVE_MAX_TOTAL_BYTES = env_int("RECTRACK_ARCHIVE_MAX_TOTAL_MB", 1024) * 1024 * 1024
RECTRACK_ARCHIVE_MAX_RATIO = env_int("RECTRACK_ARCHIVE_MAX_RATIO", 100)
# The most characters an imported cell may hold: Excel's own limit for a cell, so whatever
# a spreadsheet program writes passes; a real recommendation holds a few thousand at most.
RECTRACK_IMPORT_MAX_CELL_CHARS = env_int("RECTRACK_IMPORT_MAX_CELL_CHARS", 32_767)
# A running import beats this often; one silent for this long is found interrupted.
RECTRACK_IMPORT_HEARTBEAT_SECONDS = env_int("RECTRACK_IMPORT_HEARTBEAT_SECONDS", 60)
# The most API calls one token may make, per second, minute, hour or day ("600/m").
RECTRACK_API_RATE = env_str("RECTRACK_API_RATE", "600/m")
api_rate(RECTRACK_API_RATE)  # refused at start-up, with one line, if malformed
# A task worker on the database queue beats this often; the tasks it was running when it
# has been silent for this long are failed (rectrack.core.worker).
RECTRACK_WORKER_HEARTBEAT_SECONDS = env_int("RECTRACK_WORKER_HEARTBEAT_SECONDS", 60)
# `rectrack uhri-sync`: UHRI's public full export (JSON, all States, some 400 MB), and the
# most a download may be before it is refused (it streams to a temporary file).
RECTRACK_UHRI_EXPORT_URL = env_str(
    "RECTRACK_UHRI_EXPORT_URL", "https://dataex.ohchr.org/uhri/export-results/export-full-en.json"
)
RECTRACK_UHRI_MAX_BYTES = env_int("RECTRACK_UHRI_MAX_MB", 2048) * 1024 * 1024
RECTRACK_BASE_URL = env_str("RECTRACK_BASE_URL", "http://127.0.0.1:8000")
RECTRACK_IMPORTS_IN_BACKGROUND = env_bool("RECTRACK_IMPORTS_IN_BACKGROUND", True)
# Where background work waits for `rectrack worker`: the database (the default), Redis
# (redis://..., for workers on several machines), or "immediate": run at once inside the
# request or command that asks for it.
TASKS, RQ_QUEUES = tasks_config(env_str("RECTRACK_TASKS_URL"), setting="RECTRACK_TASKS_URL")
# django-rq's dashboard stays out of the administration (and the stats URLs it would add
# with it): RQ's own tools (`rq info`) show the Redis queue.
RQ_SHOW_ADMIN_LINK = False
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

SESSION_COOKIE_AGE = env_int("RECTRACK_SESSION_AGE", 8 * 3600)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts and styles from this site only, never inline;
# no framing, no plugins, forms post back here only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("RECTRACK_HSTS_SECONDS", 31536000)
    # Only the operator knows whether every subdomain is served over HTTPS: off unless said.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("RECTRACK_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("RECTRACK_HSTS_PRELOAD", False)
    SECURE_SSL_REDIRECT = env_bool("RECTRACK_SSL_REDIRECT", False)
    CSRF_TRUSTED_ORIGINS = env_list("RECTRACK_CSRF_TRUSTED_ORIGINS", [])

EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if env_str("RECTRACK_EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env_str("RECTRACK_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("RECTRACK_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("RECTRACK_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_secret("RECTRACK_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("RECTRACK_EMAIL_TLS", False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = env_str("RECTRACK_EMAIL_FROM", "rectrack@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_forbidden": {"()": "rectrack.core.logs.OneLineForbidden"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["one_line_forbidden"]}},
    "root": {"handlers": ["console"], "level": env_str("RECTRACK_LOG_LEVEL", "WARNING")},
}
