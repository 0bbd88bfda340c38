"""The built-in report templates: what each report is for, and its default grouping, parts
and scope. A user may change every choice in the report builder."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from rectrack.recommendations.models import Mechanism


class Grouping(models.TextChoices):
    CLUSTER = "cluster", _("Cluster")
    THEME = "theme", _("Theme")
    SDG_GOAL = "sdg_goal", _("SDG goal")
    INSTITUTION = "institution", _("Lead institution")
    NONE = "none", _("No grouping")


class Part(models.TextChoices):
    SUMMARY = "summary", _("Summary figures")
    RECOMMENDATIONS = "recommendations", _("Recommendations by group")
    ACTIONS = "actions", _("Actions taken")
    PLAN = "plan", _("Table of actions and their indicators")
    PROGRESS = "progress", _("Approved progress")
    ANNEX = "annex", _("Annex: table of all recommendations")


@dataclass(frozen=True)
class ReportTemplate:
    key: str
    title: object
    introduction: object
    grouping: str
    parts: tuple[str, ...]
    kind: str = ""  # the kind of mechanism it is about by default (Mechanism.Kind); "" any


# Every part but the plan's tables, which the implementation plan opens with (and any
# report can ask for).
ALL_PARTS = tuple(part for part in Part.values if part != Part.PLAN)
TEMPLATES = {
    template.key: template
    for template in (
        ReportTemplate(
            "upr-mid-term",
            _("UPR mid-term report"),
            _(
                "This mid-term report sets out the implementation of the recommendations the "
                "State received in its Universal Periodic Review, grouped by cluster."
            ),
            Grouping.CLUSTER,
            ALL_PARTS,
            kind=Mechanism.Kind.UPR,
        ),
        ReportTemplate(
            "treaty-follow-up",
            _("Treaty body follow-up report"),
            _(
                "This report sets out the follow-up given to the concluding observations of "
                "the treaty bodies, grouped by theme."
            ),
            Grouping.THEME,
            ALL_PARTS,
            kind=Mechanism.Kind.TREATY_BODY,
        ),
        ReportTemplate(
            "implementation-plan",
            _("Implementation plan"),
            _(
                "The actions planned to implement the recommendations, with the institutions "
                "responsible, their deadlines, indicators and budgets."
            ),
            Grouping.INSTITUTION,
            (Part.SUMMARY, Part.PLAN, Part.RECOMMENDATIONS, Part.ACTIONS, Part.ANNEX),
        ),
        ReportTemplate(
            "institution-status",
            _("Institution status report"),
            _("Where each institution stands with the recommendations it leads."),
            Grouping.INSTITUTION,
            (Part.SUMMARY, Part.RECOMMENDATIONS, Part.PROGRESS, Part.ANNEX),
        ),
    )
}
