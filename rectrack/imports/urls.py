from django.urls import path

from rectrack.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.import_list_view, name="list"),
    path("new/", views.import_upload_view, name="upload"),
    path("<int:pk>/", views.import_detail_view, name="detail"),
    path("<int:pk>/confirm/", views.import_confirm_view, name="confirm"),
    path("<int:pk>/mapping/", views.import_mapping_view, name="mapping"),
    path("<int:pk>/retry/", views.import_retry_view, name="retry"),
]
