"""A cache for aggregate figures (dashboards, facet counts): costly over the whole UN record
(seconds at 250,000 recommendations), and unchanged until the data changes.

A cached value's key holds the data version: the id of the newest audit entry. Every write
in Rectrack goes through a service that records an audit entry (imports too, in bulk), so
any write moves the version and the next reader computes afresh (for slow figures, see
below). The key also holds what the figures depend on besides the
data (the filters, what the reader may see, the language of their labels, the date), passed
by the caller. A time limit (RECTRACK_FIGURES_CACHE_SECONDS, 300 by default; 0 switches the
cache off) bounds how long a change made outside Rectrack (SQL by hand, a restored backup)
can go unnoticed.

Slow figures (those given a `refresh`: dashboards and facet counts, never lists of results)
are refreshed by a task (figures_refresh_task, run by `rectrack worker`) after a change
when their last computation took longer than RECTRACK_FIGURES_SLOW_MS (500 by default):
readers get the previous figures at once until the new ones are ready, one computation
later (a few seconds at 250,000 recommendations). A task is given a recipe, not the
reader's code: a function marked @figures_recipe, by its dotted path, and JSON arguments
(`Refresh`). Where figures take less than that, every change shows at the next view.
Readers who ask for figures while they are being computed wait for that one computation
instead of starting their own.

The cache is Django's default cache, shared by every process serving the database (a folder
on disk, or Redis for several machines: RECTRACK_CACHE_URL, rectrack.settings.CACHES).
"""

import hashlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError
from django.db.models import Max
from django.utils import translation
from django.utils.module_loading import import_string
from django_tasks import task

from rectrack.audit.models import AuditEntry

T = TypeVar("T")
logger = logging.getLogger(__name__)

# How long a reader waits for figures another request is computing before computing them too.
WAIT_SECONDS = 60.0
_threads_lock = threading.Lock()


@dataclass(frozen=True)
class Refresh:
    """How a task computes figures again away from the request: the dotted path of a
    function marked @figures_recipe, and its keyword arguments as JSON values (ids, not
    records; the filters as filters_key gives them)."""

    function: str
    kwargs: dict = field(default_factory=dict)


def figures_recipe(function: Callable[..., T]) -> Callable[..., T]:
    """Mark a function as one a figures task may call (a task calls nothing else)."""
    function.figures_recipe = True
    return function


@dataclass(frozen=True)
class Computed(Generic[T]):
    """Figures with the data version they were computed for and how long that took."""

    version: int
    value: T
    seconds: float


def data_version() -> int:
    """The id of the newest audit entry: it moves with every recorded change."""
    return AuditEntry.objects.aggregate(newest=Max("pk"))["newest"] or 0


def fingerprint(value) -> str:
    """A short digest of figures (of their repr), to key what is drawn from them: a page
    part rendered from figures served while being refreshed must not outlive them."""
    return hashlib.sha256(repr(value).encode()).hexdigest()


def _key(*parts) -> str:
    return "rectrack:figures:" + fingerprint(parts)


def cached_figures(
    name: str, depends_on: tuple, compute: Callable[[], T], *, refresh: Refresh | None = None
) -> T:
    """`compute()`'s value, from the cache while the data and `depends_on` are unchanged.
    With `refresh` (computing what compute() does), slow figures are refreshed by a task
    after a change, and served as they were meanwhile (see above)."""
    seconds = settings.RECTRACK_FIGURES_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    version = data_version()
    what = (name, translation.get_language(), depends_on)
    key, latest_key = _key(*what, version), _key(*what, "latest")
    found = cache.get(key)
    if isinstance(found, Computed):
        return found.value
    latest = cache.get(latest_key) if refresh else None
    slow = settings.RECTRACK_FIGURES_SLOW_MS / 1000
    if isinstance(latest, Computed) and latest.version < version and latest.seconds >= slow:
        _start(key, latest_key, version, compute, refresh=refresh)
        return latest.value
    computed = _start(key, latest_key, version, compute)
    return computed.value


def _start(key, latest_key, version, compute, *, refresh: Refresh | None = None):
    """Compute the figures once for everyone: whoever takes the lock computes; in the
    foreground, the others wait for the result (up to WAIT_SECONDS, then compute too).
    With `refresh`, a task computes them and nobody waits."""
    lock = key + ":computing"
    with _threads_lock:  # one taker per process; between processes, add() rarely lets two
        taken = cache.add(lock, True, timeout=WAIT_SECONDS)
    if taken and isinstance(done := cache.get(key), Computed):  # finished just before
        cache.delete(lock)
        return None if refresh else done
    if taken:
        if refresh:
            _enqueue(refresh, key=key, latest_key=latest_key, version=version, lock=lock)
            return None
        try:
            return _compute_and_store(key, latest_key, version, compute)
        finally:
            cache.delete(lock)
    if refresh:
        return None
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(0.05)
        found = cache.get(key)
        if isinstance(found, Computed):
            return found
        if not cache.has_key(lock):  # done since the look above, or failed: look once more
            found = cache.get(key)
            if isinstance(found, Computed):
                return found
            break  # the other computation failed: compute here
    return _compute_and_store(key, latest_key, version, compute)


def _compute_and_store(key, latest_key, version, compute) -> Computed:
    started = time.perf_counter()
    value = compute()
    computed = Computed(version, value, time.perf_counter() - started)
    seconds = settings.RECTRACK_FIGURES_CACHE_SECONDS
    cache.set(key, computed, seconds)
    latest = cache.get(latest_key)
    if not isinstance(latest, Computed) or latest.version <= version:
        cache.set(latest_key, computed, seconds)
    return computed


def _enqueue(refresh: Refresh, **where) -> None:
    try:
        figures_refresh_task.enqueue(
            function=refresh.function,
            kwargs=refresh.kwargs,
            language=translation.get_language(),
            **where,
        )
    except OperationalError as error:  # SQLite's write lock held long: refresh next time
        cache.delete(where["lock"])
        logger.info("figures not refreshed this time: %s", error)


def figures_refresh(
    *, function: str, kwargs: dict, key: str, latest_key: str, version: int, lock: str
) -> None:
    """The task's side: compute the figures of the recipe and store them for everyone."""
    compute = import_string(function)
    if not getattr(compute, "figures_recipe", False):
        raise ValueError(f"{function} is not a figures recipe (@figures_recipe)")
    try:
        _compute_and_store(key, latest_key, version, lambda: compute(**kwargs))
    finally:
        cache.delete(lock)


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
    """Compute slow figures again after a change, in the reader's language, as a task of
    Django's Tasks API that `rectrack worker` runs."""
    with translation.override(language):
        figures_refresh(
            function=function,
            kwargs=kwargs,
            key=key,
            latest_key=latest_key,
            version=version,
            lock=lock,
        )
