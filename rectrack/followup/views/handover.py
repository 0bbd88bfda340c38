"""Deactivating a focal point: a confirmation page naming who receives each of their drafts
and returned updates, then the same list once done. Administrators only; the
administration's user page links here."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from rectrack.accounts.models import User
from rectrack.accounts.permissions import administrator_required, is_focal_point
from rectrack.core.errors import ApplicationError
from rectrack.followup.services.handover import focal_point_deactivate, handover_plan


@administrator_required
def user_deactivate_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk)
    if request.method == "POST":
        try:
            result = focal_point_deactivate(user=user, by=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("followup:user-deactivate", pk=user.pk)
        context = {"result": result, "person": result.user, "done": True}
        return render(request, "followup/user_deactivate.html", context)
    can_deactivate = is_focal_point(user)
    context = {
        "result": handover_plan(user=user) if can_deactivate else None,
        "person": user,
        "done": False,
    }
    return render(request, "followup/user_deactivate.html", context)
