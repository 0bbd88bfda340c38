"""Reads of import runs: who imported what, when, with what result."""

from django.db.models import QuerySet

from rectrack.imports.models import ColumnMapping, ImportRun


def import_run_list(*, user) -> QuerySet[ImportRun]:
    """Import records are for the people who import: coordinators and administrators."""
    if not getattr(user, "is_coordinator", False):
        return ImportRun.objects.none()
    return ImportRun.objects.select_related("user")


def column_mapping_list() -> QuerySet[ColumnMapping]:
    return ColumnMapping.objects.all()
