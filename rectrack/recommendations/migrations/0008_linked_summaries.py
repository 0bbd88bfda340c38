"""Each recommendation carries, in two columns kept by database triggers, the ids of its
themes and the numbers of its SDG goals (linked directly or through a target), sorted and
comma-separated. Dashboards and facet counts group the recommendations by them, reading
one index, instead of joining a quarter of a million link rows to their recommendations
(see rectrack.recommendations.linked).

The triggers recompute a recommendation's column from its link rows after every insert,
update and delete of a link, whoever makes it (forms, imports, bulk edits, deleting a theme,
the admin, a shell). SQLite's are row triggers; PostgreSQL's are statement triggers over the
rows the statement changed, which first lock the recommendations they rewrite, so that two
transactions linking the same recommendation at once cannot leave it with either's links
only. The application never writes the columns (Recommendation.save leaves them out).

A bulk insert of links may defer the work to one statement at its end (see
rectrack.recommendations.linked.deferred). The triggers stand aside while a row sits in
recommendations_linked_deferred on SQLite (one writer at a time), or while the transaction's
own setting rectrack.linked_deferred is 'on' on PostgreSQL (no other transaction sees it).

The SQL is written out here, not imported, so this migration never changes with the code."""

from django.db import migrations, models

RECOMMENDATIONS = "recommendations_recommendation"
THEME_LINKS = "recommendations_recommendation_themes"
GOAL_LINKS = "recommendations_recommendation_sdg_goals"
TARGET_LINKS = "recommendations_recommendation_sdg_targets"

# The goal numbers of one recommendation ({id}), direct links and links through targets.
GOAL_NUMBERS = f"""SELECT g.number AS number FROM {GOAL_LINKS} l
    JOIN recommendations_sdggoal g ON g.id = l.sdggoal_id WHERE l.recommendation_id = {{id}}
    UNION SELECT g.number FROM {TARGET_LINKS} l
    JOIN recommendations_sdgtarget t ON t.id = l.sdgtarget_id
    JOIN recommendations_sdggoal g ON g.id = t.goal_id WHERE l.recommendation_id = {{id}}"""
SQLITE_VALUES = {
    "linked_theme_ids": f"""coalesce((SELECT group_concat(theme_id, ',') FROM (
        SELECT theme_id FROM {THEME_LINKS} WHERE recommendation_id = {{id}}
        ORDER BY theme_id)), '')""",
    "linked_goal_numbers": f"""coalesce((SELECT group_concat(number, ',') FROM (
        {GOAL_NUMBERS} ORDER BY 1)), '')""",
}
PG_VALUES = {
    "linked_theme_ids": f"""coalesce((SELECT string_agg(theme_id::text, ',' ORDER BY theme_id)
        FROM {THEME_LINKS} WHERE recommendation_id = {{id}}), '')""",
    "linked_goal_numbers": f"""coalesce((SELECT string_agg(number::text, ',' ORDER BY number)
        FROM ({GOAL_NUMBERS}) AS goals), '')""",
}
# Link table -> the column it feeds.
LINKS = {
    THEME_LINKS: "linked_theme_ids",
    GOAL_LINKS: "linked_goal_numbers",
    TARGET_LINKS: "linked_goal_numbers",
}
EVENTS = ("insert", "update", "delete")
DEFERRED = "recommendations_linked_deferred"


def _sqlite_forward() -> list[str]:
    statements = []
    for table, column in LINKS.items():
        for event in EVENTS:
            rows = {"insert": ["NEW"], "update": ["OLD", "NEW"], "delete": ["OLD"]}[event]
            updates = "".join(
                f"UPDATE {RECOMMENDATIONS} SET {column} = "
                f"{SQLITE_VALUES[column].format(id=f'{row}.recommendation_id')} "
                f"WHERE id = {row}.recommendation_id;\n"
                for row in rows
            )
            statements.append(
                f"CREATE TRIGGER {table}_linked_{event} AFTER {event.upper()} ON {table}\n"
                f"WHEN NOT EXISTS (SELECT 1 FROM {DEFERRED})\n"
                f"BEGIN\n{updates}END"
            )
    return statements


