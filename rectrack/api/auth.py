"""Who is calling the API: a personal token (programs) or the signed-in browser session
(the API documentation's "Try it out"). Nobody else: there is no anonymous access."""

from ninja.security import HttpBearer, SessionAuth

from rectrack.accounts.services import api_token_authenticate
from rectrack.accounts.two_factor import two_factor_required


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer rt_…`, a token made on the user's profile page."""

    openapi_description = "A personal API token, made on your profile page (Bearer rt_…)."

    def authenticate(self, request, token: str):
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user  # selectors and services read permissions from request.user
        return user


class ActiveSessionAuth(SessionAuth):
    """The browser session of a signed-in, active user; writes need the CSRF token. A call
    that presents a token is judged by that token alone, never by a session beside it."""

    def authenticate(self, request, key):
        if "authorization" in request.headers:
            return None
        user = super().authenticate(request, key)
        if user is None or not user.is_active:
            return None
        if two_factor_required(user) and not user.is_verified():
            return None  # the session is not complete until its code was given
        return user


api_auth = [ApiTokenAuth(), ActiveSessionAuth()]
