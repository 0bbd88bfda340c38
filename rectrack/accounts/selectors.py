"""Reads of users' account data."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from rectrack.accounts.models import ApiToken, User
from rectrack.accounts.permissions import is_administrator
from rectrack.audit.models import AuditEntry
from rectrack.audit.selectors import audit_list


def api_token_list(*, user: User) -> QuerySet[ApiToken]:
    """A user's own tokens, revoked ones included; nobody lists another user's tokens."""
    return ApiToken.objects.filter(user=user)


def api_token_get(*, user: User, pk: int) -> ApiToken:
    """One of the user's own tokens, or 404 (another user's tokens do not exist for them)."""
    return get_object_or_404(ApiToken, user=user, pk=pk)


def email_taken(*, email: str, user: User | None = None) -> bool:
    """Whether another active user has this e-mail address (compared without case): a link
    to choose a password must reach one person only."""
    others = User.objects.filter(email__iexact=email.strip(), is_active=True)
    if user is not None and user.pk:
        others = others.exclude(pk=user.pk)
    return bool(email.strip()) and others.exists()


def audit_trail(*, user, by_user=None, since=None, until=None) -> QuerySet[AuditEntry]:
    """The whole audit trail, for administrators only (nobody else reads it whole),
    filtered by who made the changes and between which dates."""
    if not is_administrator(user):
        return AuditEntry.objects.none()
    return audit_list(by_user=by_user, since=since, until=until)
