"""The recommendations "matrix" NMIRFs work with: one row per recommendation, its source
fields, taxonomies and follow-up. Every export format writes these columns; the source
columns are the ones the table importer reads back (round trip: imports.parsers.matrix)."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from rectrack.followup.models import Action, Assignment, ProgressUpdate
from rectrack.followup.selectors import progress_update_list
from rectrack.recommendations.models import Recommendation
from rectrack.recommendations.selectors import RecommendationFilters, recommendation_list

# Values of a multi-valued cell (themes, States ...) are one per line: names hold no newline.
SEPARATOR = "\n"


@dataclass(frozen=True)
class Column:
    key: str  # also the key of a JSON record
    label: object  # translatable header
    width: int  # characters, for spreadsheets
    imported_as: str = ""  # the table importer's field that reads it back; "" for follow-up


COLUMNS = (
    Column("reference", _("Reference"), 12, "reference"),
    Column("text", _("Recommendation"), 70, "text"),
    Column("heading", _("Section heading"), 20, "heading"),
    Column("mechanism", _("Mechanism"), 11, "mechanism"),
    Column("document", _("Document symbol"), 22, "document"),
    Column("document_title", _("Document title"), 24, "document_title"),
    Column("date", _("Document date"), 12, "date"),
    Column("country", _("State under review"), 16, "country"),
    Column("session", _("Session"), 9, "session"),
    Column("cycle", _("UPR cycle"), 9, "cycle"),
    Column("recommending_states", _("Recommending States"), 22, "recommending_states"),
    Column("position", _("Position"), 12, "position"),
    Column("type", _("Type"), 14, "type"),
    Column("themes", _("Themes"), 28, "themes"),
    Column("affected_groups", _("Affected groups"), 24, "affected_groups"),
    Column("sdgs", _("SDG goals and targets"), 14, "sdgs"),
    Column("uhri_annotation_id", _("UHRI annotation id"), 14, "uhri_annotation_id"),
    Column("clusters", _("Clusters"), 22),
    Column("lead_institutions", _("Lead institutions"), 22),
    Column("supporting_institutions", _("Supporting institutions"), 22),
    Column("actions", _("Actions"), 34),
    Column("implementation_status", _("Implementation status"), 16),
    Column("latest_progress", _("Latest approved progress"), 50),
)


def matrix_queryset(*, user, filters: RecommendationFilters | None) -> QuerySet[Recommendation]:
    """What this user may see of the filtered list, with everything a row shows loaded in a
    fixed number of queries; only approved progress (never drafts or returned updates)."""
    approved = progress_update_list(user=user).filter(state=ProgressUpdate.State.APPROVED)
    return recommendation_list(user=user, filters=filters).prefetch_related(
        "affected_groups",
        "sdg_goals",
        "sdg_targets",
        "clusters",
        Prefetch("assignments", queryset=Assignment.objects.select_related("institution")),
        Prefetch("actions", queryset=Action.objects.order_by("deadline", "title", "pk")),
        Prefetch(
            "progress_updates",
            queryset=approved.order_by("-reviewed_at", "-pk"),
            to_attr="approved_updates",
        ),
    )


def _joined(values) -> str:
    return SEPARATOR.join(str(value) for value in values if str(value))


def _action(action: Action) -> str:
    deadline = f", {action.deadline.isoformat()}" if action.deadline else ""
    return f"{action.title} ({action.get_status_display()}{deadline})"


def _progress(update: ProgressUpdate | None) -> str:
    if update is None:
        return ""
    when = update.reviewed_at.date().isoformat() if update.reviewed_at else ""
    return f"{when}: {update.narrative}" if when else update.narrative


def matrix_row(recommendation: Recommendation) -> dict[str, object]:
    """One recommendation's cells by column key: text, numbers, dates or None."""
    document = recommendation.document
    roles: dict[str, list[str]] = {Assignment.Role.LEAD: [], Assignment.Role.SUPPORTING: []}
    for assignment in recommendation.assignments.all():
        roles.setdefault(assignment.role, []).append(assignment.institution.name)
    targets = list(recommendation.sdg_targets.all())  # by goal, then order within it
    goals = list(recommendation.sdg_goals.all())  # linked directly, whatever the targets
    updates = recommendation.approved_updates
    return {
        "reference": recommendation.reference,
        "text": recommendation.text,
        "heading": recommendation.heading,
        "mechanism": document.mechanism.code,
        "document": document.symbol,
        "document_title": document.title,
        "date": document.date,
        "country": document.country.name if document.country else "",
        "session": document.session,
        "cycle": document.cycle,
        "recommending_states": _joined(recommendation.recommending_countries.all()),
        "position": recommendation.get_position_display() if recommendation.position else "",
        "type": recommendation.get_type_display(),
        "themes": _joined(recommendation.themes.all()),  # "F13 Violence against women"
        "affected_groups": _joined(
            group.display_name for group in recommendation.affected_groups.all()
        ),
        "sdgs": _joined([*(str(goal.number) for goal in goals), *(t.code for t in targets)]),
        "uhri_annotation_id": recommendation.uhri_annotation_id,
        "clusters": _joined(cluster.name for cluster in recommendation.clusters.all()),
        "lead_institutions": _joined(sorted(roles[Assignment.Role.LEAD])),
        "supporting_institutions": _joined(sorted(roles[Assignment.Role.SUPPORTING])),
        "actions": _joined(_action(action) for action in recommendation.actions.all()),
        "implementation_status": recommendation.get_implementation_status_display(),
        "latest_progress": _progress(updates[0] if updates else None),
    }


def matrix_rows(
    qs: QuerySet[Recommendation], progress: Callable[[int], None] | None = None
) -> Iterator[tuple[Recommendation, dict]]:
    """Each recommendation with its row, read in chunks (prefetching per chunk);
    `progress(done)` is told how many are read, every hundred."""
    for done, recommendation in enumerate(qs.iterator(chunk_size=2000), start=1):
        if progress and done % 100 == 0:
            progress(done)
        yield recommendation, matrix_row(recommendation)
