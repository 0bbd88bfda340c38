"""The audit trail, read-only: administrators list every change by user and date range. The
trail itself is kept by the audit app, at the bottom of the apps; who may read it is an
accounts rule, so its page lives here."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rectrack.accounts.forms import AuditFilterForm
from rectrack.accounts.permissions import administrator_required
from rectrack.accounts.selectors import audit_trail

PAGE_SIZE = 50


@administrator_required
def audit_list_view(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    page = None
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        entries = audit_trail(
            user=request.user,
            by_user=data.get("user"),
            since=data.get("since"),
            until=data.get("until"),
        )
        page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/list.html", {"form": form, "page": page})
