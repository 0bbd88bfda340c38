"""Matching parsed rows to the database: mechanisms, States, documents, taxonomy entries and,
above all, the recommendation each row is (its identity).

A UPR review is one document whatever the source: it is known by the State under review and
the UPR session, which a working-group report's symbol names through the session calendar
(A/HRC/28/15 -> session 20), so the OHCHR list, UPR Info ("UPR session 20 Slovenia") and
UHRI land in one document; the calendar also dates a review no source dates. Other
documents are known by mechanism and symbol, or without one by mechanism, State, session and
cycle.

A recommendation's identity, in order: the UHRI annotation id; else the document and the
paragraph reference; else the document, the recommending States and the normalised text.
A row naming no paragraph (UPR Info) whose normalised text is that of a recommendation the
document holds from another source is that recommendation ("already held from ..."): its
recommending States are merged, and it is enriched, never rewritten.
"""

import collections
import dataclasses
import datetime
import functools
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from rectrack.core.text import label_key
from rectrack.imports import normalise
from rectrack.imports.models import ImportRun
from rectrack.imports.parsers.base import ParsedRecommendation, RowIssue
from rectrack.recommendations.calendar import calendar, review_date
from rectrack.recommendations.models import (
    AffectedGroup,
    AffectedGroupAlias,
    Country,
    Document,
    Mechanism,
    Recommendation,
    SdgGoal,
    SdgTarget,
    Theme,
    ThemeAlias,
)
from rectrack.recommendations.services import (
    affected_group_create,
    country_create,
    document_get_or_create,
    mechanism_get_or_create,
    theme_create,
)

LINK_FIELDS = ("recommending_countries", "themes", "affected_groups", "sdg_goals", "sdg_targets")
# Each link field's column for the other side, in its link table.
LINK_COLUMNS = {
    "recommending_countries": "country_id",
    "themes": "theme_id",
    "affected_groups": "affectedgroup_id",
    "sdg_goals": "sdggoal_id",
    "sdg_targets": "sdgtarget_id",
}
# Recommendations held already that an import keeps in memory to match rows to, by document:
# past this, the documents least recently matched are forgotten (and read again if a later
# row names them), so memory stays bounded whatever the size of the file or the database.
LOADED_LIMIT = 10_000


@dataclass
class ResolvedRow:
    row: ParsedRecommendation
    document: Document
    identity: tuple
    existing: Recommendation | None
    links: dict[str, list] = field(default_factory=dict)  # LINK_FIELDS -> model objects
    existing_links: dict[str, set[int]] = field(default_factory=dict)  # the ids linked now
    held_from: str = ""  # the other source the existing recommendation came from
    absorbed: list[Recommendation] = field(default_factory=list)  # held twice: to merge in
    kept_twice: list[Recommendation] = field(default_factory=list)  # ... but with follow-up
    outcome: str = ""  # created / updated / unchanged, set by the writer
    created: Recommendation | None = None  # the new row, once written
    changes: list[dict] = field(default_factory=list)  # what an update changed


def _document_key(document: Document) -> tuple:
    """How rows name a document: by mechanism and symbol, or, without a symbol, by mechanism,
    State under review, session and cycle."""
    if document.symbol:
        return (document.mechanism_id, document.symbol)
    return (document.mechanism_id, document.country_id, document.session, document.cycle)


def _field_limit(name: str) -> int:
    return Recommendation._meta.get_field(name).max_length


