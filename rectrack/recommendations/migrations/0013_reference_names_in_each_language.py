"""The SDG goals' and targets' official titles in the six UN languages (data/sdg.json, from
open-sdg's translations) and the seeded mechanisms' names in each language. Themes and
affected groups keep the name they were imported with until someone names them."""

from django.db import migrations

from rectrack.recommendations.reference import reference_data_load


def seed(apps, schema_editor):
    reference_data_load(
        mechanism_model=apps.get_model("recommendations", "Mechanism"),
        goal_model=apps.get_model("recommendations", "SdgGoal"),
        target_model=apps.get_model("recommendations", "SdgTarget"),
    )


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0012_names_in_each_language")]
    # Unapplied, the columns go with 0012: nothing to undo here.
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
