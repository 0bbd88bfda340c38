"""`createsuperuser` makes an administrator (RectrackUserManager). Superusers it made before,
left with the default Viewer role (no Imports link, a 403 on the upload page), become
administrators too; a superuser given another role on purpose keeps it."""

from django.db import migrations

import rectrack.accounts.models


def superusers_to_administrators(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.filter(is_superuser=True, role="viewer").update(role="administrator")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_verbose_names"),
    ]

    operations = [
        migrations.AlterModelManagers(
            name="user",
            managers=[
                ("objects", rectrack.accounts.models.RectrackUserManager()),
            ],
        ),
        migrations.RunPython(superusers_to_administrators, migrations.RunPython.noop),
    ]