class Matcher:
    """Resolves rows one by one, caching every lookup for the length of one import."""

    def __init__(self, *, run: ImportRun):
        self.run = run
        self._mechanisms = {m.code.casefold(): m for m in Mechanism.objects.all()}
        # A mechanism, theme or group is known by its code and by its name as imported or
        # in any language: a French list's "Femmes" is the theme named so in French.
        for mechanism in list(self._mechanisms.values()):
            for name in mechanism.names():
                self._mechanisms.setdefault(label_key(name), mechanism)
        self._goals = {str(goal.number): goal for goal in SdgGoal.objects.all()}
        self._targets = {target.code: target for target in SdgTarget.objects.select_related("goal")}
        # Every known label by its matching key, in three queries: rows then look them up
        # in memory, and only a label the database lacks costs a write.
        self._countries: dict[str, Country] = {c.key: c for c in Country.objects.all()}
        self._country_keys = {country.pk: key for key, country in self._countries.items()}
        self._links: dict[int, dict[str, set[int]]] = {}  # recommendation -> field -> ids
        self._themes_by_key: dict[str, Theme] = {}
        self._themes_by_code: dict[str, Theme] = {}
        for theme in Theme.objects.all():
            self._themes_by_key[theme.key] = theme
            for name in theme.names():
                self._themes_by_key.setdefault(label_key(name), theme)
            if theme.code:
                self._themes_by_code.setdefault(theme.code.casefold(), theme)
        # a theme or group merged into another (recommendations.taxonomy) lands on it
        for alias in ThemeAlias.objects.select_related("theme"):
            self._themes_by_key.setdefault(alias.key, alias.theme)
        self._themes: dict[str, Theme] = {}
        self._groups: dict[str, AffectedGroup] = {}
        for group in AffectedGroup.objects.all():
            self._groups[group.key] = group
        for group in list(self._groups.values()):
            for name in group.names():
                self._groups.setdefault(label_key(name), group)
        for group_alias in AffectedGroupAlias.objects.select_related("group"):
            self._groups.setdefault(group_alias.key, group_alias.group)
        self._calendar = calendar()
        self._documents: dict[tuple, Document] = {}
        self._reviews: dict[tuple, Document] = {}  # UPR reviews by State and session
        self._documents_dated: list[Document] = []
        self._completed: set[int] = set()  # documents _complete has seen in this import
        for document in Document.objects.select_related("mechanism"):  # thousands at most
            self._documents.setdefault(_document_key(document), document)
            key = self._review_key(document.mechanism, document.country_id, document)
            if key:
                self._reviews.setdefault(key, document)
        self._created_documents: list[Document] = []
        # The documents whose recommendations are loaded, least recently matched first, each
        # with its recommendations; their recommendations by reference, by States and
        # text key, and by text key alone, per document.
        self._loaded: collections.OrderedDict[int, list[Recommendation]] = collections.OrderedDict()
        self._loaded_count = 0
        self._uhri_loaded: dict[str, Recommendation] = {}  # the loaded, by annotation id
        self._by_uhri: dict[str, Recommendation] = {}  # this batch's, by annotation id
        # this batch's read by annotation id, by document: not read again with their document
        self._preloaded: dict[int, list[Recommendation]] = {}
        self._by_reference: dict[int, dict[str, list[Recommendation]]] = {}
        self._by_text: dict[int, dict[tuple, Recommendation]] = {}
        self._by_text_only: dict[int, dict[str, list[Recommendation]]] = {}
        self._sources: dict[int | None, tuple[str, str]] = {None: ("", "")}  # run -> source
        self._origin: dict[int, int | None] = {}  # recommendation -> its run when first read
        self._new: dict[str, list[str]] = {}

    # -- taxonomy and documents ---------------------------------------------------------
    def _note_new(self, kind: str, name: str) -> None:
        self._new.setdefault(kind, []).append(name)

    def new_entries(self) -> dict[str, list[str]]:
        return self._new

    def documents_created(self) -> list[Document]:
        return self._created_documents

    def mechanism(self, name: str) -> Mechanism:
        name = name.strip() or "UPR"
        for key in (name.casefold(), label_key(name)):
            if key in self._mechanisms:
                return self._mechanisms[key]
        kind = (
            Mechanism.Kind.SPECIAL_PROCEDURE
            if normalise.is_special_procedure(name)
            else Mechanism.Kind.OTHER
        )
        mechanism = mechanism_get_or_create(code=name[:40], name=name, kind=kind)
        self._mechanisms[name.casefold()] = mechanism
        self._note_new("mechanisms", name)
        return mechanism

    def country(self, name: str) -> Country:
        key = label_key(name)
        if key not in self._countries:
            self._countries[key] = country_create(name=name, known_new=True)
            self._country_keys[self._countries[key].pk] = self._countries[key].key
            self._note_new("states", self._countries[key].name)
        return self._countries[key]

    def theme(self, name: str, code: str) -> Theme:
        """A theme by its UHRI code when the source gives one, else by normalised name."""
        key = f"code:{code.casefold()}" if code else label_key(name)
        if key not in self._themes:
            theme = self._themes_by_code.get(code.casefold()) if code else None
            if theme is None:
                theme = self._themes_by_key.get(label_key(name))
            if theme is None:
                theme = theme_create(name=name, code=code, known_new=True)
                self._themes_by_key[theme.key] = theme
                self._note_new("themes", str(theme))
            self._themes[key] = theme
        return self._themes[key]

    def group(self, name: str) -> AffectedGroup:
        key = label_key(name)
        if key not in self._groups:
            self._groups[key] = affected_group_create(name=name, known_new=True)
            self._note_new("affected groups", self._groups[key].name)
        return self._groups[key]

    def documents_dated(self) -> list[Document]:
        """Documents held already that this import gave a symbol or a date."""
        return self._documents_dated

    def upr_session(self, *, symbol: str, session: int | None) -> int | None:
        """The UPR session a row or document names: its own, else its symbol's."""
        if session:
            return session
        found = self._calendar.for_symbol(symbol) if symbol else None
        return found.number if found else None

    def _review_key(self, mechanism: Mechanism, country_id, source) -> tuple | None:
        """A UPR review's key (State under review, session), from a row or a document."""
        if mechanism.kind != Mechanism.Kind.UPR or not country_id:
            return None
        symbol = getattr(source, "document_symbol", None) or getattr(source, "symbol", "")
        session = self.upr_session(symbol=symbol.strip(), session=source.session)
        return (mechanism.pk, country_id, session) if session else None

    def review_date(self, *, session: int | None) -> datetime.date | None:
        found = self._calendar.session(session) if session else None
        return review_date(found) if found else None

    def document(self, row: ParsedRecommendation, mechanism: Mechanism) -> Document:
        country = self.country(row.country) if row.country else None
        symbol = row.document_symbol.strip()
        review = self._review_key(mechanism, country and country.pk, row)
        key = (
            (mechanism.pk, symbol)
            if symbol
            else (mechanism.pk, country and country.pk, row.session, row.cycle)
        )
        document = (self._reviews.get(review) if review else None) or self._documents.get(key)
        if document is None:
            session = review[2] if review else row.session
            document, created = document_get_or_create(
                mechanism=mechanism,
                country=country,
                symbol=symbol,
                title=row.document_title[: Document._meta.get_field("title").max_length],
                cycle=row.cycle or (normalise.upr_cycle(session) if review else None),
                session=session,
                date=row.document_date or (self.review_date(session=session) if review else None),
                upr_review=bool(review),
            )
            if created:  # new: no recommendations to match yet
                self._loaded[document.pk] = []
                self._created_documents.append(document)
                self._completed.add(document.pk)
                self._note_new("documents", str(document))
        symbol_lacking = review and symbol and not document.symbol
        if document.pk not in self._completed or symbol_lacking:
            self._completed.add(document.pk)
            self._complete(document, row=row, review=review)
        self._documents[key] = document
        if review:
            self._reviews.setdefault(review, document)
        return document

    def _complete(self, document: Document, *, row: ParsedRecommendation, review) -> None:
        """A document held already gets what it lacks, from the first row naming it: a UPR
        review the symbol a second source names, its session, and its date (the source's,
        else the calendar's); any other document the source's date. Nothing is replaced."""
        symbol = row.document_symbol.strip()
        changed = []
        free = review and symbol and not document.symbol
        if free and self._symbol_free(document.mechanism_id, symbol):
            document.symbol = symbol
            changed.append("symbol")
        if review and not document.session:
            document.session = review[2]
            changed.append("session")
        if not document.date:
            document.date = row.document_date or (
                self.review_date(session=review[2]) if review else None
            )
            if document.date:
                changed.append("date")
        if changed:
            document.save(update_fields=[*changed, "updated_at"])
            self._documents_dated.append(document)
            self._documents.setdefault(_document_key(document), document)

    def _symbol_free(self, mechanism_id: int, symbol: str) -> bool:
        return not Document.objects.filter(mechanism_id=mechanism_id, symbol=symbol).exists()

    # -- recommendations ------------------------------------------------------------------
    def preload(self, rows: list[ParsedRecommendation]) -> None:
        """Fetch the recommendations a batch's annotation ids name that no loaded document
        holds, in one query per 500; the previous batch's are forgotten (a later row naming
        one reads it again)."""
        loaded = {r.pk for rs in self._loaded.values() for r in rs} if self._by_uhri else ()
        for recommendation in self._by_uhri.values():
            if recommendation.pk not in loaded:
                self._links.pop(recommendation.pk, None)
        self._by_uhri, self._preloaded = {}, {}
        missing = []
        for row in rows:
            if row.uhri_annotation_id:
                found = self._uhri_loaded.get(row.uhri_annotation_id)
                if found is None:
                    missing.append(row.uhri_annotation_id)
                else:
                    self._by_uhri[row.uhri_annotation_id] = found
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            for recommendation in self._load(
                Recommendation.objects.filter(uhri_annotation_id__in=chunk)
            ):
                self._by_uhri[recommendation.uhri_annotation_id] = recommendation
                self._preloaded.setdefault(recommendation.document_id, []).append(recommendation)

    def _load(self, queryset) -> list[Recommendation]:
        """The recommendations and the ids they link to: one query per link table, read as
        plain ids (Django's prefetching builds a manager per object, which cost seconds)."""
        recommendations = list(queryset)
        for recommendation in recommendations:
            self._links[recommendation.pk] = {name: set() for name in LINK_FIELDS}
            self._origin.setdefault(recommendation.pk, recommendation.import_run_id)
        if recommendations:
            for name in LINK_FIELDS:
                through = getattr(Recommendation, name).through.objects
                pairs = through.filter(recommendation_id__in=queryset.values("pk")).values_list(
                    "recommendation_id", LINK_COLUMNS[name]
                )
                for pk, other in pairs:
                    self._links[pk][name].add(other)
            self._learn_countries(recommendations)
        return recommendations

    def _learn_countries(self, recommendations: list[Recommendation]) -> None:
        """States linked to recommendations a concurrent import wrote after this one read the
        States: known by their keys too, so those recommendations can be matched."""
        linked = {
            pk
            for recommendation in recommendations
            for pk in self._links[recommendation.pk]["recommending_countries"]
        }
        for country in Country.objects.filter(pk__in=linked - set(self._country_keys)):
            self._countries.setdefault(country.key, country)
            self._country_keys[country.pk] = country.key

    def _load_document(self, document: Document) -> None:
        if document.pk in self._loaded:
            self._loaded.move_to_end(document.pk)
            return
        preloaded = self._preloaded.pop(document.pk, [])
        rest = Recommendation.objects.filter(document=document)
        if preloaded:  # read already by their annotation ids: the others only
            rest = rest.exclude(pk__in=[recommendation.pk for recommendation in preloaded])
        recommendations = preloaded + self._load(rest)
        self._loaded[document.pk] = recommendations
        self._loaded_count += len(recommendations)
        for recommendation in recommendations:
            self._index(recommendation, document)
        self._forget_beyond(LOADED_LIMIT, keep=document.pk)

    def _forget_beyond(self, limit: int, *, keep: int) -> None:
        """Forget the documents least recently matched while more than `limit`
        recommendations are loaded; never the one being matched."""
        uhri = {recommendation.pk for recommendation in self._by_uhri.values()}  # this batch's
        while self._loaded_count > limit and len(self._loaded) > 1:
            pk, recommendations = next(iter(self._loaded.items()))
            if pk == keep:
                self._loaded.move_to_end(pk)
                continue
            del self._loaded[pk]
            self._loaded_count -= len(recommendations)
            for name in ("_by_reference", "_by_text", "_by_text_only"):
                getattr(self, name).pop(pk, None)
            for recommendation in recommendations:
                annotation = recommendation.uhri_annotation_id
                if annotation and self._uhri_loaded.get(annotation) is recommendation:
                    del self._uhri_loaded[annotation]
                if recommendation.pk not in uhri:
                    self._links.pop(recommendation.pk, None)

    def _index(self, recommendation: Recommendation, document: Document) -> None:
        if recommendation.uhri_annotation_id:
            self._uhri_loaded[recommendation.uhri_annotation_id] = recommendation
        if recommendation.reference:
            by_reference = self._by_reference.setdefault(document.pk, {})
            by_reference.setdefault(recommendation.reference, []).append(recommendation)
        linked = self._links[recommendation.pk]["recommending_countries"]
        states = frozenset(self._country_keys[pk] for pk in linked)
        text = label_key(recommendation.text)
        self._by_text.setdefault(document.pk, {})[(states, text)] = recommendation
        self._by_text_only.setdefault(document.pk, {}).setdefault(text, []).append(recommendation)

    def source_of(self, recommendation: Recommendation) -> tuple[str, str]:
        """(format, file name) of the import that brought a recommendation; ("", "") for
        one entered in Rectrack. As it was when this import first read it: an earlier batch
        that enriched it names this import, and a later row must still find it held."""
        run_id = self._origin.get(recommendation.pk, recommendation.import_run_id)
        if run_id not in self._sources:
            found = ImportRun.objects.filter(pk=run_id).values_list("format", "file_name")
            self._sources[run_id] = found.first() or ("", "")
        return self._sources[run_id]

    def _from_elsewhere(self, recommendation: Recommendation) -> bool:
        """Brought by another format of source (or entered by hand), not this one's."""
        return self.source_of(recommendation)[0] != self.run.format

    def _held(self, document: Document, row: ParsedRecommendation, states: frozenset, text: str):
        """A recommendation the document holds from another source with the row's normalised
        text, when one of the two names no paragraph: the one whose recommending States
        include the row's (UPR Info's row per State of a joint recommendation), else those
        whose States the row's include (the joint one arriving after its rows: the first is
        the match, the rest are the same recommendation held twice). (match, held twice)."""
        candidates = [
            recommendation
            for recommendation in self._by_text_only.get(document.pk, {}).get(text, [])
            if (not row.reference or not recommendation.reference)
            and self._from_elsewhere(recommendation)
        ]
        keys = {c.pk: self._states_of(c) for c in candidates}
        wider = [c for c in candidates if states <= keys[c.pk]]
        if wider:
            return wider[0], []
        narrower = [c for c in candidates if keys[c.pk] <= states]
        return (narrower[0], narrower[1:]) if narrower else (None, [])

    def _states_of(self, recommendation: Recommendation) -> frozenset:
        linked = self._links[recommendation.pk]["recommending_countries"]
        return frozenset(self._country_keys[pk] for pk in linked)

    def resolve(self, row: ParsedRecommendation) -> ResolvedRow | RowIssue:
        """The row's document, taxonomy links and existing recommendation (if any)."""
        issue = _check(row)
        if issue:
            return issue
        links: dict[str, list] = {name: [] for name in LINK_FIELDS}
        for code in row.sdg_codes:
            if code in self._targets:
                links["sdg_targets"].append(self._targets[code])
            elif code in self._goals:
                links["sdg_goals"].append(self._goals[code])
            else:
                return RowIssue(row.location, "SDGs", f"{code} is not an SDG goal or target.")
        mechanism = self.mechanism(row.mechanism)
        document = self.document(row, mechanism)
        self._load_document(document)
        links["recommending_countries"] = _unique(self.country(n) for n in row.recommending_states)
        links["themes"] = _unique(self.theme(t.name, t.code) for t in row.themes)
        links["affected_groups"] = _unique(self.group(name) for name in row.affected_groups)
        states = frozenset(c.key for c in links["recommending_countries"])
        text = label_key(row.text)
        text_key = (document.pk, states, text)
        reference_key = (document.pk, row.reference)
        existing = self._by_uhri.get(row.uhri_annotation_id) if row.uhri_annotation_id else None
        if existing is None and row.reference and document.symbol:
            candidates = self._by_reference.get(document.pk, {}).get(row.reference, [])
            existing = candidates[0] if len(candidates) == 1 else None
        if existing is None:
            existing = self._by_text.get(document.pk, {}).get((states, text))
        absorbed: list[Recommendation] = []
        if existing is None:
            existing, absorbed = self._held(document, row, states, text)
        held_from = ""
        if existing is not None and self._from_elsewhere(existing):
            held_from = self.source_of(existing)[1] or str(_("entered in Rectrack"))
        if row.uhri_annotation_id:
            identity = ("uhri", row.uhri_annotation_id)
        elif held_from and not row.reference:
            identity = ("held", existing.pk)  # several rows may be one joint recommendation
        elif row.reference and document.symbol:
            identity = ("reference", *reference_key)
        else:
            identity = ("text", *text_key)
        return ResolvedRow(
            row=row,
            document=document,
            identity=identity,
            existing=existing,
            links=links,
            existing_links=self._links.get(existing.pk, {}) if existing else {},
            held_from=held_from,
            absorbed=absorbed,
        )


