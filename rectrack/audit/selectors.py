import datetime

from django.db.models import QuerySet

from rectrack.audit.models import AuditEntry


def audit_history(*, obj) -> QuerySet[AuditEntry]:
    """Every recorded change of one object, newest first."""
    return AuditEntry.objects.filter(
        model=obj._meta.label_lower, object_id=str(obj.pk)
    ).select_related("user")


def audit_list(
    *, by_user=None, since: datetime.date | None = None, until: datetime.date | None = None
) -> QuerySet[AuditEntry]:
    """The whole trail, filtered by user and date range. Who may read it is decided above
    this app (accounts.selectors.audit_trail: administrators only)."""
    qs = AuditEntry.objects.select_related("user")
    if by_user is not None:
        qs = qs.filter(user=by_user)
    if since:
        qs = qs.filter(at__date__gte=since)
    if until:
        qs = qs.filter(at__date__lte=until)
    return qs
