"""What a report holds: the recommendations a user may see through the report's filters,
each placed in one group (its first cluster, top-level theme, SDG goal or lead institution
by name), with its actions and its approved progress narratives of the period. Drafts,
submitted and returned updates never reach a report."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import formats, timezone
from django.utils.translation import get_language
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
        """The recommendation named: its mechanism, document and paragraph, or where the
        source gives neither symbol nor reference, the State and session it came in."""
        recommendation = self.recommendation
        document = recommendation.document
        parts = [document.mechanism.code]
        if document.symbol:
            parts.append(document.symbol)
        else:
            if document.country_id:
                parts.append(document.country.name)
            if document.session:
                parts.append(_("session %(number)s") % {"number": document.session})
            elif document.title:
                parts.append(document.title)
        if recommendation.reference:
            parts.append(recommendation.reference)
        return " ".join(parts)

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
    """A date as the report's language writes it in documents: 1 December 2026 in English
    (the UN's usage, not Django's "Dec. 1, 2026"), 1 décembre 2026, 2026年12月1日 ..."""
    if not value:
        return ""
    return formats.date_format(value, "j F Y" if get_language() == "en" else "DATE_FORMAT")


def amount_label(amount, currency: str) -> str:
    """180 000,00 EUR, 180,000.00 EUR: grouped and with the decimal sign of the language."""
    number = formats.number_format(amount, 2, use_l10n=True, force_grouping=True)
    return f"{number} {currency}".strip()


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
        details.append(amount_label(action.budget_amount, action.budget_currency))
    indicators = ", ".join(indicator.title for indicator in action.indicators.all())
    if indicators:
        details.append(_("indicators: %(list)s") % {"list": indicators})
    return f"{action.title} ({'; '.join(details)})"


@dataclass
class PlannedAction:
    """A row of the implementation plan's table of actions."""

    action: Action
    answers: list[str]  # the headings of the report's recommendations it answers

    def cells(self) -> list[str]:
        action = self.action
        supporting = ", ".join(i.name for i in action.supporting_institutions.all())
        institutions = action.lead_institution.name
        if supporting:
            institutions += "\n" + _("with %(institutions)s") % {"institutions": supporting}
        budget = ""
        if action.budget_amount is not None:
            budget = amount_label(action.budget_amount, action.budget_currency)
        if action.funding_source:
            budget = f"{budget}\n{action.funding_source}".strip()
        return [
            action.title,
            institutions,
            "\n".join(self.answers),
            date_label(action.start_date),
            date_label(action.deadline),
            action.get_status_display(),
            budget,
        ]


def indicator_cells(action: Action, indicator) -> list[str]:
    """An indicator of an action as the plan's second table gives it: baseline and target
    (with their years), the latest measurement (with its date) and how far it has come
    from the baseline toward the target."""
    measurements = list(indicator.measurements.all())  # by date
    latest = measurements[-1] if measurements else None
    return [
        action.title,
        f"{indicator.title} ({indicator.unit})" if indicator.unit else indicator.title,
        _valued(indicator.baseline_value, indicator.baseline_year),
        _valued(indicator.target_value, indicator.target_year),
        _valued(latest.value, date_label(latest.date)) if latest else "—",
        _toward(indicator, latest.value if latest else None),
    ]


def _number(value) -> str:
    """12.5000 -> 12.5, 1000.0000 -> 1,000 (1 000 in French): the places the value has."""
    places = max(0, -value.normalize().as_tuple().exponent)
    return formats.number_format(value, places, use_l10n=True, force_grouping=True)


def _valued(value, when) -> str:
    if value is None:
        return "—"
    return f"{_number(value)} ({when})" if when else _number(value)


def _toward(indicator, latest) -> str:
    """The share of the way from the baseline to the target that the latest value has come,
    as a percentage; "—" when it cannot be told."""
    baseline, target = indicator.baseline_value, indicator.target_value
    if latest is None or baseline is None or target is None or target == baseline:
        return "—"
    share = (latest - baseline) / (target - baseline) * 100
    return f"{formats.number_format(round(share), use_l10n=True)} %"


