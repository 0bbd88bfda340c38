"""Typed readers for Rectrack's environment variables.

Every setting comes from a ``RECTRACK_*`` variable with a safe local default; a bad value
raises ConfigError, which the ``rectrack`` command prints as one line naming the variable.
"""

import hashlib
import os
import secrets
from pathlib import Path

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


class ConfigError(Exception):
    """A setting read from the environment is missing, malformed or unsafe."""


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"{name} must be true or false (1/0, yes/no), not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name: str) -> str:
    """Read a secret from NAME, or from the file named by NAME_FILE (Docker/systemd secrets)."""
    value = env_str(name)
    file_name = env_str(f"{name}_FILE")
    if value and file_name:
        raise ConfigError(f"Set either {name} or {name}_FILE, not both.")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ConfigError(f"{name}_FILE: cannot read {file_name}: {error.strerror}.") from None
    return value


def weak_secret_key(key: str) -> bool:
    """A key production refuses: Django's placeholder prefix, under 50 characters, or so few
    distinct characters that it cannot be random (a random hexadecimal key of 50 holds
    nearly all 16)."""
    return key.startswith("django-insecure-") or len(key) < 50 or len(set(key)) < 10


def local_secret_key(var_dir: Path) -> str:
    """A per-installation key kept in var/secret_key, so local sessions survive restarts."""
    path = var_dir / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key, encoding="utf-8")
    path.chmod(0o600)
    return key


def database_config(url: str, *, default_sqlite_path: Path) -> dict:
    """Turn RECTRACK_DATABASE_URL into Django's DATABASES entry (SQLite file by default)."""
    import dj_database_url

    if not url:
        default_sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        return sqlite_config(str(default_sqlite_path))
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in {"postgres", "postgresql", "pgsql", "sqlite"}:
        raise ConfigError(
            f"RECTRACK_DATABASE_URL must start with postgres:// or sqlite:///, not {url!r}."
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise ConfigError(f"RECTRACK_DATABASE_URL is not a valid database URL: {error}") from None
    if config["ENGINE"].endswith("sqlite3"):
        name = config["NAME"]
        if not name or name == ":memory:":
            raise ConfigError("RECTRACK_DATABASE_URL: a SQLite URL needs a file path.")
        return sqlite_config(name)
    if not config.get("NAME"):
        raise ConfigError(
            "RECTRACK_DATABASE_URL names no database: add it after the host, "
            "e.g. postgres://user@127.0.0.1:5432/rectrack."
        )
    config.setdefault("OPTIONS", {})["connect_timeout"] = 5
    return config


def database_identity(database: dict) -> str:
    """A short, stable name for a database (engine, host, port, name), for cache keys."""
    parts = [str(database.get(key, "")) for key in ("ENGINE", "HOST", "PORT", "NAME")]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


RATE_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def api_rate(value: str, *, setting: str = "RECTRACK_API_RATE") -> tuple[int, int]:
    """A rate such as "600/m" as (calls, seconds): per second, minute, hour or day."""
    count, _slash, period = value.strip().partition("/")
    if not count.isdigit() or int(count) < 1 or period not in RATE_PERIODS:
        raise ConfigError(
            f"{setting} must be a number of calls per s, m, h or d, e.g. 600/m, not {value!r}."
        )
    return int(count), RATE_PERIODS[period]


def cache_config(url: str, *, folder: Path, key_prefix: str) -> dict:
    """Django's CACHES for RECTRACK_CACHE_URL: empty for a folder on disk (`folder`, shared
    by the processes of one machine), "redis://HOST:PORT/DB" (or "rediss://") for a Redis
    server every machine shares. The keys carry `key_prefix` (the database's identity), so
    two databases never share figures even when they share a cache."""
    value = url.strip()
    if not value:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(folder.resolve()),
                "KEY_PREFIX": key_prefix,
                "OPTIONS": {"MAX_ENTRIES": 5000},
            }
        }
    if value.startswith(("redis://", "rediss://")):
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": value,
                "KEY_PREFIX": key_prefix,
            }
        }
    raise ConfigError(f"RECTRACK_CACHE_URL must be empty or a redis:// address, not {url!r}.")


# django-tasks' backends, by the name RECTRACK_TASKS_URL gives them.
DATABASE_TASKS = "django_tasks.backends.database.DatabaseBackend"
REDIS_TASKS = "django_tasks.backends.rq.RQBackend"
IMMEDIATE_TASKS = "django_tasks.backends.immediate.ImmediateBackend"


def tasks_config(url: str, *, setting: str) -> tuple[dict, dict]:
    """Django's TASKS and django-rq's RQ_QUEUES for RECTRACK_TASKS_URL: empty or "database"
    queues tasks in the database for `rectrack worker`; "redis://HOST:PORT/DB" (or
    "rediss://") in Redis, for workers on several machines (RQ); "immediate" runs each where
    it is asked for."""
    value = url.strip()
    if value.lower() in ("", "database"):
        return {"default": {"BACKEND": DATABASE_TASKS}}, {}
    if value.lower() == "immediate":
        return {"default": {"BACKEND": IMMEDIATE_TASKS}}, {}
    if value.startswith(("redis://", "rediss://")):
        backend = {"BACKEND": REDIS_TASKS, "QUEUES": ["default"]}
        return {"default": backend}, {"default": {"URL": value}}
    raise ConfigError(
        f"{setting} must be empty, 'database', 'immediate' or a redis:// address, not {url!r}."
    )


def sqlite_config(path: str) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            # WAL lets readers go on while an import writes; IMMEDIATE avoids "database is locked"
            # surprises when two requests upgrade read transactions to writes.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }
