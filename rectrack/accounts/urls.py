from django.urls import path

from rectrack.accounts import views, views_password, views_two_factor

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile_view, name="profile"),
    path("profile/language/", views.language_view, name="language"),
    path("profile/tokens/", views.api_token_create_view, name="token-create"),
    path(
        "profile/notifications/",
        views.email_notifications_view,
        name="email-notifications",
    ),
    path("profile/tokens/<int:pk>/revoke/", views.api_token_revoke_view, name="token-revoke"),
    path("two-factor/", views_two_factor.two_factor_setup_view, name="two-factor-setup"),
    path("two-factor/off/", views_two_factor.two_factor_disable_view, name="two-factor-disable"),
    path("welcome/<uidb64>/<token>/", views_password.invitation_confirm_view, name="invitation"),
    path("login/code/", views_two_factor.two_factor_verify_view, name="two-factor-verify"),
]
