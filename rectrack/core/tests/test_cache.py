"""RECTRACK_CACHE_URL: the figures, pages and report jobs' cache, on disk for one machine or
in Redis for several."""

import subprocess
import sys

import pytest
from django.core.cache import cache

from rectrack.conftest import subprocess_environment
from rectrack.core.config import ConfigError, cache_config

WRITE = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'rectrack.settings'; "
    "django.setup(); from django.conf import settings; from django.core.cache import cache; "
    "cache.set('probe', 'cached by another process', 60); "
    "print(settings.CACHES['default']['BACKEND'], settings.CACHES['default']['KEY_PREFIX'])"
)


def test_the_cache_is_a_folder_by_default_and_redis_when_named(tmp_path):
    on_disk = cache_config("", folder=tmp_path, key_prefix="db1")["default"]
    assert on_disk["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert on_disk["LOCATION"] == str(tmp_path.resolve())
    shared = cache_config("redis://cache.internal:6379/2", folder=tmp_path, key_prefix="db1")
    assert shared["default"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.internal:6379/2",
        "KEY_PREFIX": "db1",
    }
    with pytest.raises(ConfigError, match="RECTRACK_CACHE_URL must be empty or a redis://"):
        cache_config("memcached://127.0.0.1", folder=tmp_path, key_prefix="db1")


def test_with_redis_what_one_process_caches_every_other_reads(tmp_path, redis_url, settings):
    """Another process (on another machine, say) caches a value through RECTRACK_CACHE_URL;
    this one reads it, and nothing was written to the other's folder on disk."""
    environment = subprocess_environment(
        RECTRACK_VAR_DIR=str(tmp_path), RECTRACK_CACHE_URL=redis_url
    )
    result = subprocess.run(
        [sys.executable, "-c", WRITE], env=environment, capture_output=True, text=True, check=True
    )
    backend, key_prefix = result.stdout.split()
    assert backend == "django.core.cache.backends.redis.RedisCache"
    settings.CACHES = cache_config(redis_url, folder=tmp_path / "here", key_prefix=key_prefix)
    assert cache.get("probe") == "cached by another process"
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())
