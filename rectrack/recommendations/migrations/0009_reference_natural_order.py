from django.db import migrations, models

import rectrack.recommendations.models
from rectrack.recommendations.models import reference_sort_key

TABLE = "recommendations_recommendation"


def add_reference_key(apps, schema_editor):
    """Add the column by hand (ALTER TABLE ... ADD COLUMN): Django would rebuild SQLite's
    table for a NOT NULL column, dropping the full-text triggers on it."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"ALTER TABLE {TABLE} ADD COLUMN reference_key varchar(255) NOT NULL DEFAULT ''"
        )


def fill_reference_keys(apps, schema_editor):
    """Give every recommendation already there its natural sort key."""
    Recommendation = apps.get_model("recommendations", "Recommendation")
    batch = []
    for pk, reference in Recommendation.objects.values_list("pk", "reference").iterator():
        key = reference_sort_key(reference)
        if key:
            batch.append(Recommendation(pk=pk, reference_key=key))
        if len(batch) >= 2000:
            Recommendation.objects.bulk_update(batch, ["reference_key"])
            batch = []
    Recommendation.objects.bulk_update(batch, ["reference_key"])


def drop_reference_key(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {TABLE} DROP COLUMN reference_key")


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0002_import_report"),
        ("recommendations", "0008_linked_summaries"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="recommendation",
                    name="reference_key",
                    field=models.CharField(
                        blank=True, default="", editable=False, max_length=255
                    ),
                ),
                # The same column: only the Python side (it keeps the sort key) changes.
                migrations.AlterField(
                    model_name="recommendation",
                    name="reference",
                    field=rectrack.recommendations.models.ReferenceField(
                        blank=True,
                        help_text="For example 121.1.",
                        max_length=50,
                        verbose_name="paragraph reference",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunPython(add_reference_key, drop_reference_key, elidable=False)
            ],
        ),
        migrations.RunPython(fill_reference_keys, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="recommendation",
            index=models.Index(
                fields=["reference_key", "id"], name="recommendation_reference_order"
            ),
        ),
    ]
