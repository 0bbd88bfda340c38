"""Choosing a password from an e-mailed link: "Forgot your password?" and the invitation a new
user receives. Django's own views, in the site's layout; the links start with
RECTRACK_BASE_URL. They reach a signed-out visitor only, never reveal whether an address is
known, and sign nobody in: the sign-in page (two-factor code included) comes after."""

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from rectrack.accounts.forms import PasswordResetForm


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for an address; the same answer whether or not a user has it."""

    form_class = PasswordResetForm
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        self.extra_email_context = {
            "base_url": settings.RECTRACK_BASE_URL.rstrip("/"),
            "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        }
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The e-mailed link: choose a new password (Django's validators apply). It also lifts a
    sign-in lock on the user name (django-axes): the link proved the mailbox is theirs."""

    template_name = "registration/password_reset_confirm.html"

    def get_user(self, uidb64):
        """A link sent before its user was deactivated opens nothing (Django checks only
        the token, whose hash does not change with deactivation)."""
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username())
        return response


class InvitationConfirmView(PasswordResetConfirmView):
    """The invitation's link: the same token, worded as a welcome."""

    template_name = "registration/invitation_confirm.html"
    success_url = reverse_lazy("password_reset_complete")


password_reset_view = PasswordResetView.as_view()
password_reset_done_view = auth_views.PasswordResetDoneView.as_view(
    template_name="registration/password_reset_done.html"
)
password_reset_confirm_view = PasswordResetConfirmView.as_view()
password_reset_complete_view = auth_views.PasswordResetCompleteView.as_view(
    template_name="registration/password_reset_complete.html"
)
invitation_confirm_view = InvitationConfirmView.as_view()
