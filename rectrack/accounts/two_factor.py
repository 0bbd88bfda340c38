"""Optional two-factor sign-in with an authenticator app (TOTP, django-otp): after the
password, a six-digit code from the user's phone. Offered to every user; the administrator
can require it of administrators and coordinators (RECTRACK_REQUIRE_TWO_FACTOR), who hold
the power to change everything."""

import math
from base64 import b32encode

import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from rectrack.accounts.models import User
from rectrack.accounts.permissions import must_use_two_factor
from rectrack.audit.models import AuditEntry
from rectrack.audit.services import audit_record
from rectrack.core.errors import ApplicationError

DEVICE_NAME = "Authenticator app"


def two_factor_device(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator, if they turned two-factor sign-in on."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def two_factor_required(user: User) -> bool:
    """Whether this user must sign in with a code (and so must set an authenticator up)."""
    return settings.RECTRACK_REQUIRE_TWO_FACTOR and must_use_two_factor(user)


@transaction.atomic
def two_factor_start(*, user: User) -> TOTPDevice:
    """A new secret for the user's app, not yet in force: it counts only once a code from
    the app has confirmed it was copied right. Starting again replaces an unconfirmed one."""
    if two_factor_device(user) is not None:
        raise ApplicationError(_("Two-factor sign-in is already on."))
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def two_factor_pending(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


@transaction.atomic
def two_factor_confirm(*, user: User, code: str) -> TOTPDevice:
    """Turn two-factor sign-in on with the first code the app shows."""
    device = two_factor_pending(user)
    if device is None:
        raise ApplicationError(_("Start the set-up again: no authenticator is waiting."))
    if not device.verify_token(code.strip()):
        raise ApplicationError(_("That code is not right. Check the time on your phone."))
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(user=user, action=AuditEntry.Action.CREATE, obj=device)
    return device


def two_factor_check(*, device: TOTPDevice, code: str) -> None:
    """A code from the user's app; wrong codes slow further tries down (django-otp's
    throttling doubles the wait after each)."""
    allowed, details = device.verify_is_allowed()
    if not allowed:
        wait = (details or {}).get("locked_until")
        seconds = max(1, math.ceil((wait - timezone.now()).total_seconds())) if wait else 60
        message = ngettext(
            "After a wrong code, wait %(seconds)d second before trying again.",
            "After a wrong code, wait %(seconds)d seconds before trying again.",
            seconds,
        )
        raise ApplicationError(message % {"seconds": seconds})
    if not device.verify_token(code.strip()):
        raise ApplicationError(_("That code is not right. Check the time on your phone."))


@transaction.atomic
def two_factor_disable(*, user: User, code: str) -> None:
    """Turn two-factor sign-in off: only with a current code, so a session left open is not
    enough to remove it."""
    device = two_factor_device(user)
    if device is None:
        raise ApplicationError(_("Two-factor sign-in is not on."))
    if two_factor_required(user):
        raise ApplicationError(
            _("Your role must sign in with two factors; it cannot be turned off.")
        )
    two_factor_check(device=device, code=code)
    audit_record(user=user, action=AuditEntry.Action.DELETE, obj=device)
    device.delete()


def two_factor_secret(device: TOTPDevice) -> str:
    """The secret as the apps ask for it when typed in (base32, in groups of four)."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def two_factor_qr_svg(device: TOTPDevice) -> str:
    """The app's set-up address as a QR code, in SVG to put in the page (no image file, no
    inline style: allowed by the Content-Security-Policy)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#000", light="#fff")
