"""A selection of recommendations for a bulk step: ticked rows or all matching, with the
problems named (unknown, not visible, superseded)."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from rectrack.accounts.models import User
from rectrack.recommendations.models import Recommendation
from rectrack.recommendations.selectors.filters import RecommendationFilters
from rectrack.recommendations.selectors.listing import recommendation_list

BULK_CONFIRM_ABOVE = 20  # a bulk step over more recommendations asks to be confirmed
SELECTION_SAMPLE = 10


@dataclass(frozen=True)
class Selection:
    """What a bulk step applies to: `recommendations` (a queryset), or `problems` naming what
    was wrong with the selection, in which case the step must change nothing."""

    recommendations: QuerySet[Recommendation]
    count: int
    problems: tuple[str, ...] = ()

    @property
    def needs_confirmation(self) -> bool:
        return self.count > BULK_CONFIRM_ABOVE

    def sample(self) -> list[Recommendation]:
        return list(self.recommendations[:SELECTION_SAMPLE])

    def ids(self) -> list[int]:
        return list(self.recommendations.values_list("pk", flat=True))


def recommendation_selection(
    *,
    user: User | AnonymousUser,
    ids: Iterable[str] | None = None,
    filters: RecommendationFilters | None = None,
) -> Selection:
    """The ticked recommendations (`ids`, numbers as typed or posted, commas allowed), or,
    without ids, every one matching `filters`. Ticked ids that are not numbers, that do not
    exist or that this user may not see, and those of superseded reviews, are named."""
    if ids is None:
        qs = recommendation_list(user=user, filters=filters)
        return Selection(recommendations=qs, count=qs.count())
    wanted, problems = [], []
    for token in (part.strip() for value in ids for part in str(value).split(",")):
        if token.isdigit():
            wanted.append(int(token))
        elif token:
            problems.append(_("“%(value)s” is not a recommendation number.") % {"value": token})
    wanted = list(dict.fromkeys(wanted))
    found = {
        row.pk: row
        for row in recommendation_list(
            user=user, filters=RecommendationFilters(include_superseded=True)
        ).filter(pk__in=wanted)
    }
    missing = [str(pk) for pk in wanted if pk not in found]
    if missing:
        problems.append(
            _("These recommendations do not exist or you may not see them: %(ids)s.")
            % {"ids": ", ".join(missing)}
        )
    superseded = [
        str(found[pk]) for pk in wanted if pk in found and not found[pk].document.is_current
    ]
    if superseded:
        problems.append(
            _("These recommendations are in superseded reviews: %(names)s.")
            % {"names": "; ".join(superseded)}
        )
    if not wanted and not problems:
        problems.append(_("Tick at least one recommendation, or choose all matching ones."))
    qs = recommendation_list(
        user=user, filters=RecommendationFilters(include_superseded=True, sort="reference")
    ).filter(pk__in=wanted)
    return Selection(recommendations=qs, count=len(found), problems=tuple(problems))
