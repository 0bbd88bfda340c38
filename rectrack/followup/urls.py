"""URL names of the follow-up workflow, one module per area (see urls_*.py)."""

from django.urls import include, path

app_name = "followup"
urlpatterns = [
    path("", include("rectrack.followup.urls_work")),
    path("", include("rectrack.followup.urls_planning")),
    path("", include("rectrack.followup.urls_notifications")),
]
