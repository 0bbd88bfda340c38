"""UPR documents and recommendations that earlier imports left without a date."""

from django.utils import timezone

from rectrack.audit.services import snapshot
from rectrack.imports.repair.report import RepairReport, audit_updates, recommendations_of
from rectrack.recommendations.calendar import calendar, review_date
from rectrack.recommendations.models import (
    Document,
    Mechanism,
    Recommendation,
)


def documents_date(report: RepairReport, *, user) -> None:
    """A UPR document without a date: its review's date, from the session its symbol names
    or else from its session number. Documents of other bodies stay as they are."""
    sessions = calendar()
    changed = []
    undated = Document.objects.filter(date__isnull=True, mechanism__kind=Mechanism.Kind.UPR)
    for document in undated.select_related("mechanism", "country").order_by("pk"):
        session = sessions.for_symbol(document.symbol) if document.symbol else None
        if session is None and document.session:
            session = sessions.session(document.session)
        if session is None:
            report.undated.append(str(document))
            continue
        before = snapshot(document, ["date"])
        document.date = review_date(session)
        document.save(update_fields=["date", "updated_at"])
        changed.append((document, before, snapshot(document, ["date"])))
        report.count("documents_dated", f"{document}: {document.date.isoformat()}")
    audit_updates(user, changed)


def recommendations_date(report: RepairReport, *, user) -> None:
    """A recommendation without a date takes its document's, as imports now give it."""
    now = timezone.now()
    undated = recommendations_of(
        Recommendation.objects.filter(date__isnull=True, document__date__isnull=False).values("pk")
    )
    changed, rows = [], []
    for recommendation in undated.order_by("pk"):
        before = snapshot(recommendation, ["date"])
        recommendation.date = recommendation.document.date
        recommendation.updated_at = now
        rows.append(recommendation)
        changed.append((recommendation, before, snapshot(recommendation, ["date"])))
        report.count("recommendations_dated", f"{recommendation}: {recommendation.date}")
    Recommendation.objects.bulk_update(rows, ["date", "updated_at"], batch_size=500)
    audit_updates(user, changed)