def _pg_forward() -> list[str]:
    statements = []
    for column in sorted(set(LINKS.values())):
        value = PG_VALUES[column].format(id="r.id")
        rewrite = """PERFORM 1 FROM {table} WHERE id IN (SELECT recommendation_id FROM {rows})
                ORDER BY id FOR UPDATE;
            UPDATE {table} r SET {column} = {value}
                WHERE r.id IN (SELECT recommendation_id FROM {rows});"""
        statements.append(
            f"""CREATE FUNCTION {RECOMMENDATIONS}_{column}() RETURNS trigger AS $$
            BEGIN
                IF current_setting('rectrack.linked_deferred', true) = 'on' THEN
                    RETURN NULL;
                END IF;
                IF TG_OP <> 'DELETE' THEN
                    {rewrite.format(table=RECOMMENDATIONS, rows="new_links", column=column, value=value)}
                END IF;
                IF TG_OP <> 'INSERT' THEN
                    {rewrite.format(table=RECOMMENDATIONS, rows="old_links", column=column, value=value)}
                END IF;
                RETURN NULL;
            END $$ LANGUAGE plpgsql"""
        )
    transitions = {
        "insert": "NEW TABLE AS new_links",
        "update": "OLD TABLE AS old_links NEW TABLE AS new_links",
        "delete": "OLD TABLE AS old_links",
    }
    for table, column in LINKS.items():
        for event in EVENTS:
            statements.append(
                f"CREATE TRIGGER {table}_linked_{event} AFTER {event.upper()} ON {table} "
                f"REFERENCING {transitions[event]} FOR EACH STATEMENT "
                f"EXECUTE FUNCTION {RECOMMENDATIONS}_{column}()"
            )
    return statements


def forward(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        statements, values, table = _sqlite_forward(), SQLITE_VALUES, RECOMMENDATIONS
    elif connection.vendor == "postgresql":
        statements, values, table = _pg_forward(), PG_VALUES, f"{RECOMMENDATIONS} r"
    else:
        return
    row_id = "r.id" if connection.vendor == "postgresql" else f"{RECOMMENDATIONS}.id"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"CREATE TABLE {DEFERRED} (id INTEGER PRIMARY KEY)")
        for column in values:
            cursor.execute(
                f"ALTER TABLE {RECOMMENDATIONS} ADD COLUMN {column} text NOT NULL DEFAULT ''"
            )
        # Every recommendation's columns as its links stand now, then the triggers.
        assignments = ", ".join(
            f"{column} = {value.format(id=row_id)}" for column, value in values.items()
        )
        cursor.execute(f"UPDATE {table} SET {assignments}")
        for sql in statements:
            cursor.execute(sql)


def backward(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor not in ("sqlite", "postgresql"):
        return
    on = "" if connection.vendor == "sqlite" else " ON {table}"
    with connection.cursor() as cursor:
        for table in LINKS:
            for event in EVENTS:
                cursor.execute(
                    f"DROP TRIGGER IF EXISTS {table}_linked_{event}{on.format(table=table)}"
                )
        for column in sorted(set(LINKS.values())):
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP FUNCTION IF EXISTS {RECOMMENDATIONS}_{column}()")
            cursor.execute(f"ALTER TABLE {RECOMMENDATIONS} DROP COLUMN {column}")
        cursor.execute(f"DROP TABLE IF EXISTS {DEFERRED}")


LINKED_FIELDS = [
    migrations.AddField(
        model_name="recommendation",
        name="linked_theme_ids",
        field=models.TextField(default="", editable=False),
    ),
    migrations.AddField(
        model_name="recommendation",
        name="linked_goal_numbers",
        field=models.TextField(default="", editable=False),
    ),
]


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0007_list_indexes")]

    operations = [
        # The columns are added by hand (ALTER TABLE ... ADD COLUMN): Django would rebuild
        # SQLite's table for a NOT NULL column, dropping the full-text triggers on it.
        migrations.SeparateDatabaseAndState(
            state_operations=LINKED_FIELDS,
            database_operations=[migrations.RunPython(forward, backward, elidable=False)],
        ),
        migrations.RemoveIndex(model_name="recommendation", name="recommendation_facts"),
        migrations.AddIndex(
            model_name="recommendation",
            index=models.Index(
                fields=[
                    "document",
                    "position",
                    "implementation_status",
                    "linked_theme_ids",
                    "linked_goal_numbers",
                ],
                name="recommendation_facts",
            ),
        ),
    ]
