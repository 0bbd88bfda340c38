from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode

from rectrack.accounts.two_factor import two_factor_device, two_factor_required

# What a user who must still set two-factor sign-in up may open.
OPEN_WHILE_SETTING_UP = ("accounts:two-factor-setup", "logout", "set_language")


class TwoFactorRequiredMiddleware:
    """When two-factor sign-in is required of a user's role, their session counts only once
    verified with a code: without an authenticator they are sent to set one up; with one
    (a session from before it was required) they sign in again. The API is left to its own
    authentication, which applies the same rule to sessions."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.open_paths = None

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and two_factor_required(user)
            and not user.is_verified()
            and not request.path.startswith(("/api/", "/static/"))
        ):
            if self.open_paths is None:
                self.open_paths = {reverse(name) for name in OPEN_WHILE_SETTING_UP}
            if two_factor_device(user) is not None:
                logout(request)
                return redirect(f"{reverse('login')}?{urlencode({'next': request.path})}")
            if request.path not in self.open_paths:
                return redirect("accounts:two-factor-setup")
        return self.get_response(request)


class UserLanguageMiddleware:
    """A signed-in user's language, chosen on their profile or with the header's switcher,
    wins over the cookie and the browser's language (which Django's LocaleMiddleware, before
    this one, has applied for everyone else)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
