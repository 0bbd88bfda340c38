"""The audit trail, read-only: administrators list every change by user and date range."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rectrack.accounts.models import User
from rectrack.audit.forms import AuditFilterForm
from rectrack.audit.selectors import audit_list

PAGE_SIZE = 50


def audit_list_view(request: HttpRequest) -> HttpResponse:
    if getattr(request.user, "role", None) != User.Role.ADMINISTRATOR:
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    page = None
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        entries = audit_list(
            user=request.user,
            by_user=data.get("user"),
            since=data.get("since"),
            until=data.get("until"),
        )
        page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/list.html", {"form": form, "page": page})