# What a row's parsed fields are called when two rows of one identity differ in them.
FIELD_NAMES = {
    "text": _("text"),
    "reference": _("paragraph reference"),
    "heading": _("section heading"),
    "mechanism": _("mechanism"),
    "document_symbol": _("document symbol"),
    "document_title": _("title"),
    "document_date": _("date"),
    "country": _("State under review"),
    "cycle": _("UPR cycle"),
    "session": _("session"),
    "recommending_states": _("recommending States"),
    "position": _("position of the State"),
    "type": _("type"),
    "themes": _("themes"),
    "affected_groups": _("affected groups"),
    "sdg_codes": _("SDGs"),
    "uhri_annotation_id": _("UHRI annotation id"),
    "source_of_position": _("source of the position"),
    "lead_institution": _("lead institution"),
    "supporting_institutions": _("supporting institutions"),
    # a format's own columns (ParsedRecommendation.extra), where the key is no header's name
    "upr_info_action": _("action category (UPR Info)"),
}


def differences(row: ParsedRecommendation, first: ParsedRecommendation) -> list[str]:
    """The parsed fields in which a row differs from an earlier row of the same identity,
    named for people; none when the row repeats the earlier one exactly (real exports
    repeat rows, and a repeated row is one recommendation)."""
    found = []
    for item in dataclasses.fields(ParsedRecommendation):
        name = item.name
        if name in ("location", "extra") or getattr(row, name) == getattr(first, name):
            continue
        found.append(str(FIELD_NAMES.get(name, name)))
    for key in sorted({*row.extra, *first.extra}):
        if row.extra.get(key) != first.extra.get(key):
            found.append(str(FIELD_NAMES.get(key, key)))  # a format's own column
    return found


