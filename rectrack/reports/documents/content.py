"""What a report holds: the recommendations a user may see through the report's filters,
each placed in one group (its first cluster, top-level theme, SDG goal or lead institution
by name), with its actions and its approved progress narratives of the period. Drafts,
submitted and returned updates never reach a report."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from rectrack.followup.models import Action, Assignment, ProgressUpdate
from rectrack.followup.selectors import progress_update_list
from rectrack.recommendations.models import Recommendation, Theme
from rectrack.recommendations.selectors import (
    RecommendationFilters,
    recommendation_list,
    theme_lineage,
)
from rectrack.reports.documents.templates import Grouping, ReportTemplate
from rectrack.reports.selectors import STATUS_ORDER


@dataclass
class Entry:
    recommendation: Recommendation
    group: str
    also_in: list[str]
    actions: list[Action]
    narratives: list[ProgressUpdate]  # approved, within the period, oldest first

    @property
    def heading(self) -> str:
        document = self.recommendation.document
        reference = self.recommendation.reference
        return f"{document.mechanism.code} {document.symbol} {reference}".strip()

    @property
    def source(self) -> str:
        document = self.recommendation.document
        parts = [document.mechanism.display_name, document.symbol]
        if document.date:
            parts.append(str(document.date.year))
        states = ", ".join(str(c) for c in self.recommendation.recommending_countries.all())
        if states:
            parts.append(_("recommended by %(states)s") % {"states": states})
        return ", ".join(part for part in parts if part)

    def facts(self) -> list[str]:
        """The lines under a recommendation's text: source, position, status, other groups."""
        recommendation = self.recommendation
        facts = [
            _("Source: %(source)s") % {"source": self.source},
            _("Position: %(position)s")
            % {"position": recommendation.get_position_display() or _("Not stated")},
            _("Implementation status: %(status)s")
            % {"status": recommendation.get_implementation_status_display()},
        ]
        if self.also_in:
            facts.append(_("Also in: %(groups)s") % {"groups": ", ".join(self.also_in)})
        return facts


def date_label(value) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else ""


def action_line(action: Action) -> str:
    """An action as a report lists it: title (lead institution; supporting ones; status;
    deadline; budget; indicators)."""
    details = [action.lead_institution.name]
    supporting = ", ".join(i.name for i in action.supporting_institutions.all())
    if supporting:
        details.append(_("with %(institutions)s") % {"institutions": supporting})
    details.append(action.get_status_display())
    if action.deadline:
        details.append(_("deadline %(date)s") % {"date": date_label(action.deadline)})
    if action.budget_amount is not None:
        details.append(f"{action.budget_amount} {action.budget_currency}".strip())
    indicators = ", ".join(indicator.title for indicator in action.indicators.all())
    if indicators:
        details.append(_("indicators: %(list)s") % {"list": indicators})
    return f"{action.title} ({'; '.join(details)})"


def progress_label(update: ProgressUpdate) -> str:
    """What precedes an approved narrative: when it was approved and the status it reports."""
    when = date_label(update.reviewed_at.date()) if update.reviewed_at else ""
    return f"{when} · {update.get_status_display()}: "


@dataclass
class Group:
    label: str
    entries: list[Entry] = field(default_factory=list)

    def status_counts(self) -> list[int]:
        statuses = [entry.recommendation.implementation_status for entry in self.entries]
        return [statuses.count(status) for status in STATUS_ORDER]


@dataclass
class ReportContent:
    template: ReportTemplate
    title: str
    grouping: str
    parts: tuple[str, ...]
    period: tuple[datetime.date | None, datetime.date | None]
    groups: list[Group]
    generated: datetime.date

    @property
    def entries(self) -> list[Entry]:
        return [entry for group in self.groups for entry in group.entries]

    def summary_rows(self) -> list[list]:
        """The summary table: each group's recommendations by status (STATUS_ORDER) and in
        all, then the same for all groups together."""
        rows = [[group.label, *group.status_counts(), len(group.entries)] for group in self.groups]
        if rows:
            totals = [sum(row[column] for row in rows) for column in range(1, len(rows[0]))]
            rows.append([_("All recommendations"), *totals])
        return rows


def _approved(user):
    return progress_update_list(user=user).filter(state=ProgressUpdate.State.APPROVED)


