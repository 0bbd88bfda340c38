"""Names in each language (django-modeltranslation's columns, rectrack/recommendations/
translation.py): translated_name_ar ... translated_name_zh_hans on mechanisms, themes and
affected groups; the titles and short titles of SDG goals and targets likewise.

The columns are added by hand (ALTER TABLE ... ADD COLUMN): for a column with a default,
Django would rebuild SQLite's tables, and the goals' and targets' tables are read by the
triggers of migration 0008, which a rebuild breaks."""

from django.db import migrations, models

LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh_hans")
# model -> (field, SQL type, field as the model declares it)
FIELDS = {
    "mechanism": [("translated_name", "varchar(255)", models.CharField, {"max_length": 255, "verbose_name": "name"})],
    "theme": [("translated_name", "varchar(255)", models.CharField, {"max_length": 255, "verbose_name": "name"})],
    "affectedgroup": [("translated_name", "varchar(255)", models.CharField, {"max_length": 255, "verbose_name": "name"})],
    "sdggoal": [
        ("translated_title", "text", models.TextField, {"verbose_name": "title"}),
        ("translated_short_title", "varchar(100)", models.CharField, {"max_length": 100, "verbose_name": "short title"}),
    ],
    "sdgtarget": [("translated_title", "text", models.TextField, {"verbose_name": "title"})],
}


def _columns():
    """(table, column, SQL type, nullable): modeltranslation's unsuffixed column (NOT NULL,
    like the field it mirrors) and one nullable column per language."""
    for model, fields in FIELDS.items():
        for name, sql_type, _field, _options in fields:
            yield f"recommendations_{model}", name, sql_type, False
            for language in LANGUAGES:
                yield f"recommendations_{model}", f"{name}_{language}", sql_type, True


def add_columns(apps, schema_editor):
    quote = schema_editor.quote_name
    with schema_editor.connection.cursor() as cursor:
        for table, column, sql_type, nullable in _columns():
            null = "NULL" if nullable else "NOT NULL DEFAULT ''"
            cursor.execute(f"ALTER TABLE {quote(table)} ADD COLUMN {quote(column)} {sql_type} {null}")


def drop_columns(apps, schema_editor):
    quote = schema_editor.quote_name
    with schema_editor.connection.cursor() as cursor:
        for table, column, _sql_type, _nullable in _columns():
            cursor.execute(f"ALTER TABLE {quote(table)} DROP COLUMN {quote(column)}")


def _state_operations():
    for model, fields in FIELDS.items():
        for name, _sql_type, field, options in fields:
            yield migrations.AddField(
                model_name=model, name=name, field=field(blank=True, default="", **options)
            )
            for language in LANGUAGES:
                yield migrations.AddField(
                    model_name=model,
                    name=f"{name}_{language}",
                    field=field(blank=True, default="", null=True, **options),
                )


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0011_verbose_names")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=list(_state_operations()),
            database_operations=[migrations.RunPython(add_columns, drop_columns)],
        )
    ]
