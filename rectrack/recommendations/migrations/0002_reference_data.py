"""Seed the UPR, the UN treaty bodies, three regional bodies and the SDG framework."""

from django.db import migrations

from rectrack.recommendations.reference import MECHANISMS, sdg_reference


def seed(apps, schema_editor):
    Mechanism = apps.get_model("recommendations", "Mechanism")
    SdgGoal = apps.get_model("recommendations", "SdgGoal")
    SdgTarget = apps.get_model("recommendations", "SdgTarget")
    for code, name, kind in MECHANISMS:
        Mechanism.objects.get_or_create(code=code, defaults={"name": name, "kind": kind})
    sdg = sdg_reference()
    goals = {}
    for goal in sdg["goals"]:
        goals[goal["number"]], _ = SdgGoal.objects.update_or_create(
            number=goal["number"],
            defaults={"title": goal["title"], "short_title": goal["short_title"]},
        )
    for target in sdg["targets"]:
        SdgTarget.objects.update_or_create(
            code=target["code"],
            defaults={
                "goal": goals[target["goal"]],
                "order": target["order"],
                "title": target["title"],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
