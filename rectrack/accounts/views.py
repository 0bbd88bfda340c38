from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from rectrack.accounts.forms import (
    ApiTokenForm,
    EmailNotificationsForm,
    LanguageForm,
    TwoFactorCodeForm,
)
from rectrack.accounts.selectors import api_token_get, api_token_list
from rectrack.accounts.services import (
    api_token_create,
    api_token_revoke,
    user_email_notifications_set,
    user_language_set,
)
from rectrack.accounts.two_factor import two_factor_device, two_factor_required


def _profile(
    request: HttpRequest,
    *,
    form: ApiTokenForm,
    new_token: str = "",
    status=200,
    notifications_form: EmailNotificationsForm | None = None,
):
    context = {
        "language_form": LanguageForm(
            initial={"language": request.user.language}, auto_id="language-%s"
        ),
        "notifications_form": notifications_form
        or EmailNotificationsForm(
            initial={"email_notifications": request.user.email_notifications},
            auto_id="notifications-%s",
        ),
        "two_factor_on": two_factor_device(request.user) is not None,
        "two_factor_required": two_factor_required(request.user),
        "two_factor_form": TwoFactorCodeForm(auto_id="two-factor-%s"),
        "tokens": api_token_list(user=request.user),
        "token_form": form,
        "new_token": new_token,
    }
    return render(request, "accounts/profile.html", context, status=status)


def profile_view(request: HttpRequest) -> HttpResponse:
    """The user's own account: role, institutions, e-mail notifications and personal API
    tokens."""
    return _profile(request, form=ApiTokenForm(auto_id="token-%s"))


@require_POST
def api_token_create_view(request: HttpRequest) -> HttpResponse:
    """Make a token and show its secret in this one response: it is not stored, so it is
    never shown again (no redirect that would have to carry it)."""
    form = ApiTokenForm(request.POST, auto_id="token-%s")
    if not form.is_valid():
        return _profile(request, form=form, status=400)
    token, secret = api_token_create(
        user=request.user,
        name=form.cleaned_data["name"],
        expires_in_days=form.cleaned_data["expires_in_days"],
    )
    response = _profile(request, form=ApiTokenForm(auto_id="token-%s"), new_token=secret)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def api_token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = api_token_revoke(token=api_token_get(user=request.user, pk=pk), user=request.user)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("accounts:profile")


@require_POST
def email_notifications_view(request: HttpRequest) -> HttpResponse:
    """The user's own choice of e-mail for notifications: at once, daily digest or none."""
    form = EmailNotificationsForm(request.POST, auto_id="notifications-%s")
    if not form.is_valid():
        return _profile(
            request, form=ApiTokenForm(auto_id="token-%s"), notifications_form=form, status=400
        )
    user = user_email_notifications_set(
        user=request.user, choice=form.cleaned_data["email_notifications"]
    )
    messages.success(
        request,
        _("Saved: %(choice)s.") % {"choice": user.get_email_notifications_display()},
    )
    return redirect("accounts:profile")


@login_not_required
@require_POST
def language_set_view(request: HttpRequest) -> HttpResponse:
    """The header's language switcher: Django's own view (a cookie, then back to the page the
    reader was on); a signed-in user's choice is also kept on their profile, so it follows
    them to other devices and to their e-mails."""
    response = set_language(request)
    form = LanguageForm(request.POST)
    if request.user.is_authenticated and form.is_valid() and form.cleaned_data["language"]:
        user_language_set(user=request.user, language=form.cleaned_data["language"])
    return response


@require_POST
def language_view(request: HttpRequest) -> HttpResponse:
    """The profile's choice of language, which may also be "the browser's language"."""
    form = LanguageForm(request.POST, auto_id="language-%s")
    if not form.is_valid():
        return _profile(request, form=ApiTokenForm(auto_id="token-%s"), status=400)
    user = user_language_set(user=request.user, language=form.cleaned_data["language"])
    response = redirect("accounts:profile")
    if user.language:
        translation.activate(user.language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            user.language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        )
    else:
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
    messages.success(request, _("Your language is saved."))
    return response
