"""Rectrack's export imports back without loss: everything the demo and the real files in
../shared/data hold, exported (every review, superseded ones included) and imported into an
empty database, gives back every recommendation with every source field: its text,
reference, section heading, position, type, date and UHRI id; its document's mechanism
(and the mechanism's kind), symbol, title, State, date, session and cycle; its recommending
States, themes (with their codes), affected groups, and the SDG goals and targets it is
linked to directly. Follow-up columns are export-only."""

import datetime
import io
import json
from collections import Counter

import pytest
from django.core.management import call_command

from rectrack.conftest import shared_file
from rectrack.imports.services import import_file
from rectrack.recommendations.models import (
    AffectedGroup,
    Country,
    Document,
    Mechanism,
    Recommendation,
    SdgGoal,
    SdgTarget,
    Theme,
)
from rectrack.recommendations.reference import MECHANISMS
from rectrack.recommendations.selectors import RecommendationFilters
from rectrack.recommendations.services import (
    affected_group_get_or_create,
    country_get_or_create,
    document_create,
    mechanism_get_or_create,
    recommendation_create,
    theme_get_or_create,
)
from rectrack.reports.exports import recommendations_export

pytestmark = pytest.mark.django_db(transaction=False)
SHARED = (
    "ohchr-thematic-lists/slovenia-upr20-2014.docx",
    "ohchr-thematic-lists/slovenia-upr34-2019.docx",
    "upr-info/upr-info-sessions-01-05.csv",
)


def every_source_field() -> Counter:
    """Each recommendation as the tuple of its source fields (a multiset: two recommendations
    may read the same)."""
    found = Counter()
    recommendations = Recommendation.objects.select_related(
        "document__mechanism", "document__country"
    ).prefetch_related(
        "recommending_countries", "themes", "affected_groups", "sdg_goals", "sdg_targets"
    )
    for rec in recommendations.iterator(chunk_size=2000):
        document = rec.document
        found[
            (
                rec.text,
                rec.reference,
                rec.heading,
                rec.position,
                rec.type,
                rec.date,
                rec.uhri_annotation_id,
                document.mechanism.code,
                document.mechanism.kind,
                document.symbol,
                document.title,
                document.country.name if document.country else None,
                document.date,
                document.session,
                document.cycle,
                tuple(sorted(c.name for c in rec.recommending_countries.all())),
                tuple(sorted((t.code, t.name) for t in rec.themes.all())),
                tuple(sorted(g.name for g in rec.affected_groups.all())),
                tuple(sorted(g.number for g in rec.sdg_goals.all())),
                tuple(sorted(t.code for t in rec.sdg_targets.all())),
            )
        ] += 1
    return found


def every_kind_and_type() -> None:
    """What the demo and the real files lack: a regional body's and another body's
    recommendations, an observation, names holding ";" and ",", a goal linked beside one of
    its own targets, a section heading and a document title."""
    state = country_get_or_create(name="Republic of Valdoria")
    regional = document_create(
        mechanism=Mechanism.objects.get(code="ECSR"),
        country=state,
        symbol="ECSR/Conclusions/2024/VLD",
        title="Conclusions 2024: Valdoria",
    )
    other = document_create(
        mechanism=mechanism_get_or_create(code="NHRC Valdoria", name="NHRC Valdoria", kind="other"),
        country=state,
        title="Annual report 2025",
    )
    recommendation_create(
        document=regional,
        reference="4§1",
        heading="Right to a fair remuneration",
        text="Raise the minimum wage to a decent level.",
        type=Recommendation.Type.OBSERVATION,
        themes=[theme_get_or_create(name="Work; decent conditions, pay", code="")],
        affected_groups=[affected_group_get_or_create(name="Workers, including migrants")],
        sdg_goals=[SdgGoal.objects.get(number=8)],
        sdg_targets=[SdgTarget.objects.get(code="8.5")],
    )
    recommendation_create(
        document=other,
        text="Publish the places of detention.",
        recommending_countries=[country_get_or_create(name="Bosnia and Herzegovina; Serbia")],
        themes=[theme_get_or_create(name="Conditions of detention", code="D26")],
    )


