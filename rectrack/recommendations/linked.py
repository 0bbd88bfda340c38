"""The links the database keeps on each recommendation: Recommendation.linked_theme_ids and
linked_goal_numbers, the ids of its themes and the numbers of its SDG goals (direct or
through a target), sorted and comma-separated. Triggers on the link tables keep them
(migration 0008_linked_summaries); selectors.count_by_links groups by them.

A bulk insert of links (an import) runs inside `deferred`: the triggers stand aside and the
recommendations it names are brought up to date in one statement at the end, instead of
once per link row (SQLite) or once per link table (PostgreSQL). New recommendations are
inserted with their values already computed (values_for) and need no update at all."""

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import connection, transaction

RECOMMENDATIONS = "recommendations_recommendation"
# The same values as the triggers compute (migration 0008), for recommendation {id}.
_GOAL_NUMBERS = """SELECT g.number AS number FROM recommendations_recommendation_sdg_goals l
    JOIN recommendations_sdggoal g ON g.id = l.sdggoal_id WHERE l.recommendation_id = {id}
    UNION SELECT g.number FROM recommendations_recommendation_sdg_targets l
    JOIN recommendations_sdgtarget t ON t.id = l.sdgtarget_id
    JOIN recommendations_sdggoal g ON g.id = t.goal_id WHERE l.recommendation_id = {id}"""
_VALUES = {
    "sqlite": {
        "linked_theme_ids": """coalesce((SELECT group_concat(theme_id, ',') FROM (
            SELECT theme_id FROM recommendations_recommendation_themes
            WHERE recommendation_id = {id} ORDER BY theme_id)), '')""",
        "linked_goal_numbers": f"""coalesce((SELECT group_concat(number, ',') FROM (
            {_GOAL_NUMBERS} ORDER BY 1)), '')""",
    },
    "postgresql": {
        "linked_theme_ids": """coalesce((SELECT string_agg(theme_id::text, ',' ORDER BY theme_id)
            FROM recommendations_recommendation_themes WHERE recommendation_id = {id}), '')""",
        "linked_goal_numbers": f"""coalesce((SELECT string_agg(number::text, ',' ORDER BY number)
            FROM ({_GOAL_NUMBERS}) AS goals), '')""",
    },
}


def values_for(*, themes: Iterable, sdg_goals: Iterable, sdg_targets: Iterable) -> dict[str, str]:
    """The kept links of a recommendation with these links (objects), as the triggers
    would compute them: for new rows inserted with their links under `deferred`."""
    numbers = {goal.number for goal in sdg_goals} | {target.goal.number for target in sdg_targets}
    return {
        "linked_theme_ids": ",".join(str(pk) for pk in sorted({theme.pk for theme in themes})),
        "linked_goal_numbers": ",".join(str(number) for number in sorted(numbers)),
    }


def refresh(recommendation_ids: Iterable[int]) -> None:
    """Recompute the kept links of these recommendations from their link rows. On
    PostgreSQL the rows are locked first, so that the values are read after any other
    transaction changing them has finished."""
    ids = sorted(set(recommendation_ids))
    if not ids:
        return
    values = _VALUES[connection.vendor]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            assignments = ", ".join(
                f"{column} = {value.format(id='r.id')}" for column, value in values.items()
            )
            cursor.execute(
                f"SELECT 1 FROM {RECOMMENDATIONS} WHERE id = ANY(%s) ORDER BY id FOR UPDATE",
                [ids],
            )
            cursor.execute(
                f"UPDATE {RECOMMENDATIONS} r SET {assignments} WHERE r.id = ANY(%s)", [ids]
            )
        else:
            assignments = ", ".join(
                f"{column} = {value.format(id=f'{RECOMMENDATIONS}.id')}"
                for column, value in values.items()
            )
            cursor.execute(
                f"UPDATE {RECOMMENDATIONS} SET {assignments} "
                "WHERE id IN (SELECT value FROM json_each(%s))",
                [json.dumps(ids)],
            )


@contextmanager
def deferred(recommendation_ids: Iterable[int]) -> Iterator[None]:
    """Insert links inside: the triggers stand aside, and these recommendations (every one
    whose links the block changes) are refreshed in one statement on the way out. All in one
    transaction, so a failure leaves nothing behind, and other connections never see the
    triggers standing aside."""
    ids = list(recommendation_ids)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config('rectrack.linked_deferred', 'on', true)")
        else:
            cursor.execute("INSERT INTO recommendations_linked_deferred DEFAULT VALUES")
        yield
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config('rectrack.linked_deferred', 'off', true)")
        else:
            cursor.execute("DELETE FROM recommendations_linked_deferred")
        refresh(ids)
