from functools import wraps

from django.core.exceptions import PermissionDenied


def coordinator_required(view):
    """Only the NMIRF secretariat (coordinators) and administrators may use this view."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not getattr(request.user, "is_coordinator", False):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
