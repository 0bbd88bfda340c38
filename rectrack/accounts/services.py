from django.db import transaction

from rectrack.accounts.models import User
from rectrack.audit.models import AuditEntry
from rectrack.audit.services import audit_record


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: str = User.Role.VIEWER,
    email: str = "",
    created_by: User | None = None,
    **names: str,
) -> User:
    """Create a user with a role; administrators also get Django admin access."""
    is_admin = role == User.Role.ADMINISTRATOR
    user = User(
        username=username,
        email=email,
        role=role,
        is_staff=is_admin,
        is_superuser=is_admin,
        first_name=names.get("first_name", ""),
        last_name=names.get("last_name", ""),
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(user=created_by, action=AuditEntry.Action.CREATE, obj=user)
    return user
