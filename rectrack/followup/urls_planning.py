"""URL names of the plan (actions, indicators), update requests and the home page."""

from django.urls import path

from rectrack.followup import views_home
from rectrack.followup.views import planning, requests

urlpatterns = [
    path("start/", views_home.landing_view, name="landing"),
    path("home/", views_home.home_view, name="home"),
    path("actions/", planning.action_list_view, name="action-list"),
    path("actions/new/", planning.action_create_view, name="action-create"),
    path("actions/<int:pk>/", planning.action_detail_view, name="action-detail"),
    path("actions/<int:pk>/edit/", planning.action_edit_view, name="action-edit"),
    path("actions/<int:pk>/delete/", planning.action_delete_view, name="action-delete"),
    path("actions/<int:pk>/comments/", planning.action_comment_add_view, name="action-comment-add"),
    path(
        "picker/recommendations/",
        planning.recommendation_picker_view,
        name="recommendation-picker",
    ),
    path("indicators/new/", planning.indicator_create_view, name="indicator-create"),
    path("indicators/<int:pk>/", planning.indicator_detail_view, name="indicator-detail"),
    path("indicators/<int:pk>/delete/", planning.indicator_delete_view, name="indicator-delete"),
    path(
        "indicators/<int:pk>/measurements/", planning.measurement_add_view, name="measurement-add"
    ),
    path("requests/", requests.request_list_view, name="request-list"),
    path("requests/new/", requests.request_create_view, name="request-create"),
    path("requests/<int:pk>/", requests.request_detail_view, name="request-detail"),
]
