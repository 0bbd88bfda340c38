"""URL names of the follow-up workflow, one module per area (see urls_*.py)."""

from django.urls import include, path

from rectrack.followup.views import handover

app_name = "followup"
urlpatterns = [
    path("", include("rectrack.followup.urls_work")),
    path("", include("rectrack.followup.urls_planning")),
    path("users/<int:pk>/deactivate/", handover.user_deactivate_view, name="user-deactivate"),
    path("", include("rectrack.followup.urls_notifications")),
]
