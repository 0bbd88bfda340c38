"""A user's notifications."""

from django.urls import path

from rectrack.followup.views import notifications

urlpatterns = [
    path("notifications/", notifications.notification_list_view, name="notification-list"),
    path(
        "notifications/<int:pk>/",
        notifications.notification_open_view,
        name="notification-open",
    ),
    path(
        "notifications/read/",
        notifications.notification_read_all_view,
        name="notification-read-all",
    ),
]
