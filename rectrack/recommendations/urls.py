from django.urls import path
from django.views.generic import RedirectView

from rectrack.recommendations import views, views_clusters, views_names

app_name = "recommendations"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="followup:landing"), name="home"),
    path("recommendations/", views.recommendation_list_view, name="list"),
    path("recommendations/selection/", views.recommendation_selection_view, name="selection"),
    path("recommendations/<int:pk>/", views.recommendation_detail_view, name="detail"),
    path("recommendations/<int:pk>/similar/", views.recommendation_similar_view, name="similar"),
    path("saved-views/", views.saved_view_list_view, name="saved-view-list"),
    path("saved-views/new/", views.saved_view_create_view, name="saved-view-create"),
    path("saved-views/<int:pk>/", views.saved_view_open_view, name="saved-view-open"),
    path("saved-views/<int:pk>/delete/", views.saved_view_delete_view, name="saved-view-delete"),
    path("names/", views_names.names_list_view, name="names"),
    path("names/merges/", views_names.merges_view, name="merges"),
    path("names/<str:kind>/<int:pk>/", views_names.names_edit_view, name="names-edit"),
    path("clusters/", views_clusters.cluster_list_view, name="cluster-list"),
    path("clusters/new/", views_clusters.cluster_create_view, name="cluster-create"),
    path("clusters/add/", views_clusters.cluster_bulk_add_view, name="cluster-bulk-add"),
    path("clusters/suggest/", views_clusters.cluster_suggest_view, name="cluster-suggest"),
    path("clusters/accept/", views_clusters.cluster_accept_view, name="cluster-accept"),
    path("clusters/<int:pk>/", views_clusters.cluster_detail_view, name="cluster-detail"),
    path("clusters/<int:pk>/edit/", views_clusters.cluster_edit_view, name="cluster-edit"),
    path("clusters/<int:pk>/delete/", views_clusters.cluster_delete_view, name="cluster-delete"),
    path(
        "clusters/<int:pk>/remove/<int:rec_pk>/",
        views_clusters.cluster_remove_recommendation_view,
        name="cluster-remove-recommendation",
    ),
]
