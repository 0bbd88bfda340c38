"""The role predicates: the one place in Rectrack that compares a user's role (a test over the
code, core/tests/test_code_map.py, finds roles compared nowhere else). Every
other rule (what a focal point may work on, which updates a reader may see) is built on
these, in its own app: follow-up's in followup/permissions.py.

- administrator: manages users, reads the audit trail; and whatever a coordinator may;
- coordinator (the NMIRF secretariat): imports, plans, assigns, reviews, reports;
- focal point: works on what is assigned to the institutions they belong to;
- viewer (NHRI, civil society): reads.

A deactivated user holds no role: every predicate asks for an active, signed-in user.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from rectrack.accounts.models import User


def is_signed_in(user) -> bool:
    """An active user who signed in (with a session or an API token)."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_administrator(user) -> bool:
    """Administrators manage users: invite, deactivate, hand work over."""
    return is_signed_in(user) and user.role == User.Role.ADMINISTRATOR


def is_coordinator(user) -> bool:
    """The NMIRF secretariat; administrators may do everything a coordinator may."""
    return is_signed_in(user) and user.role in {User.Role.ADMINISTRATOR, User.Role.COORDINATOR}


def is_focal_point(user) -> bool:
    """A ministry's or agency's focal point, who reports on their institutions' work."""
    return is_signed_in(user) and user.role == User.Role.FOCAL_POINT


def must_use_two_factor(user) -> bool:
    """Whether this role signs in with a code when RECTRACK_REQUIRE_TWO_FACTOR is on: the
    roles that change what everyone reads (administrators and coordinators)."""
    return user.role in {User.Role.ADMINISTRATOR, User.Role.COORDINATOR}


def role_manages_site(role: str) -> bool:
    """Whether a user given this role may use Django's administration (is_staff)."""
    return role == User.Role.ADMINISTRATOR


def needs_handover(user) -> bool:
    """An active focal point holds drafts their colleagues need: they are deactivated only on
    the follow-up app's hand-over page (followup/services/handover.py), never by unticking
    "active" or deleting them in the administration."""
    return bool(user.pk) and user.is_active and user.role == User.Role.FOCAL_POINT


def focal_points(*, institution_ids=None) -> QuerySet[User]:
    """The active focal points (of these institutions, given as ids or a queryset of ids)."""
    people = User.objects.filter(role=User.Role.FOCAL_POINT, is_active=True)
    if institution_ids is not None:
        people = people.filter(institutions__in=institution_ids).distinct()
    return people


def reviewers(*, excluding: User | None = None) -> QuerySet[User]:
    """Who reviews submitted updates and takes work nobody else can: the active coordinators,
    or the active administrators where there is no coordinator (so nothing waits unseen);
    `excluding` one person (who is leaving, say)."""
    for role in (User.Role.COORDINATOR, User.Role.ADMINISTRATOR):
        people = User.objects.filter(role=role, is_active=True)
        if excluding is not None:
            people = people.exclude(pk=excluding.pk)
        if people.exists():
            return people
    return User.objects.none()


def coordinator_required(view):
    """Only the NMIRF secretariat (coordinators) and administrators may use this view."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_coordinator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def administrator_required(view):
    """Only administrators may use this view."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_administrator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
