import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from rectrack.accounts.models import ApiToken, User
from rectrack.accounts.permissions import is_administrator, role_manages_site
from rectrack.audit.models import AuditEntry
from rectrack.audit.services import audit_record, snapshot
from rectrack.core.errors import ApplicationError


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
    is_admin = role_manages_site(role)
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


def password_link(*, user: User, url_name: str = "password_reset_confirm") -> str:
    """The e-mailed address where this user chooses a password: on RECTRACK_BASE_URL, valid
    for PASSWORD_RESET_TIMEOUT and void once the password is set (Django's reset tokens)."""
    path = reverse(
        url_name,
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.RECTRACK_BASE_URL.rstrip("/") + path


@transaction.atomic
def user_invite(*, user: User, by: User | None) -> User:
    """E-mail a new user a link to choose their own password (nobody else ever knows it) and
    record when. Only for an active user with an address who has no password yet; someone
    who has one uses "Forgot your password?" instead."""
    if not user.is_active:
        raise ApplicationError(
            _("The user %(user)s is deactivated.") % {"user": user.get_username()}
        )
    if not user.email:
        raise ApplicationError(
            _("The user %(user)s has no e-mail address.") % {"user": user.get_username()}
        )
    if user.has_usable_password():
        raise ApplicationError(
            _(
                "The user %(user)s already has a password; they can use “Forgot your "
                "password?” on the sign-in page."
            )
            % {"user": user.get_username()}
        )
    context = {
        "user": user,
        "link": password_link(user=user, url_name="accounts:invitation"),
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        "login_link": settings.RECTRACK_BASE_URL.rstrip("/") + reverse("login"),
    }
    before = snapshot(user, ["invited_at"])
    user.invited_at = timezone.now()
    user.save(update_fields=["invited_at"])
    audit_record(
        user=by,
        action=AuditEntry.Action.UPDATE,
        obj=user,
        before=before,
        after=snapshot(user, ["invited_at"]),
    )
    # In the new user's language when the administrator chose one, else in the
    # administrator's own.
    with translation.override(user.reading_language or translation.get_language()):
        subject = _("Your Rectrack account")
        body = render_to_string("registration/invitation_email.txt", context)
    send_mail(subject, body, None, [user.email])  # last: a failure undoes the record
    return user


# A token is this prefix and 43 random URL-safe characters (256 bits); the prefix lets secret
# scanners and people recognise one.
TOKEN_PREFIX = "rt_"
# How often a token's "last used" time is written: not on every request.
TOKEN_USE_RECORDED_EVERY = datetime.timedelta(minutes=1)


def token_digest(token: str) -> str:
    """Tokens are long random strings, so a plain SHA-256 is enough to keep them unreadable
    (a slow password hash would only slow every API request)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@transaction.atomic
def api_token_create(
    *, user: User, name: str, expires_in_days: int | None = None
) -> tuple[ApiToken, str]:
    """Make a personal API token; returns it with its secret, which is never stored and so
    can only be shown now."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name.strip(),
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        digest=token_digest(secret),
        expires_at=(
            timezone.now() + datetime.timedelta(days=expires_in_days) if expires_in_days else None
        ),
    )
    token.full_clean()
    token.save()
    audit_record(user=user, action=AuditEntry.Action.CREATE, obj=token)
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, user: User) -> ApiToken:
    """Revoke a token at once; it is kept, revoked, so the list shows what existed. Only its
    owner (or an administrator, in the admin) revokes it."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.user_id != user.pk and not is_administrator(user):
        raise PermissionDenied
    if token.revoked_at is None:
        before = snapshot(token)
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(user=user, action=AuditEntry.Action.UPDATE, obj=token, before=before)
    return token


def api_token_authenticate(secret: str) -> User | None:
    """The active user a presented token belongs to, or None if it is unknown, revoked,
    expired or its user deactivated."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(digest=token_digest(secret)).first()
    now = timezone.now()
    if token is None or not token.is_usable(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > TOKEN_USE_RECORDED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def _own_choice_set(user: User, field: str, value: str) -> User:
    """One of a person's own choices, validated, saved and recorded in the audit trail."""
    before = snapshot(user, [field])
    setattr(user, field, value)
    others = [f.name for f in User._meta.fields if f.name != field]
    user.full_clean(exclude=others, validate_unique=False, validate_constraints=False)
    user.save(update_fields=[field])
    after = snapshot(user, [field])
    audit_record(user=user, action=AuditEntry.Action.UPDATE, obj=user, before=before, after=after)
    return user


@transaction.atomic
def user_email_notifications_set(*, user: User, choice: str) -> User:
    """Each person chooses for themselves how notifications reach them by e-mail: at once,
    in a daily digest, or not at all (they always show in Rectrack)."""
    return _own_choice_set(user, "email_notifications", choice)


@transaction.atomic
def user_language_set(*, user: User, language: str) -> User:
    """Each person's language for pages and e-mails, remembered across devices; an empty
    choice means the browser's language."""
    if user.language == language:
        return user
    return _own_choice_set(user, "language", language)
