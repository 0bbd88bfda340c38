from django.urls import path

from rectrack.accounts import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile_view, name="profile"),
    path("profile/tokens/", views.api_token_create_view, name="token-create"),
    path("profile/tokens/<int:pk>/revoke/", views.api_token_revoke_view, name="token-revoke"),
]
