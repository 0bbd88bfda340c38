from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from rectrack.accounts import views, views_password
from rectrack.accounts.views_two_factor import TwoFactorLoginView
from rectrack.api.api import urls as api_urls

handler404 = "rectrack.api.errors.page_not_found"

urlpatterns = [
    path("", include("rectrack.recommendations.urls")),
    path("imports/", include("rectrack.imports.urls")),
    path("", include("rectrack.followup.urls")),
    path("audit/", include("rectrack.accounts.urls_audit")),
    path("reports/", include("rectrack.reports.urls")),
    path("api/v1/", api_urls()),
    path("accounts/", include("rectrack.accounts.urls")),
    path("accounts/login/", TwoFactorLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", views_password.password_reset_view, name="password_reset"),
    path(
        "accounts/password/sent/",
        views_password.password_reset_done_view,
        name="password_reset_done",
    ),
    path(
        "accounts/password/<uidb64>/<token>/",
        views_password.password_reset_confirm_view,
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/done/",
        views_password.password_reset_complete_view,
        name="password_reset_complete",
    ),
    path("i18n/setlang/", views.language_set_view, name="set_language"),
    path("admin/", admin.site.urls),
]
