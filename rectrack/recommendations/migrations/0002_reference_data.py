"""Seed the UPR, the UN treaty bodies, three regional bodies and the SDG framework."""

from django.db import migrations

from rectrack.recommendations.reference import reference_data_load


def seed(apps, schema_editor):
    reference_data_load(
        mechanism_model=apps.get_model("recommendations", "Mechanism"),
        goal_model=apps.get_model("recommendations", "SdgGoal"),
        target_model=apps.get_model("recommendations", "SdgTarget"),
    )


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
