"""Load the UPR session calendar, every session held when data/upr_sessions.csv was written
(see recommendations/calendar.py)."""

from django.db import migrations

from rectrack.recommendations.calendar import upr_sessions_load, upr_sessions_reference


def load(apps, schema_editor):
    upr_sessions_load(
        rows=upr_sessions_reference(), model=apps.get_model("recommendations", "UprSession")
    )


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0015_upr_sessions")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
