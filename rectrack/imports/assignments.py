"""The assignments a mapped file gives: each row's lead and supporting institutions (a ministry's
matrix names who implements what), matched to the institutions Rectrack knows by name or short
code, and assigned through followup's assignment_set once the rows are written.

Rules, so that nothing is overwritten or invented silently:
- a name or code matches whatever its case, accents, punctuation and spacing ("ministère de la
  JUSTICE" is the "Ministère de la Justice"); an institution's name wins over another's code;
- an institution no one has entered is never created: it is listed, with its rows, and those
  rows import without that assignment;
- a recommendation that already has another lead keeps it: the row's lead is listed as not
  applied (the coordinator changes it on the recommendation if the file is right);
- an institution already assigned in any role is left as it is;
- a supporting cell may list several institutions, one per line or separated by ";"; a value
  that is no known name as a whole is also tried split at its commas.
The import's transaction holds these writes too: a dry run rolls them back, and its summary
still says which institutions matched and which are unknown.
"""

from collections import defaultdict

from django.utils.translation import gettext as _

from rectrack.accounts.permissions import is_coordinator
from rectrack.core.text import label_key
from rectrack.followup.models import Assignment
from rectrack.followup.services.notifications import notify_assignments
from rectrack.followup.services.planning import assignment_set
from rectrack.imports import normalise
from rectrack.imports.matching import ResolvedRow
from rectrack.imports.models import ImportRun
from rectrack.imports.parsers.base import FileError
from rectrack.institutions.models import Institution

ROWS_LISTED = 20  # rows named for each unknown institution (all are counted)
LEADS_KEPT_LISTED = 200


def institution_key(value: str) -> str:
    """How a file's institution and Rectrack's are compared: case, accents, punctuation and
    spacing do not matter."""
    return label_key(normalise.fold(normalise.one_line(value)))


class InstitutionIndex:
    """Every institution by the key of its name and of its short code, read in one query."""

    def __init__(self) -> None:
        institutions = list(Institution.objects.all())
        self._by_key: dict[str, Institution] = {}
        for institution in institutions:
            self._by_key.setdefault(institution_key(institution.name), institution)
        for institution in institutions:  # a name wins over another institution's code
            self._by_key.setdefault(institution_key(institution.code), institution)

    def get(self, value: str) -> Institution | None:
        key = institution_key(value)
        return self._by_key.get(key) if key else None

    def many(self, values: list[str]) -> tuple[list[Institution], list[str]]:
        """The institutions a cell lists, and the values that name none."""
        found: list[Institution] = []
        unknown: list[str] = []
        for value in values:
            institution = self.get(value)
            if institution is not None:
                found.append(institution)
                continue
            parts = [part.strip() for part in value.split(",") if part.strip()]
            matched = [self.get(part) for part in parts] if len(parts) > 1 else []
            if matched and all(matched):
                found.extend(matched)
            else:
                unknown.append(normalise.one_line(value))
        return found, unknown


def assignments_write(resolved: list[ResolvedRow], *, run: ImportRun) -> dict:
    """Assign each written row's lead and supporting institutions (see the module's rules).
    The summary is returned and kept on the run as `run.assignment_summary` for the import's report:
    {"matched": {name: rows}, "unknown": {value: {"count", "rows"}}, "assigned": n,
    "leads_kept": [{"row", "reference", "kept", "given"}]}."""
    # one summary for the whole file, which is written a batch at a time
    summary: dict = getattr(run, "assignment_summary", None) or {
        "matched": {},
        "unknown": {},
        "assigned": 0,
        "leads_kept": [],
    }
    run.assignment_summary = summary
    rows = [
        item
        for item in resolved
        if (item.created or item.existing)
        and (item.row.lead_institution or item.row.supporting_institutions)
    ]
    if not rows:
        return summary
    if not is_coordinator(run.user):
        raise FileError(
            _(
                "%(file)s: the mapping assigns institutions, which only a coordinator may do: "
                "import the file as a coordinator (the import command's --user option)."
            )
            % {"file": run.file_name}
        )
    index = InstitutionIndex()
    current = _current_assignments([(item.created or item.existing).pk for item in rows])
    told: dict[tuple[int, str], list] = defaultdict(list)
    for item in rows:
        _assign_row(item, user=run.user, index=index, current=current, summary=summary, told=told)
    institutions = {institution.pk: institution for institution in Institution.objects.all()}
    for (institution_id, role), recommendations in told.items():
        notify_assignments(
            institution=institutions[institution_id],
            recommendations=recommendations,
            role=role,
            user=run.user,
        )
    return summary


def _current_assignments(ids: list[int]) -> dict[int, dict[int, str]]:
    """recommendation id -> {institution id: role}, for the rows' recommendations."""
    current: dict[int, dict[int, str]] = defaultdict(dict)
    for start in range(0, len(ids), 500):
        pairs = Assignment.objects.filter(recommendation_id__in=ids[start : start + 500])
        for recommendation_id, institution_id, role in pairs.values_list(
            "recommendation_id", "institution_id", "role"
        ):
            current[recommendation_id][institution_id] = role
    return current


def _assign_row(item: ResolvedRow, *, user, index, current, summary: dict, told: dict) -> None:
    row = item.row
    recommendation = item.created or item.existing
    have = current[recommendation.pk]
    lead, unknown = None, []
    if row.lead_institution:
        lead = index.get(row.lead_institution)
        if lead is None:
            unknown.append(normalise.one_line(row.lead_institution))
    supporting, unknown_supporting = index.many(row.supporting_institutions)
    supporting = list({institution.pk: institution for institution in supporting}.values())
    unknown.extend(unknown_supporting)
    for value in unknown:
        entry = summary["unknown"].setdefault(value, {"count": 0, "rows": []})
        entry["count"] += 1
        if len(entry["rows"]) < ROWS_LISTED:
            entry["rows"].append(row.location)
    wanted = []
    if lead is not None:
        held = next((pk for pk, role in have.items() if role == Assignment.Role.LEAD), None)
        if held is None or held == lead.pk:
            wanted.append((lead, Assignment.Role.LEAD))
        elif len(summary["leads_kept"]) < LEADS_KEPT_LISTED:
            kept = Institution.objects.get(pk=held)
            summary["leads_kept"].append(
                {
                    "row": row.location,
                    "reference": recommendation.reference,
                    "kept": kept.name,
                    "given": lead.name,
                }
            )
    for institution in supporting:
        if lead is None or institution.pk != lead.pk:
            wanted.append((institution, Assignment.Role.SUPPORTING))
    for institution in [lead, *supporting] if lead else supporting:
        summary["matched"][institution.name] = summary["matched"].get(institution.name, 0) + 1
    for institution, role in wanted:
        held_role = have.get(institution.pk)
        if held_role == role or (held_role and role == Assignment.Role.SUPPORTING):
            continue  # already assigned: left as it is (a lead is never made supporting)
        assignment_set(
            recommendation=recommendation,
            institution=institution,
            role=role,
            user=user,
            notify=False,
        )
        have[institution.pk] = role
        summary["assigned"] += 1
        told[(institution.pk, role)].append(recommendation)
