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

Slow figures (`may_lag=True`: dashboards and facet counts, never lists of results) are
refreshed in the background after a change when their last computation took longer than
RECTRACK_FIGURES_SLOW_MS (500 by default): readers get the previous figures at once until the
new ones are ready, one computation later (a few seconds at 250,000 recommendations). Where
figures take less than that, every change shows at the next view. Readers who ask for
figures while they are being computed wait for that one computation instead of starting
their own.

The cache is Django's default cache, shared by every process serving the database (a folder
on disk, rectrack.settings.CACHES).
"""

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Max
from django.utils import translation

from rectrack.audit.models import AuditEntry

T = TypeVar("T")

# How long a reader waits for figures another request is computing before computing them too.
WAIT_SECONDS = 60.0
_refreshing: set[threading.Thread] = set()
_threads_lock = threading.Lock()


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
    name: str, depends_on: tuple, compute: Callable[[], T], *, may_lag: bool = False
) -> T:
    """`compute()`'s value, from the cache while the data and `depends_on` are unchanged.
    With may_lag, slow figures are refreshed in the background after a change (see above)."""
    seconds = settings.RECTRACK_FIGURES_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    version = data_version()
    what = (name, translation.get_language(), depends_on)
    key, latest_key = _key(*what, version), _key(*what, "latest")
    found = cache.get(key)
    if isinstance(found, Computed):
        return found.value
    latest = cache.get(latest_key) if may_lag else None
    slow = settings.RECTRACK_FIGURES_SLOW_MS / 1000
    if isinstance(latest, Computed) and latest.version < version and latest.seconds >= slow:
        _start(key, latest_key, version, compute, background=True)
        return latest.value
    computed = _start(key, latest_key, version, compute, background=False)
    return computed.value


def _start(key, latest_key, version, compute, *, background: bool) -> Computed | None:
    """Compute the figures once for everyone: whoever takes the lock computes; in the
    foreground, the others wait for the result (up to WAIT_SECONDS, then compute too)."""
    lock = key + ":computing"
    with _threads_lock:  # one taker per process; between processes, add() rarely lets two
        taken = cache.add(lock, True, timeout=WAIT_SECONDS)
    if taken and isinstance(done := cache.get(key), Computed):  # finished just before
        cache.delete(lock)
        return None if background else done
    if taken:
        if background:
            language = translation.get_language()
            thread = threading.Thread(
                target=_compute_in_thread,
                args=(key, latest_key, version, compute, language, lock),
                daemon=True,
            )
            with _threads_lock:
                _refreshing.add(thread)
            thread.start()
            return None
        try:
            return _compute_and_store(key, latest_key, version, compute)
        finally:
            cache.delete(lock)
    if background:
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


def _compute_in_thread(key, latest_key, version, compute, language, lock) -> None:
    try:
        with translation.override(language):
            _compute_and_store(key, latest_key, version, compute)
    finally:
        cache.delete(lock)
        connection.close()  # this thread's own database connection
        with _threads_lock:
            _refreshing.discard(threading.current_thread())


def wait_for_refreshes(timeout: float = 30.0) -> None:
    """Wait until the background refreshes started so far have finished (tests, commands)."""
    with _threads_lock:
        running = list(_refreshing)
    for thread in running:
        thread.join(timeout)
