"""Reads of institutions: menus in forms and who is responsible for a set of items."""

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from rectrack.institutions.models import Institution


def institution_list() -> QuerySet[Institution]:
    """Every institution, by name, with its parent for labels such as 'Directorate (Ministry)'."""
    return Institution.objects.select_related("parent")


def institution_responsible_list(
    *, recommendations: Iterable | QuerySet = (), actions: Iterable | QuerySet = ()
) -> QuerySet[Institution]:
    """The institutions that lead or support any of these recommendations or actions: who an
    update request asks when the coordinator names no one."""
    condition = Q(pk__in=[])
    if isinstance(recommendations, QuerySet) or recommendations:
        condition |= Q(assignments__recommendation__in=recommendations)
    actions = actions if isinstance(actions, QuerySet) else list(actions)
    if isinstance(actions, QuerySet) or actions:
        condition |= Q(led_actions__in=actions) | Q(supported_actions__in=actions)
    return Institution.objects.filter(condition).distinct().order_by("name")
