import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from rectrack.recommendations.models import Mechanism, SdgTarget


def test_models_and_migrations_agree(db):
    # Exits non-zero (SystemExit) if a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_migrations_unapply_and_reapply_with_their_reference_data():
    call_command("migrate", "recommendations", "zero", verbosity=0)
    tables = connection.introspection.table_names()
    assert "recommendations_recommendation" not in tables
    call_command("migrate", verbosity=0)
    assert Mechanism.objects.filter(code="CEDAW").exists()
    assert SdgTarget.objects.count() == 169
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
