"""Who is calling the API: a personal token (programs) or the signed-in browser session
(the API documentation's "Try it out"). Nobody else: there is no anonymous access, and a
call with neither a valid token nor a signed-in session is answered 401, reads and writes
alike. Token calls are rate-limited per token (TokenRateThrottle)."""

import threading
import time

from django.conf import settings
from django.core.cache import cache
from ninja.security import HttpBearer, SessionAuth
from ninja.throttling import BaseThrottle

from rectrack.accounts.services import api_token_authenticate, token_digest
from rectrack.accounts.two_factor import two_factor_required
from rectrack.core.config import api_rate


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer rt_…`, a token made on the user's profile page."""

    openapi_description = "A personal API token, made on your profile page (Bearer rt_…)."

    def authenticate(self, request, token: str):
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user  # selectors and services read permissions from request.user
            request.api_token_key = token_digest(token)[:32]
        return user


class ActiveSessionAuth(SessionAuth):
    """The browser session of a signed-in, active user; writes need the CSRF token. A call
    that presents a token is judged by that token alone, never by a session beside it."""

    def _get_key(self, request):
        # No session to protect (none, or a token presented instead): the CSRF check does
        # not apply, and the call is answered 401 rather than 403 "CSRF check failed".
        if "authorization" in request.headers or not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request, key):
        if key is None:
            return None
        user = super().authenticate(request, key)
        if user is None or not user.is_active:
            return None
        if two_factor_required(user) and not user.is_verified():
            return None  # the session is not complete until its code was given
        return user


api_auth = [ApiTokenAuth(), ActiveSessionAuth()]


class TokenRateThrottle(BaseThrottle):
    """At most RECTRACK_API_RATE calls per token (e.g. "600/m") in each window of that
    period, counted in the shared cache with an atomic increment (so across every server
    with RECTRACK_CACHE_URL=redis://); more are answered 429 with Retry-After, the seconds
    left in the window. The browser session (the API documentation) is not limited. One
    object serves every thread: what one call learns stays in that call (a thread-local)."""

    def __init__(self) -> None:
        self._waits = threading.local()

    def allow_request(self, request) -> bool:
        key = getattr(request, "api_token_key", None)
        if key is None:
            return True
        count, seconds = api_rate(settings.RECTRACK_API_RATE)
        now = time.time()
        window = f"rectrack:api-rate:{key}:{seconds}:{int(now // seconds)}"
        cache.add(window, 0, seconds)
        try:
            calls = cache.incr(window)
        except ValueError:  # expired between the two: this call opens a new window
            cache.add(window, 1, seconds)
            calls = 1
        if calls > count:
            self._waits.seconds = max(1.0, seconds - now % seconds)
            return False
        return True

    def wait(self) -> float | None:
        return getattr(self._waits, "seconds", None)
