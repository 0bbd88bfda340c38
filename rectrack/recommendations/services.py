"""Writes of documents, recommendations and taxonomy entries."""

import datetime
from collections.abc import Iterable
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.db.models import Model, QuerySet
from django.utils import timezone

from rectrack.accounts.permissions import is_coordinator
from rectrack.audit.models import AuditEntry
from rectrack.audit.services import audit_record, snapshot
from rectrack.core.errors import ApplicationError
from rectrack.core.text import label_key
from rectrack.institutions.models import Institution
from rectrack.recommendations.calendar import calendar
from rectrack.recommendations.models import (
    AffectedGroup,
    Cluster,
    Country,
    Document,
    Mechanism,
    Recommendation,
    SavedView,
    SdgGoal,
    SdgTarget,
    Theme,
    language_columns,
)

M = TypeVar("M", bound=Model)


def country_get_or_create(*, name: str, iso_code: str = "") -> Country:
    """States are matched by normalised name, so 'Viet Nam ' and 'viet nam' are one State."""
    country = Country.objects.filter(key=label_key(name)).first()
    return country or country_create(name=name, iso_code=iso_code)


def _insert_or_get(obj: M, **key) -> M:
    """Save a new row, or return the row a concurrent transaction has just saved under the same
    unique key (two imports naming one new State). The savepoint keeps the caller's
    transaction usable after the refused insert; PostgreSQL makes the insert wait until the
    other transaction ends, so the row it committed is there to be read."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        existing = type(obj).objects.filter(**key).first()
        if existing is None:
            raise
        return existing
    return obj


def country_create(*, name: str, iso_code: str = "", known_new: bool = False) -> Country:
    """A new State. `known_new`: the caller has just established that no State has this
    name's matching key (the importer holds every key in memory), so the uniqueness check is
    left to the database's own constraint; a State another import created meanwhile is
    returned instead."""
    country = Country(name=" ".join(name.split()), iso_code=iso_code)
    country.full_clean(validate_unique=not known_new)
    return _insert_or_get(country, key=label_key(country.name))


def theme_get_or_create(*, name: str, code: str = "", parent: Theme | None = None) -> Theme:
    """Themes are matched by normalised name; a known theme keeps its code and place."""
    theme = Theme.objects.filter(key=label_key(name)).first()
    return theme or theme_create(name=name, code=code, parent=parent)


def theme_create(
    *, name: str, code: str = "", parent: Theme | None = None, known_new: bool = False
) -> Theme:
    """A new theme (`known_new` as for country_create)."""
    theme = Theme(name=" ".join(name.split()), code=code, parent=parent)
    theme.full_clean(validate_unique=not known_new)
    return _insert_or_get(theme, key=label_key(theme.name))


def affected_group_get_or_create(*, name: str) -> AffectedGroup:
    """Affected groups are matched by normalised name."""
    group = AffectedGroup.objects.filter(key=label_key(name)).first()
    return group or affected_group_create(name=name)


def affected_group_create(*, name: str, known_new: bool = False) -> AffectedGroup:
    """A new affected group (`known_new` as for country_create)."""
    group = AffectedGroup(name=" ".join(name.split()))
    group.full_clean(validate_unique=not known_new)
    return _insert_or_get(group, key=label_key(group.name))


def mechanism_get_or_create(*, code: str, name: str, kind: str) -> Mechanism:
    """Mechanisms are identified by their short code; a known one keeps its name and kind."""
    mechanism = Mechanism.objects.filter(code=code.strip()).first()
    if mechanism is None:
        mechanism = Mechanism(code=code.strip(), name=name.strip(), kind=kind)
        mechanism.full_clean()
        mechanism = _insert_or_get(mechanism, code=mechanism.code)
    return mechanism


# The PostgreSQL advisory lock that takes turns at creating documents (pg_advisory_xact_lock).
DOCUMENT_CREATION_LOCK = 0x52454344


def _document_creation_lock() -> None:
    """A document without a symbol has no key the database could hold unique, so creating
    documents takes turns instead: on PostgreSQL a lock held until the transaction ends;
    SQLite lets one transaction write at a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [DOCUMENT_CREATION_LOCK])


