"""The signed-in user's roles for every page's template (`roles.coordinator` ...), asked of
the role predicates (accounts.permissions) once per page."""

from functools import cached_property

from rectrack.accounts import permissions


class Roles:
    def __init__(self, user) -> None:
        self.user = user

    @cached_property
    def administrator(self) -> bool:
        return permissions.is_administrator(self.user)

    @cached_property
    def coordinator(self) -> bool:
        return permissions.is_coordinator(self.user)

    @cached_property
    def focal_point(self) -> bool:
        return permissions.is_focal_point(self.user)


def roles(request) -> dict:
    return {"roles": Roles(getattr(request, "user", None))}
