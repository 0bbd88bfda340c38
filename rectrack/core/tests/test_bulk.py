"""Bulk inserts on the import path: the rows arrive exactly as the ORM would have written
them, conflicts are skipped only when asked, and the whole chunk goes in one statement."""

import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone

from rectrack.audit.models import AuditEntry
from rectrack.core import bulk
from rectrack.recommendations.models import Recommendation
from rectrack.recommendations.services import theme_get_or_create
from rectrack.recommendations.tests.factories import make_document, make_recommendation

pytestmark = pytest.mark.django_db


def test_values_are_converted_by_their_fields_json_and_times_included(admin):
    at = timezone.now().replace(microsecond=0)
    changes = {"text": ['old "quoted" text', "new — text"], "n": [1, None]}
    rows = [(at, admin.pk, "update", "recommendations.recommendation", "7", "A/HRC/1 1.1", changes)]
    columns = ("at", "user_id", "action", "model", "object_id", "object_repr", "changes")
    bulk.insert_rows(AuditEntry, columns, rows)
    entry = AuditEntry.objects.get(object_id="7")
    assert (entry.at, entry.user, entry.object_repr) == (at, admin, "A/HRC/1 1.1")
    assert entry.changes == changes


def test_conflicting_rows_are_skipped_only_when_asked():
    recommendation = make_recommendation()
    theme = theme_get_or_create(name="Torture")
    through = Recommendation.themes.through
    pairs = [(recommendation.pk, theme.pk)]
    bulk.insert_rows(through, ("recommendation_id", "theme_id"), pairs, ignore_conflicts=True)
    bulk.insert_rows(through, ("recommendation_id", "theme_id"), pairs, ignore_conflicts=True)
    assert list(recommendation.themes.all()) == [theme]
    with pytest.raises(IntegrityError):
        bulk.insert_rows(through, ("recommendation_id", "theme_id"), pairs)


def test_objects_get_their_defaults_and_one_timestamp_per_statement():
    document = make_document()
    objects = [
        Recommendation(document=document, reference=f"1.{n}", text=f"Text {n}", date=None)
        for n in range(3)
    ]
    bulk.insert_objects(objects)
    saved = list(Recommendation.objects.filter(document=document).order_by("pk"))
    assert [r.reference for r in saved] == ["1.0", "1.1", "1.2"]
    assert {r.implementation_status for r in saved} == {Recommendation().implementation_status}
    assert {r.type for r in saved} == {Recommendation.Type.RECOMMENDATION}
    assert len({(r.created_at, r.updated_at) for r in saved}) == 1
    assert abs(saved[0].created_at - timezone.now()) < datetime.timedelta(minutes=1)


def test_a_chunk_is_one_statement(monkeypatch):
    recommendation = make_recommendation()
    themes = [theme_get_or_create(name=f"Theme {n}") for n in range(5)]
    monkeypatch.setattr(bulk, "CHUNK", 2)
    statements = []
    execute = bulk._execute
    monkeypatch.setattr(
        bulk,
        "_execute",
        lambda cursor, sql, rows: statements.append(len(rows)) or execute(cursor, sql, rows),
    )
    through = Recommendation.themes.through
    bulk.insert_rows(
        through, ("recommendation_id", "theme_id"), [(recommendation.pk, t.pk) for t in themes]
    )
    assert recommendation.themes.count() == 5
    assert statements == [2, 2, 1]  # 5 rows in chunks of 2: three statements