def document_get_or_create(
    *,
    mechanism: Mechanism,
    country: Country | None,
    symbol: str = "",
    title: str = "",
    cycle: int | None = None,
    session: int | None = None,
    date: datetime.date | None = None,
    upr_review: bool = False,
) -> tuple[Document, bool]:
    """The document an import names: by mechanism and symbol, or without a symbol by
    mechanism, State under review, session and cycle; created (True) when none has that key,
    once even when two imports name it at the same time. A UPR review (`upr_review`) is
    first looked for by State and session whatever its symbol (upr_review_held), so that
    one import naming it by its session and another by its symbol, at the same time, make
    one document. No audit entry or status refresh: the importer records its documents and
    refreshes their reviews in bulk."""
    _document_creation_lock()
    symbol = symbol.strip()
    if upr_review and country is not None and session:
        held = upr_review_held(mechanism=mechanism, country=country, session=session)
        if held is not None:
            return held, False
    if symbol:
        key = {"mechanism": mechanism, "symbol": symbol}
    else:
        key = {"mechanism": mechanism, "symbol": "", "country": country}
        key.update(session=session, cycle=cycle)
    existing = Document.objects.filter(**key).order_by("pk").first()
    if existing is not None:
        return existing, False
    document = Document(
        mechanism=mechanism,
        country=country,
        symbol=symbol,
        title=title,
        cycle=cycle,
        session=session,
        date=date,
    )
    document.full_clean(validate_constraints=False)  # just looked up: none has this key
    saved = _insert_or_get(document, **key)
    return saved, saved is document


def upr_review_held(*, mechanism: Mechanism, country: Country, session: int) -> Document | None:
    """The document of a State's UPR review at a session: one whose session is that one, else
    one whose symbol names it (A/HRC/28/15: session 20, by the calendar); the oldest first."""
    documents = Document.objects.filter(mechanism=mechanism, country=country).order_by("pk")
    found = documents.filter(session=session).first()
    if found is not None:
        return found
    unnumbered = list(documents.filter(session__isnull=True).exclude(symbol=""))
    if not unnumbered:
        return None
    sessions = calendar()
    for document in unnumbered:
        named = sessions.for_symbol(document.symbol)
        if named is not None and named.number == session:
            return document
    return None


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
    documents_refresh_status(reviews=[(mechanism, country)])


def documents_refresh_status(
    *, reviews: Iterable[tuple[Mechanism, Country | None]]
) -> list[Document]:
    """document_refresh_status for many (mechanism, State) pairs in one read and one write
    (an import creates dozens of reviews at once). Returns the documents whose status changed,
    so an import can name the reviews it superseded."""
    wanted = {(mechanism.pk, country.pk if country else None) for mechanism, country in reviews}
    if not wanted:
        return []
    mechanisms = {mechanism for mechanism, _country in wanted}
    groups: dict[tuple, list[Document]] = {}
    for document in Document.objects.filter(mechanism_id__in=mechanisms):
        key = (document.mechanism_id, document.country_id)
        if key in wanted:
            groups.setdefault(key, []).append(document)
    changed = []
    now = timezone.now()
    for documents in groups.values():
        documents.sort(key=_review_order)
        for index, document in enumerate(documents):
            status = (
                Document.Status.CURRENT
                if index == len(documents) - 1
                else Document.Status.SUPERSEDED
            )
            if document.status != status:
                document.status, document.updated_at = status, now
                changed.append(document)
    Document.objects.bulk_update(changed, ["status", "updated_at"], batch_size=500)
    return changed


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
    user=None,
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
    audit_record(user=user, action=AuditEntry.Action.CREATE, obj=document)
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
    import_run: Model | None = None,  # the imports.ImportRun writing it (an app above)
    source_location: str = "",
    user=None,
) -> Recommendation:
    """Create one recommendation with its taxonomy links, validated, in one transaction,
    and record it in the audit trail."""
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
    audit_record(user=user, action=AuditEntry.Action.CREATE, obj=recommendation)
    return recommendation


def _require_coordinator(user) -> None:
    if not is_coordinator(user):
        raise PermissionDenied


@transaction.atomic
def names_in_languages_update(
    *, user, entry: Theme | AffectedGroup, names: dict[str, str]
) -> Theme | AffectedGroup:
    """A coordinator names a theme or an affected group in some of the six languages
    ({"fr": "Femmes", ...}; an empty name: the name as imported is shown). Only the
    languages given are written, onto the entry as it is now: a name someone else saved
    meanwhile in another language stays. Audited. The name as imported never changes:
    imports match it, and every name given here too."""
    _require_coordinator(user)
    columns = language_columns("translated_name")
    unknown = set(names) - set(columns)
    if unknown:
        raise ApplicationError(f"Unknown languages: {sorted(unknown)}")
    current = type(entry).objects.select_for_update().get(pk=entry.pk)
    written = [columns[code] for code in names]
    before = snapshot(current, written)
    for code, name in names.items():
        setattr(current, columns[code], name.strip())
    current.full_clean()
    current.save()
    audit_record(
        user=user,
        action=AuditEntry.Action.UPDATE,
        obj=current,
        before=before,
        after=snapshot(current, written),
    )
    return current


