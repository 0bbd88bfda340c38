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


def is_administrator(user) -> bool:
    """Administrators manage users: invite, deactivate, hand work over."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role == user.Role.ADMINISTRATOR
    )


def administrator_required(view):
    """Only administrators may use this view."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_administrator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def needs_handover(user) -> bool:
    """An active focal point holds drafts their colleagues need: they are deactivated only on
    the follow-up app's hand-over page (followup/services/handover.py), never by unticking
    "active" or deleting them in the administration."""
    return bool(user.pk) and user.is_active and user.role == user.Role.FOCAL_POINT