def _in_period(update: ProgressUpdate, start, end) -> bool:
    when = timezone.localdate(update.reviewed_at) if update.reviewed_at else None
    return when is None or ((start is None or when >= start) and (end is None or when <= end))


def _group_keys(recommendation: Recommendation, grouping: str, roots: dict) -> list[tuple]:
    """The groups a recommendation belongs to, as (sort key, label), in report order."""
    if grouping == Grouping.SDG_GOAL:
        return [(goal.number, str(goal)) for goal in recommendation.linked_sdg_goals]
    if grouping == Grouping.CLUSTER:
        names = {cluster.name for cluster in recommendation.clusters.all()}
    elif grouping == Grouping.THEME:
        names = {roots[theme.pk] for theme in recommendation.themes.all() if theme.pk in roots}
    elif grouping == Grouping.INSTITUTION:
        names = {
            assignment.institution.name
            for assignment in recommendation.assignments.all()
            if assignment.role == Assignment.Role.LEAD
        }
    else:
        names = {_("Recommendations")}
    return sorted((name.casefold(), name) for name in names)


def report_filters(
    template: ReportTemplate, filters: RecommendationFilters | None
) -> RecommendationFilters | None:
    """The filters given, or with none the report's own scope: its kind of mechanism."""
    if filters is None and template.kind:
        return RecommendationFilters(kind=template.kind)
    return filters


def report_size(*, user, template: ReportTemplate, filters=None) -> int:
    """How many recommendations the report would hold."""
    return recommendation_list(user=user, filters=report_filters(template, filters)).count()


def report_content(
    *,
    user,
    template: ReportTemplate,
    filters: RecommendationFilters | None = None,
    grouping: str | None = None,
    parts: tuple[str, ...] | None = None,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
    title: str = "",
    progress: Callable[[int], None] | None = None,
) -> ReportContent:
    """The report's recommendations (`filters`; none: the template's kind of mechanism), each
    once, in its group; groups by name (SDG goals by number), those in no group last; the
    recommendations within a group in the list's order."""
    grouping = grouping or template.grouping
    filters = report_filters(template, filters)
    approved = _approved(user).order_by("reviewed_at", "pk")
    actions = Action.objects.select_related("lead_institution").prefetch_related(
        "indicators",
        "supporting_institutions",
        Prefetch("progress_updates", queryset=approved, to_attr="approved_updates"),
    )
    qs = recommendation_list(user=user, filters=filters).prefetch_related(
        "clusters",
        "sdg_goals",
        "sdg_targets__goal",
        Prefetch("assignments", queryset=Assignment.objects.select_related("institution")),
        Prefetch("actions", queryset=actions.order_by("deadline", "title", "pk")),
        Prefetch(
            "progress_updates",
            queryset=approved.filter(action__isnull=True),
            to_attr="approved_updates",
        ),
    )
    names = {theme.pk: theme.display_name for theme in Theme.objects.all()}
    roots = {pk: names[chain[0]] for pk, chain in theme_lineage().items() if chain}
    groups: dict[tuple, Group] = {}
    ungrouped = Group(label=_("Not grouped"))
    for done, recommendation in enumerate(qs.iterator(chunk_size=1000), start=1):
        if progress and done % 100 == 0:
            progress(done)
        keys = _group_keys(recommendation, grouping, roots)
        action_list = list(recommendation.actions.all())
        updates = [*recommendation.approved_updates]
        for action in action_list:
            updates.extend(action.approved_updates)
        updates.sort(key=lambda update: (update.reviewed_at is None, update.reviewed_at, update.pk))
        group = groups.setdefault(keys[0], Group(label=keys[0][1])) if keys else ungrouped
        group.entries.append(
            Entry(
                recommendation=recommendation,
                group=group.label,
                also_in=[label for _key, label in keys[1:]],
                actions=action_list,
                narratives=[u for u in updates if _in_period(u, period_start, period_end)],
            )
        )
    ordered = [groups[key] for key in sorted(groups)]
    if ungrouped.entries:
        ordered.append(ungrouped)
    return ReportContent(
        template=template,
        title=title or str(template.title),
        grouping=grouping,
        parts=tuple(parts if parts is not None else template.parts),
        period=(period_start, period_end),
        groups=ordered,
        generated=timezone.localdate(),
    )
