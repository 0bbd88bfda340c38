"""HTML entities and markup that earlier imports stored: decoded in texts and names; an entry
or a State whose decoded name another already has is merged into it."""

from django.db import models
from django.utils import timezone

from rectrack.audit.models import AuditEntry
from rectrack.audit.services import audit_record, snapshot
from rectrack.core.text import label_key
from rectrack.imports import normalise
from rectrack.imports.markup import decoded
from rectrack.imports.repair.report import RepairReport, audit_updates
from rectrack.imports.repair.twins import merge_into_twin
from rectrack.recommendations.models import (
    AffectedGroup,
    Country,
    Document,
    Recommendation,
    Theme,
    language_columns,
)


def _decoded(text: str) -> str:
    """The text decoded until nothing is left to decode ("&amp;#39;" is "'"), so that a
    repaired text is never decoded again."""
    for _round in range(4):
        result = decoded(text)
        if result == text:
            break
        text = result
    return text


def _decoded_line(text: str) -> str:
    return normalise.one_line(_decoded(text))


def _needs(text: str, repaired: str) -> bool:
    """Whether decoding changes more than spacing: a text with a bare "&" is left as is."""
    return repaired != normalise.clean(text) and repaired != normalise.one_line(text)


def decode_texts(report: RepairReport, *, user) -> None:
    """Recommendations' texts and headings, documents' titles."""
    now = timezone.now()
    marked = models.Q()
    for name in ("text", "heading"):
        marked |= models.Q(**{f"{name}__contains": "&"}) | models.Q(**{f"{name}__contains": "<"})
    changed, rows = [], []
    for recommendation in Recommendation.objects.filter(marked).select_related(
        "document__mechanism", "document__country"
    ):
        text, heading = _decoded(recommendation.text), _decoded_line(recommendation.heading)
        new_text = text if _needs(recommendation.text, text) else recommendation.text
        new_heading = heading if _needs(recommendation.heading, heading) else recommendation.heading
        if (new_text, new_heading) == (recommendation.text, recommendation.heading):
            continue
        before = snapshot(recommendation, ["text", "heading"])
        recommendation.text, recommendation.heading = new_text, new_heading
        recommendation.updated_at = now
        changed.append((recommendation, before, snapshot(recommendation, ["text", "heading"])))
        rows.append(recommendation)
        report.count("texts_decoded", f"{recommendation}: {new_text[:80]}")
    Recommendation.objects.bulk_update(rows, ["text", "heading", "updated_at"], batch_size=500)
    marked = models.Q(title__contains="&") | models.Q(title__contains="<")
    for document in Document.objects.filter(marked).select_related("mechanism", "country"):
        title = _decoded_line(document.title)
        if not _needs(document.title, title):
            continue
        before = snapshot(document, ["title"])
        document.title = title
        document.save(update_fields=["title", "updated_at"])
        changed.append((document, before, snapshot(document, ["title"])))
        report.count("texts_decoded", f"{document}: {title}")
    audit_updates(user, changed)


def decode_entries(report: RepairReport, *, user, model: type[Theme | AffectedGroup]) -> None:
    """A theme's or group's names decoded; one whose decoded name another entry already
    has is merged into that one."""
    columns = ["name", *language_columns("translated_name").values()]
    for pk in model.objects.order_by("pk").values_list("pk", flat=True):
        entry = model.objects.filter(pk=pk).first()  # read afresh: a merge may have changed it
        if entry is None:
            continue
        names = {column: getattr(entry, column) or "" for column in columns}
        repaired = {column: _decoded_line(value) for column, value in names.items()}
        repaired = {c: v for c, v in repaired.items() if v and _needs(names[c], v)}
        if not repaired:
            continue
        name = repaired.get("name", entry.name)
        twin = model.objects.filter(key=label_key(name)).exclude(pk=entry.pk).first()
        if twin is not None:
            merge_into_twin(user=user, source=entry, target=twin)
            report.count("entries_merged", f"{names['name']} → {twin.name}")
            continue
        before = snapshot(entry)
        for column, value in repaired.items():
            setattr(entry, column, value)
        entry.save()
        audit_record(user=user, action=AuditEntry.Action.UPDATE, obj=entry, before=before)
        report.count("names_decoded", f"{names['name']} → {entry.name}")


def decode_states(report: RepairReport, *, user) -> None:
    """A State's name decoded; merged into the State already spelled so, if there is one."""
    marked = models.Q(name__contains="&") | models.Q(name__contains="<")
    for state in Country.objects.filter(marked).order_by("pk"):
        name = _decoded_line(state.name)
        if not _needs(state.name, name):
            continue
        twin = Country.objects.filter(key=label_key(name)).exclude(pk=state.pk).first()
        if twin is not None:
            merge_into_twin(user=user, source=state, target=twin)
            report.count("states_merged", f"{state.name} → {twin.name}")
            continue
        before = snapshot(state)
        old, state.name = state.name, name
        state.save()
        audit_record(user=user, action=AuditEntry.Action.UPDATE, obj=state, before=before)
        report.count("states_renamed", f"{old} → {name}")
