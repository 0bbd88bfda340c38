"""Writes of documents, recommendations and taxonomy entries."""

import datetime
from collections.abc import Iterable

from django.db import transaction

from rectrack.core.text import label_key
from rectrack.imports.models import ImportRun
from rectrack.recommendations.models import (
    AffectedGroup,
    Cluster,
    Country,
    Document,
    Mechanism,
    Recommendation,
    SdgGoal,
    SdgTarget,
    Theme,
)


def country_get_or_create(*, name: str, iso_code: str = "") -> Country:
    """States are matched by normalised name, so 'Viet Nam ' and 'viet nam' are one State."""
    country = Country.objects.filter(key=label_key(name)).first()
    if country is None:
        country = Country(name=" ".join(name.split()), iso_code=iso_code)
        country.full_clean()
        country.save()
    return country


def theme_get_or_create(*, name: str, code: str = "", parent: Theme | None = None) -> Theme:
    """Themes are matched by normalised name; a known theme keeps its code and place."""
    theme = Theme.objects.filter(key=label_key(name)).first()
    if theme is None:
        theme = Theme(name=" ".join(name.split()), code=code, parent=parent)
        theme.full_clean()
        theme.save()
    return theme


def affected_group_get_or_create(*, name: str) -> AffectedGroup:
    """Affected groups are matched by normalised name."""
    group = AffectedGroup.objects.filter(key=label_key(name)).first()
    if group is None:
        group = AffectedGroup(name=" ".join(name.split()))
        group.full_clean()
        group.save()
    return group


def mechanism_get_or_create(*, code: str, name: str, kind: str) -> Mechanism:
    """Mechanisms are identified by their short code; a known one keeps its name and kind."""
    mechanism = Mechanism.objects.filter(code=code.strip()).first()
    if mechanism is None:
        mechanism = Mechanism(code=code.strip(), name=name.strip(), kind=kind)
        mechanism.full_clean()
        mechanism.save()
    return mechanism


def cluster_get_or_create(*, name: str, description: str = "") -> Cluster:
    """Clusters are identified by their name; a known one keeps its description."""
    cluster = Cluster.objects.filter(name=name.strip()).first()
    if cluster is None:
        cluster = Cluster(name=name.strip(), description=description.strip())
        cluster.full_clean()
        cluster.save()
    return cluster


def _review_order(document: Document) -> tuple:
    return (
        document.date or datetime.date.min,
        document.cycle or 0,
        document.session or 0,
        document.pk,
    )


def document_refresh_status(*, mechanism: Mechanism, country: Country | None) -> None:
    """Only the latest review of a State by a mechanism is current; earlier ones are superseded
    (their recommendations stay, hidden from lists unless asked for)."""
    documents = sorted(
        Document.objects.filter(mechanism=mechanism, country=country), key=_review_order
    )
    for index, document in enumerate(documents):
        status = (
            Document.Status.CURRENT if index == len(documents) - 1 else Document.Status.SUPERSEDED
        )
        if document.status != status:
            document.status = status
            document.save(update_fields=["status", "updated_at"])


@transaction.atomic
def document_create(
    *,
    mechanism: Mechanism,
    country: Country | None,
    symbol: str = "",
    title: str = "",
    cycle: int | None = None,
    session: int | None = None,
    date: datetime.date | None = None,
) -> Document:
    """Record a new review or document; a later review supersedes the earlier ones."""
    document = Document(
        mechanism=mechanism,
        country=country,
        symbol=symbol.strip(),
        title=title.strip(),
        cycle=cycle,
        session=session,
        date=date,
    )
    document.full_clean()
    document.save()
    document_refresh_status(mechanism=mechanism, country=country)
    document.refresh_from_db(fields=["status"])
    return document


@transaction.atomic
def recommendation_create(
    *,
    document: Document,
    text: str,
    reference: str = "",
    heading: str = "",
    position: str = "",
    type: str = Recommendation.Type.RECOMMENDATION,
    date: datetime.date | None = None,
    uhri_annotation_id: str | None = None,
    recommending_countries: Iterable[Country] = (),
    themes: Iterable[Theme] = (),
    affected_groups: Iterable[AffectedGroup] = (),
    sdg_goals: Iterable[SdgGoal] = (),
    sdg_targets: Iterable[SdgTarget] = (),
    clusters: Iterable[Cluster] = (),
    import_run: ImportRun | None = None,
    source_location: str = "",
) -> Recommendation:
    """Create one recommendation with its taxonomy links, validated, in one transaction."""
    recommendation = Recommendation(
        document=document,
        text=text.strip(),
        reference=reference.strip(),
        heading=heading.strip(),
        position=position,
        type=type,
        date=date or document.date,
        uhri_annotation_id=uhri_annotation_id or None,
        import_run=import_run,
        source_location=source_location,
    )
    recommendation.full_clean()
    recommendation.save()
    links = {
        recommendation.recommending_countries: recommending_countries,
        recommendation.themes: themes,
        recommendation.affected_groups: affected_groups,
        recommendation.sdg_goals: sdg_goals,
        recommendation.sdg_targets: sdg_targets,
        recommendation.clusters: clusters,
    }
    for manager, values in links.items():
        values = list(values)
        if values:  # a new row has no links: only add what there is
            manager.add(*values)
    return recommendation
