"""Writes of institutions. The Django admin saves through these so that every change of the
list of ministries and agencies is in the audit trail."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rectrack.accounts.permissions import is_coordinator
from rectrack.audit.models import AuditEntry
from rectrack.audit.services import audit_record, snapshot
from rectrack.institutions.models import Institution


def _require_coordinator(user) -> None:
    if not is_coordinator(user):
        raise PermissionDenied


@transaction.atomic
def institution_save(*, institution: Institution, user) -> Institution:
    """Create or change an institution (coordinators and administrators), recording the old and
    new values; an institution cannot be placed within itself or its own sub-units."""
    _require_coordinator(user)
    ancestor, seen = institution.parent, set()
    while ancestor is not None and ancestor.pk not in seen:
        if institution.pk and ancestor.pk == institution.pk:
            raise ValidationError({"parent": _("An institution cannot be part of itself.")})
        seen.add(ancestor.pk)
        ancestor = ancestor.parent
    creating = institution.pk is None
    before = None if creating else snapshot(Institution.objects.get(pk=institution.pk))
    institution.full_clean()
    institution.save()
    if creating:
        audit_record(user=user, action=AuditEntry.Action.CREATE, obj=institution)
    else:
        audit_record(user=user, action=AuditEntry.Action.UPDATE, obj=institution, before=before)
    return institution


@transaction.atomic
def institution_delete(*, institution: Institution, user) -> None:
    """Remove an institution; the database refuses while work is assigned to it."""
    _require_coordinator(user)
    audit_record(user=user, action=AuditEntry.Action.DELETE, obj=institution)
    institution.delete()
