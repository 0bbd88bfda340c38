"""A cache for aggregate figures (dashboards, facet counts): costly over the whole UN record
(seconds at 250,000 recommendations), and unchanged until the data changes.

A cached value's key holds the data version: the id of the newest audit entry. Every write
in Rectrack goes through a service that records an audit entry (imports too, in bulk), so
any write moves the version and the next reader computes afresh; nobody reads figures older
than the last recorded change. The key also holds what the figures depend on besides the
data (the filters, what the reader may see, the language of their labels, the date), passed
by the caller. A time limit (RECTRACK_FIGURES_CACHE_SECONDS, 300 by default; 0 switches the
cache off) bounds how long a change made outside Rectrack (SQL by hand, a restored backup)
can go unnoticed.

The cache is Django's default cache: per process unless a shared one is configured.
"""

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.utils import translation

from rectrack.audit.models import AuditEntry

T = TypeVar("T")


def data_version() -> int:
    """The id of the newest audit entry: it moves with every recorded change."""
    return AuditEntry.objects.aggregate(newest=Max("pk"))["newest"] or 0


def cached_figures(name: str, depends_on: tuple, compute: Callable[[], T]) -> T:
    """`compute()`'s value, from the cache while the data and `depends_on` are unchanged."""
    seconds = settings.RECTRACK_FIGURES_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    parts = (name, data_version(), translation.get_language(), depends_on)
    key = "rectrack:figures:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, seconds)
    return found