def _unique(items) -> list:
    seen, result = set(), []
    for item in items:
        if item.pk not in seen:
            seen.add(item.pk)
            result.append(item)
    return result


@functools.cache
def _limits() -> tuple[dict[str, tuple[str, int]], set[str], set[str], int]:
    """The column limits and accepted values _check applies, read once from the models."""
    columns = {
        "reference": "Reference",
        "heading": "Heading",
        "uhri_annotation_id": "Annotation id",
    }
    return (
        {name: (column, _field_limit(name)) for name, column in columns.items()},
        {"", *Recommendation.Position.values},
        {"", *Recommendation.Type.values},
        Document._meta.get_field("symbol").max_length,
    )


def _check(row: ParsedRecommendation) -> RowIssue | None:
    """Field rules the database would refuse, reported per row before anything is written."""
    if not row.text.strip():
        return RowIssue(row.location, "Text", "the recommendation has no text.")
    limits, positions, types, symbol_limit = _limits()
    for name, (column, limit) in limits.items():
        if len(getattr(row, name) or "") > limit:
            return RowIssue(row.location, column, f"longer than {limit} characters.")
    if row.position not in positions:
        return RowIssue(row.location, "Position", f"unknown position {row.position!r}.")
    if row.type not in types:
        return RowIssue(row.location, "Type", f"unknown type {row.type!r}.")
    if len(row.document_symbol) > symbol_limit:
        return RowIssue(row.location, "Document symbol", f"longer than {symbol_limit} characters.")
    return None