@transaction.atomic
def cluster_create(
    *,
    user,
    name: str,
    description: str = "",
    lead_institution: Institution | None = None,
    recommendations: Iterable[Recommendation] = (),
) -> Cluster:
    """A coordinator creates a cluster (optionally with its first members); audited."""
    _require_coordinator(user)
    cluster = Cluster(
        name=name.strip(), description=description.strip(), lead_institution=lead_institution
    )
    cluster.full_clean()
    cluster.save()
    audit_record(user=user, action=AuditEntry.Action.CREATE, obj=cluster)
    members = list(recommendations)
    if members:
        cluster_add_recommendations(user=user, cluster=cluster, recommendations=members)
    return cluster


@transaction.atomic
def cluster_update(
    *, user, cluster: Cluster, name: str, description: str, lead_institution: Institution | None
) -> Cluster:
    """A coordinator renames a cluster or changes its lead; audited."""
    _require_coordinator(user)
    before = snapshot(cluster)
    cluster.name, cluster.description = name.strip(), description.strip()
    cluster.lead_institution = lead_institution
    cluster.full_clean()
    cluster.save()
    audit_record(user=user, action=AuditEntry.Action.UPDATE, obj=cluster, before=before)
    return cluster


@transaction.atomic
def cluster_delete(*, user, cluster: Cluster) -> None:
    """Deleting a cluster unlinks its recommendations; they stay."""
    _require_coordinator(user)
    before = {**snapshot(cluster), "recommendations": _member_ids(cluster)}
    audit_record(user=user, action=AuditEntry.Action.DELETE, obj=cluster, before=before)
    cluster.delete()


def _member_ids(cluster: Cluster) -> list[int]:
    through = Recommendation.clusters.through.objects
    return sorted(through.filter(cluster=cluster).values_list("recommendation_id", flat=True))


@transaction.atomic
def cluster_add_recommendations(
    *, user, cluster: Cluster, recommendations: Iterable[Recommendation] | QuerySet
) -> int:
    """Add recommendations (e.g. every one matching a search) to a cluster in one insert;
    returns how many were new to it. The audit entry lists the members before and after."""
    _require_coordinator(user)
    if isinstance(recommendations, QuerySet):
        wanted = set(recommendations.prefetch_related(None).order_by().values_list("pk", flat=True))
    else:
        wanted = {recommendation.pk for recommendation in recommendations}
    before = _member_ids(cluster)
    new = sorted(wanted - set(before))
    through = Recommendation.clusters.through
    through.objects.bulk_create(
        [through(cluster_id=cluster.pk, recommendation_id=pk) for pk in new], batch_size=500
    )
    if new:
        audit_record(
            user=user,
            action=AuditEntry.Action.UPDATE,
            obj=cluster,
            before={"recommendations": before},
            after={"recommendations": sorted(before + new)},
        )
    return len(new)


@transaction.atomic
def cluster_remove_recommendation(
    *, user, cluster: Cluster, recommendation: Recommendation
) -> None:
    """Take one recommendation out of a cluster; audited."""
    _require_coordinator(user)
    before = _member_ids(cluster)
    if recommendation.pk not in before:
        raise ApplicationError("This recommendation is not in the cluster.")
    recommendation.clusters.remove(cluster)
    after = [pk for pk in before if pk != recommendation.pk]
    audit_record(
        user=user,
        action=AuditEntry.Action.UPDATE,
        obj=cluster,
        before={"recommendations": before},
        after={"recommendations": after},
    )


@transaction.atomic
def saved_view_save(*, user, name: str, query_string: str) -> SavedView:
    """Save the list's filters under a name; saving an existing name replaces its filters."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied
    view = SavedView.objects.filter(user=user, name=name.strip()).first()
    view = view or SavedView(user=user, name=name.strip())
    view.query_string = query_string
    view.full_clean()
    view.save()
    return view


def saved_view_delete(*, user, saved_view: SavedView) -> None:
    """Users delete only their own saved views."""
    if saved_view.user_id != getattr(user, "pk", None):
        raise PermissionDenied
    saved_view.delete()