def plan_headers() -> tuple[list[str], list[str]]:
    """The headers of the plan's two tables: its actions, and their indicators."""
    actions = [
        _("Action"),
        _("Lead and supporting institutions"),
        _("Recommendations"),
        _("Start"),
        _("Deadline"),
        _("Status"),
        _("Budget and funding"),
    ]
    indicators = [
        _("Action"),
        _("Indicator"),
        _("Baseline"),
        _("Target"),
        _("Latest value"),
        _("Toward the target"),
    ]
    return actions, indicators


def plan_rows(content: "ReportContent") -> tuple[list[list[str]], list[list[str]]]:
    planned = content.planned_actions()
    indicators = [
        indicator_cells(p.action, indicator)
        for p in planned
        for indicator in p.action.indicators.all()
    ]
    return [p.cells() for p in planned], indicators


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

    def planned_actions(self) -> list[PlannedAction]:
        """Each action of the report's recommendations once, by lead institution, then
        deadline (none last) and title, with the recommendations of the report it answers."""
        found: dict[int, PlannedAction] = {}
        for entry in self.entries:
            for action in entry.actions:
                planned = found.setdefault(action.pk, PlannedAction(action=action, answers=[]))
                planned.answers.append(entry.heading)
        return sorted(
            found.values(),
            key=lambda p: (
                p.action.lead_institution.name.casefold(),
                p.action.deadline is None,
                p.action.deadline or datetime.date.min,
                p.action.title.casefold(),
                p.action.pk,
            ),
        )

    def scope(self) -> list[str]:
        """What the title page says the report is about: the States under review and the
        reviews or documents, each once, in the order the report meets them."""
        states: dict[str, None] = {}
        reviews: dict[int, str] = {}
        for entry in self.entries:
            document = entry.recommendation.document
            if document.country_id:
                states.setdefault(document.country.name)
            if document.pk not in reviews:
                reviews[document.pk] = _review_label(document)
        lines = []
        if states:
            lines.append(_("State under review: %(states)s") % {"states": ", ".join(states)})
        if reviews:
            shown = list(reviews.values())
            listed = "; ".join(shown[:MAX_REVIEWS_NAMED])
            if len(shown) > MAX_REVIEWS_NAMED:
                listed += " …"
            lines.append(_("Reviews and documents: %(reviews)s") % {"reviews": listed})
        return lines

    def summary_rows(self) -> list[list]:
        """The summary table: each group's recommendations by status (STATUS_ORDER) and in
        all, then the same for all groups together."""
        rows = [[group.label, *group.status_counts(), len(group.entries)] for group in self.groups]
        if rows:
            totals = [sum(row[column] for row in rows) for column in range(1, len(rows[0]))]
            rows.append([_("All recommendations"), *totals])
        return rows


MAX_REVIEWS_NAMED = 12  # a title page names a few reviews, not a database's thousands


def _review_label(document) -> str:
    """Universal Periodic Review, A/HRC/55/9 (cycle 4, 2024)."""
    parts = [document.mechanism.display_name]
    if document.symbol:
        parts.append(document.symbol)
    elif document.session:
        parts.append(_("session %(number)s") % {"number": document.session})
    details = []
    if document.cycle:
        details.append(_("cycle %(number)s") % {"number": document.cycle})
    if document.date:
        details.append(str(document.date.year))
    label = ", ".join(parts)
    return f"{label} ({', '.join(details)})" if details else label


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


def _paragraph_order(entry: Entry) -> tuple:
    """Newest review first, as the list; within a review, its paragraphs in their order
    (121.2 before 121.10), then as recorded."""
    recommendation = entry.recommendation
    document = recommendation.document
    newest = -document.date.toordinal() if document.date else 0
    return (
        document.date is None,
        newest,
        document.pk,
        recommendation.reference_key,
        recommendation.pk,
    )


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
        "indicators__measurements",
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
    for group in ordered:
        group.entries.sort(key=_paragraph_order)
    return ReportContent(
        template=template,
        title=title or str(template.title),
        grouping=grouping,
        parts=tuple(parts if parts is not None else template.parts),
        period=(period_start, period_end),
        groups=ordered,
        generated=timezone.localdate(),
    )
