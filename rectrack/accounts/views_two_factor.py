"""Two-factor sign-in: setting an authenticator up on the profile page, turning it off, and
the second step of signing in (rectrack/accounts/two_factor.py holds the rules)."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from rectrack.accounts.forms import TwoFactorCodeForm
from rectrack.accounts.models import User
from rectrack.accounts.two_factor import (
    two_factor_check,
    two_factor_confirm,
    two_factor_device,
    two_factor_disable,
    two_factor_pending,
    two_factor_qr_svg,
    two_factor_required,
    two_factor_secret,
    two_factor_start,
)
from rectrack.core.errors import ApplicationError

PENDING = "rectrack_two_factor_pending"
PENDING_SECONDS = 300  # the password step counts this long
PENDING_TRIES = 5  # wrong codes before the password must be given again


class TwoFactorLoginView(LoginView):
    """The password step; for a user with an authenticator, it leads to the code step
    instead of signing in."""

    def form_valid(self, form):
        user = form.get_user()
        if two_factor_device(user) is None:
            return super().form_valid(form)
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": user.backend,
            "started": time.time(),
            "tries": 0,
        }
        url = reverse("accounts:two-factor-verify")
        next_url = self.get_redirect_url()
        return redirect(f"{url}?{urlencode({'next': next_url})}" if next_url else url)


def _restart(request: HttpRequest, message: str) -> HttpResponse:
    request.session.pop(PENDING, None)
    messages.error(request, message)
    return redirect("login")


@login_not_required
def two_factor_verify_view(request: HttpRequest) -> HttpResponse:
    """The code step of signing in, after a right password."""
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["started"] > PENDING_SECONDS:
        return _restart(request, _("Sign in again: the code was not given in time."))
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    device = two_factor_device(user) if user else None
    if device is None:
        return _restart(request, _("Sign in again."))
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            two_factor_check(device=device, code=form.cleaned_data["code"])
        except ApplicationError as error:
            pending["tries"] += 1
            request.session[PENDING] = pending
            if pending["tries"] >= PENDING_TRIES:
                return _restart(request, _("Too many wrong codes: give your password again."))
            form.add_error("code", error.message)
        else:
            request.session.pop(PENDING)
            auth_login(request, user, backend=pending["backend"])
            otp_login(request, device)
            next_url = request.POST.get("next") or request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(
                next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                next_url = resolve_url(settings.LOGIN_REDIRECT_URL)
            return redirect(next_url)
    context = {"form": form, "next": request.GET.get("next", "")}
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "registration/two_factor_verify.html", context, status=status)


def two_factor_setup_view(request: HttpRequest) -> HttpResponse:
    """Show a new secret as a QR code (and as text), and turn it on with the app's first
    code; this session then counts as verified."""
    if two_factor_device(request.user) is not None:
        messages.info(request, _("Two-factor sign-in is already on."))
        return redirect("accounts:profile")
    device = two_factor_pending(request.user) or two_factor_start(user=request.user)
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor_confirm(user=request.user, code=form.cleaned_data["code"])
        except ApplicationError as error:
            form.add_error("code", error.message)
        else:
            otp_login(request, device)
            messages.success(request, _("Two-factor sign-in is on."))
            return redirect("accounts:profile")
    context = {
        "form": form,
        "required": two_factor_required(request.user),
        "qr_svg": two_factor_qr_svg(device),
        "secret": two_factor_secret(device),
    }
    status = 400 if form.is_bound and form.errors else 200
    response = render(request, "accounts/two_factor_setup.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def two_factor_disable_view(request: HttpRequest) -> HttpResponse:
    form = TwoFactorCodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Type the six digits the app shows."))
        return redirect("accounts:profile")
    try:
        two_factor_disable(user=request.user, code=form.cleaned_data["code"])
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Two-factor sign-in is off."))
    return redirect("accounts:profile")
