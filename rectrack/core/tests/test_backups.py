"""`rectrack backup` and `rectrack restore`: a restored backup holds every record it held,
on SQLite and on PostgreSQL, and bad files or answers restore nothing."""

import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from rectrack.recommendations.models import Recommendation
from rectrack.recommendations.search import search_ids

pytestmark = pytest.mark.django_db(transaction=True)


def every_record() -> dict[str, int]:
    """Each table's row count (models without a table of their own, as django-rq's
    dashboard, have none to back up)."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.managed
    }


def test_a_restored_backup_holds_every_record_it_held(demo, tmp_path):
    before = every_record()
    assert before["recommendations.Recommendation"] == demo.total > 100
    kept = Recommendation.objects.order_by("pk").first()
    out = io.StringIO()
    path = tmp_path / "backup"
    call_command("backup", str(path), stdout=out)
    assert f"Backup written to {path}" in out.getvalue()

    # Afterwards: a recommendation changed, one deleted with its links, one added.
    Recommendation.objects.filter(pk=kept.pk).update(text="Overwritten after the backup.")
    Recommendation.objects.order_by("-pk").first().delete()
    Recommendation.objects.create(document=kept.document, text="Added after the backup.")
    assert every_record() != before

    call_command("restore", str(path), "--yes", stdout=out)
    assert every_record() == before
    restored = Recommendation.objects.get(pk=kept.pk)
    assert restored.text == kept.text
    assert not Recommendation.objects.filter(text__startswith="Added after").exists()
    word = max(kept.text.split(), key=len).strip(".,;:()")
    found = Recommendation.objects.filter(pk__in=search_ids(word))
    assert found.filter(pk=kept.pk).exists()  # the full-text index came back with the data
    assert not Recommendation.objects.filter(pk__in=search_ids("Overwritten")).exists()


def test_restore_asks_first_and_refuses_what_is_not_a_backup(demo, tmp_path, monkeypatch):
    path = tmp_path / "backup"
    call_command("backup", str(path), stdout=io.StringIO())
    count = Recommendation.objects.count()
    Recommendation.objects.order_by("-pk").first().delete()
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Nothing restored"):
        call_command("restore", str(path))
    assert Recommendation.objects.count() == count - 1
    fake = tmp_path / "notes.txt"
    fake.write_text("not a database")
    with pytest.raises(CommandError, match="notes.txt: not a Rectrack backup"):
        call_command("restore", str(fake), "--yes")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(path))
    assert Recommendation.objects.count() == count - 1
