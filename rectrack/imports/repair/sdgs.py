"""SDGs that earlier imports stored among the themes: linked as SDG goals and targets."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rectrack.audit.models import AuditEntry
from rectrack.audit.services import audit_record, snapshot
from rectrack.imports import normalise
from rectrack.imports.repair.report import RepairReport, audit_updates, recommendations_of
from rectrack.imports.repair.twins import saved_views_naming
from rectrack.recommendations.models import (
    Recommendation,
    SavedView,
    SdgGoal,
    SdgTarget,
    Theme,
)

# A theme coded like the SDG codes of the 2017-2019 lists (S01 ... S17).
_SDG_THEME_CODE = re.compile(r"^S\d{2}$", re.IGNORECASE)


def sdg_themes_to_links(report: RepairReport, *, user) -> None:
    """A theme that is an SDG ('S16 SDG 16 - peace ...', 'Target 16.2'): its recommendations
    are linked to that goal or target instead; the theme goes unless something else still
    uses it. A code that names no SDG is reported, never linked to a guess."""
    goals = {str(goal.number): goal for goal in SdgGoal.objects.all()}
    targets = {target.code: target for target in SdgTarget.objects.all()}
    for theme in Theme.objects.order_by("pk"):
        label = f"{theme.code} {theme.name}".strip()
        code = normalise.sdg_of_theme(label)
        sdg = (targets.get(code) or goals.get(code)) if code else None
        if sdg is None:
            if code or _SDG_THEME_CODE.match(theme.code):
                report.unknown_sdgs.append(
                    _("%(theme)s: %(code)s is not an SDG goal or target.")
                    % {"theme": label, "code": code or theme.code}
                )
            continue
        _theme_to_sdg(report, user=user, theme=theme, sdg=sdg)
        uses = _uses(theme)
        if uses:
            report.kept.append(
                _("%(theme)s stays: still used by %(uses)s.")
                % {"theme": label, "uses": ", ".join(uses)}
            )
            continue
        audit_record(
            user=user,
            action=AuditEntry.Action.DELETE,
            obj=theme,
            before={**snapshot(theme), "replaced_by": _sdg_label(sdg)},
        )
        theme.delete()
        report.count("themes_deleted", f"{label} → {_sdg_label(sdg)}")


def _sdg_label(sdg: SdgGoal | SdgTarget) -> str:
    return _("SDG %(code)s") % {"code": sdg.number if isinstance(sdg, SdgGoal) else sdg.code}


def _theme_to_sdg(report: RepairReport, *, user, theme: Theme, sdg) -> None:
    relation = "sdg_targets" if isinstance(sdg, SdgTarget) else "sdg_goals"
    fields = ["themes", relation]
    themes = Recommendation.themes.through
    ids = list(themes.objects.filter(theme_id=theme.pk).values_list("recommendation_id", flat=True))
    if not ids:
        return
    recommendations = recommendations_of(ids).prefetch_related(*fields)
    before = {r.pk: snapshot(r, fields) for r in recommendations}
    through = getattr(Recommendation, relation).through
    column = "sdgtarget_id" if relation == "sdg_targets" else "sdggoal_id"
    through.objects.bulk_create(
        [through(recommendation_id=pk, **{column: sdg.pk}) for pk in ids],
        ignore_conflicts=True,
        batch_size=500,
    )
    themes.objects.filter(theme_id=theme.pk).delete()
    audit_updates(user, [(r, before[r.pk], snapshot(r, fields)) for r in recommendations.all()])
    report.count(
        "sdg_links",
        ngettext(
            "%(theme)s → %(sdg)s (%(count)s recommendation)",
            "%(theme)s → %(sdg)s (%(count)s recommendations)",
            len(ids),
        )
        % {"theme": theme, "sdg": _sdg_label(sdg), "count": len(ids)},
        len(ids),
    )


def _uses(theme: Theme) -> list[str]:
    """What still uses a theme, as "1 narrower theme, 2 other names of themes": every
    relation of the model (so a link added to it later counts too) and saved views."""
    uses = []
    for relation in Theme._meta.related_objects:
        count = relation.related_model._base_manager.filter(**{relation.field.name: theme})
        if count := count.count():
            uses.append(_counted(count, relation.related_model, narrower=relation.field.name))
    if views := len(saved_views_naming(theme)):
        uses.append(_counted(views, SavedView))
    return uses


def _counted(count: int, model, narrower: str = "") -> str:
    if model is Theme and narrower == "parent":
        return ngettext("%(count)s narrower theme", "%(count)s narrower themes", count) % {
            "count": count
        }
    meta = model._meta
    return f"{count} {meta.verbose_name if count == 1 else meta.verbose_name_plural}"
