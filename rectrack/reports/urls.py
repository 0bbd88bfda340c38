from django.urls import path

from rectrack.reports import views, views_builder, views_exports

app_name = "reports"
urlpatterns = [
    path("dashboard/", views.dashboard_view, name="dashboard"),
    path("institutions/<int:pk>/", views.institution_view, name="institution"),
    path("themes/<int:pk>/", views.theme_view, name="theme"),
    path("sdg/", views.sdg_view, name="sdg"),
    path("sdg/<int:number>/", views.sdg_goal_view, name="sdg-goal"),
    path("mechanisms/<str:code>/", views.mechanism_view, name="mechanism"),
    path(
        "mechanisms/<str:code>/calendar/",
        views.mechanism_calendar_view,
        name="mechanism-calendar",
    ),
    path("clusters/<int:pk>/", views.cluster_view, name="cluster"),
    path("export/", views_exports.export_view, name="export"),
    path("builder/", views_builder.report_builder_view, name="builder"),
    path("jobs/<str:job_id>/", views_builder.report_job_view, name="job"),
    path(
        "jobs/<str:job_id>/download/", views_builder.report_job_download_view, name="job-download"
    ),
]
