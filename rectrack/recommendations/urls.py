from django.urls import path
from django.views.generic import RedirectView

from rectrack.recommendations import views

app_name = "recommendations"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="followup:home"), name="home"),
    path("recommendations/", views.recommendation_list_view, name="list"),
    path("recommendations/<int:pk>/", views.recommendation_detail_view, name="detail"),
]