def wipe() -> None:
    """Back to an empty database: only the reference data stays."""
    from django.apps import apps

    for label in ("followup", "reports"):
        for model in reversed(list(apps.get_app_config(label).get_models())):
            model.objects.all().delete()
    Recommendation.objects.all().delete()
    Document.objects.all().delete()
    Theme.objects.update(parent=None)  # the hierarchy is the NMIRF's, not the source's
    for model in (Theme, AffectedGroup, Country):
        model.objects.all().delete()
    Mechanism.objects.exclude(code__in=[code for code, _kind, _names in MECHANISMS]).delete()


@pytest.mark.parametrize("via", ["services, xlsx", "commands, csv"])
def test_the_demo_and_the_real_files_come_back_whole_from_their_export(demo, viewer, via, tmp_path):
    for relative in SHARED:
        path = shared_file(relative)
        report = import_file(data=path.read_bytes(), file_name=path.name)
        assert report.errors == [], relative
    every_kind_and_type()
    before = every_source_field()
    count = sum(before.values())
    kinds = {row[8] for row in before}
    assert kinds == {"upr", "treaty_body", "special_procedure", "regional", "other"}
    assert {row[4] for row in before} == {"recommendation", "observation"}
    assert count > 6094 + 2 * 100  # UPR Info's rows, the two lists' and the demo's

    if via == "services, xlsx":
        everything = RecommendationFilters(include_superseded=True)
        exported = recommendations_export(user=viewer, filters=everything, format="xlsx")
        assert exported.rows == count
        wipe()
        assert Recommendation.objects.count() == 0
        report = import_file(data=exported.content, file_name=exported.file_name)
        assert report.errors == []
        assert (report.format, report.created, report.skipped) == ("rectrack", count, 0)
    else:  # `rectrack export` then `rectrack import`, as an administrator would
        path = tmp_path / "everything.csv"
        out = io.StringIO()
        call_command(
            "export", output=str(path), user=viewer.username, filters="superseded=on", stdout=out
        )
        assert f"{count} recommendations written" in out.getvalue()
        wipe()
        out = io.StringIO()
        call_command("import", str(path), as_json=True, stdout=out)
        report = json.loads(out.getvalue())
        found = report[0] if isinstance(report, list) else report
        assert (found["format"], found["created"], found["errors"]) == ("rectrack", count, [])
    assert every_source_field() == before


def test_an_export_in_any_language_imports_back_with_its_positions_and_types(viewer):
    """Rectrack's own labels of positions and types, in whichever language the export was
    written, are read back as the stored values."""
    every_kind_and_type()
    document = document_create(
        mechanism=Mechanism.objects.get(code="UPR"),
        country=country_get_or_create(name="Republic of Valdoria"),
        symbol="A/HRC/55/9",
        # as the session calendar dates it: the Council's 55th session adopted UPR 44's
        cycle=4,
        session=44,
        date=datetime.date(2023, 11, 6),
    )
    for number, position in enumerate(Recommendation.Position.values, start=1):
        recommendation_create(
            document=document,
            reference=f"134.{number}",
            text=f"Recommendation {number}.",
            position=position,
            recommending_countries=[country_get_or_create(name="Chile")],
        )
    before = every_source_field()
    assert {row[3] for row in before} == {"", *Recommendation.Position.values}
    everything = RecommendationFilters(include_superseded=True)
    exports = {
        language: recommendations_export(
            user=viewer, filters=everything, format="xlsx", language=language
        )
        for language in ("fr", "es", "ru", "ar", "zh-hans")
    }
    for language, exported in exports.items():
        wipe()
        report = import_file(data=exported.content, file_name=exported.file_name)
        assert (report.format, report.errors) == ("rectrack", []), language
        assert every_source_field() == before, language
