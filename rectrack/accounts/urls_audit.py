"""The audit trail's page, under /audit/ with its own name space ("audit:list")."""

from django.urls import path

from rectrack.accounts import views_audit

app_name = "audit"
urlpatterns = [
    path("", views_audit.audit_list_view, name="list"),
]
