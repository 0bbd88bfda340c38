"""Mechanisms, their documents, the recommendations they issue, and the taxonomies that
cluster them (themes, affected groups, SDG goals and targets, user-defined clusters)."""

import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.query_utils import DeferredAttribute
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation import settings as translation_settings
from modeltranslation.utils import build_localized_fieldname

from rectrack.core.choices import ImplementationStatus
from rectrack.core.models import TimeStampedModel
from rectrack.core.text import label_key


class KeyedLabel(TimeStampedModel):
    """A named taxonomy entry matched by its normalised name (see core.text.label_key)."""

    name = models.CharField(_("name"), max_length=255)
    key = models.CharField(_("matching key"), max_length=255, unique=True, editable=False)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.key = label_key(self.name)

    def save(self, *args, **kwargs) -> None:
        # The key is the name's normal form, not a rule: it must never drift from the name.
        self.key = label_key(self.name)
        super().save(*args, **kwargs)


class NamedInEachLanguage(models.Model):
    """A name per language beside `name`, the one imported or seeded, which imports match
    and write. django-modeltranslation adds translated_name_ar ... translated_name_zh_hans
    (translation.py); `translated_name` reads the active language's. Pages, exports and the
    API show `display_name`: the active language's name, else `name`."""

    translated_name = models.CharField(_("name"), max_length=255, blank=True, default="")

    class Meta:
        abstract = True

    @property
    def display_name(self) -> str:
        return self.translated_name or self.name

    def names(self) -> set[str]:
        """Every name it goes by: as imported and in each language."""
        return {self.name, *self.names_by_language().values()} - {""}

    def names_by_language(self) -> dict[str, str]:
        """{"ar": ..., "en": ..., ...}: its name in each language ("" where it has none)."""
        return {
            language: getattr(self, column) or ""
            for language, column in language_columns("translated_name").items()
        }


def language_columns(field: str) -> dict[str, str]:
    """{language: column}: the columns holding `field` in each of the six languages, as
    django-modeltranslation names them."""
    return {
        language: build_localized_fieldname(field, language)
        for language in translation_settings.AVAILABLE_LANGUAGES
    }


def translated_columns(field: str) -> list[str]:
    """The columns holding `field` in each language."""
    return list(language_columns(field).values())


class Mechanism(NamedInEachLanguage, TimeStampedModel):
    """A body that issues recommendations: the UPR, a treaty body, a special procedure
    mandate, a regional body."""

    class Kind(models.TextChoices):
        UPR = "upr", _("Universal Periodic Review")
        TREATY_BODY = "treaty_body", _("Treaty body")
        SPECIAL_PROCEDURE = "special_procedure", _("Special procedure")
        REGIONAL = "regional", _("Regional body")
        OTHER = "other", _("Other")

    code = models.CharField(
        _("short code"), max_length=40, unique=True, help_text=_("For example UPR, CCPR, CEDAW.")
    )
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    next_report_due = models.DateField(_("next report due"), null=True, blank=True)
    next_review_date = models.DateField(_("next review"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("mechanism")
        verbose_name_plural = _("mechanisms")

    def __str__(self) -> str:
        return self.code


class Country(KeyedLabel):
    """A State: one under review, or one making UPR recommendations."""

    iso_code = models.CharField(_("ISO 3166 code"), max_length=3, blank=True)

    class Meta(KeyedLabel.Meta):
        verbose_name = _("State")
        verbose_name_plural = _("States")


class Document(TimeStampedModel):
    """A mechanism's output that recommendations came in: a UPR working-group report, a
    treaty body's concluding observations, a special procedure's country visit report."""

    class Status(models.TextChoices):
        CURRENT = "current", _("Current")
        SUPERSEDED = "superseded", _("Superseded")

    mechanism = models.ForeignKey(
        Mechanism, verbose_name=_("mechanism"), on_delete=models.PROTECT, related_name="documents"
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("State under review"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    symbol = models.CharField(
        _("document symbol"), max_length=100, blank=True, help_text=_("For example A/HRC/43/15.")
    )
    title = models.CharField(_("title"), max_length=255, blank=True)
    cycle = models.PositiveSmallIntegerField(_("UPR cycle"), null=True, blank=True)
    session = models.PositiveSmallIntegerField(_("session"), null=True, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CURRENT
    )

    class Meta:
        ordering = ["-date", "mechanism__code", "symbol"]
        verbose_name = _("review or document")
        verbose_name_plural = _("reviews and documents")
        indexes = [
            # The recommendations list is ordered newest document first: read the documents
            # in that order and the first page needs no sort of every recommendation.
            models.Index(fields=["-date", "id"], name="document_newest_first"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["mechanism", "symbol"],
                condition=~Q(symbol=""),
                name="document_symbol_unique_per_mechanism",
            )
        ]

    def __str__(self) -> str:
        if self.symbol:
            return self.symbol
        if self.title:
            return self.title
        parts = [self.mechanism.code]
        if self.session:
            parts.append(str(_("session %(number)s") % {"number": self.session}))
        if self.country_id:
            parts.append(str(self.country))
        return " ".join(parts)

    @property
    def is_current(self) -> bool:
        return self.status == self.Status.CURRENT


class Theme(NamedInEachLanguage, KeyedLabel):
    """A human rights theme; themes nest (e.g. 'Rights of the child' > 'Juvenile justice')."""

    code = models.CharField(
        _("code"), max_length=20, blank=True, help_text=_("UHRI code, for example A12.")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("broader theme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta(KeyedLabel.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return f"{self.code} {self.display_name}" if self.code else self.display_name


class AffectedGroup(NamedInEachLanguage, KeyedLabel):
    """A group of persons a recommendation concerns (women, children, migrants ...)."""

    class Meta(KeyedLabel.Meta):
        verbose_name = _("affected group")
        verbose_name_plural = _("affected groups")

    def __str__(self) -> str:
        return self.display_name


class SdgGoal(models.Model):
    """One of the 17 Sustainable Development Goals (reference data shipped with Rectrack):
    `title` and `short_title` in English, and in each of the six languages (translated_title_ar
    ..., translation.py), shown by `display_title` and `display_short_title`."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=255)
    short_title = models.CharField(_("short title"), max_length=100)
    # Some languages' official titles are longer than the English ones.
    translated_title = models.TextField(_("title"), blank=True, default="")
    translated_short_title = models.CharField(
        _("short title"), max_length=100, blank=True, default=""
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("SDG goal")
        verbose_name_plural = _("SDG goals")

    def __str__(self) -> str:
        return f"{self.number}. {self.display_short_title}"

    @property
    def display_title(self) -> str:
        return self.translated_title or self.title

    @property
    def display_short_title(self) -> str:
        return self.translated_short_title or self.short_title


class SdgTarget(models.Model):
    """One of the 169 SDG targets, coded as officially: 1.1 ... 17.19, letters included (1.a)."""

    goal = models.ForeignKey(
        SdgGoal, verbose_name=_("goal"), on_delete=models.PROTECT, related_name="targets"
    )
    code = models.CharField(_("code"), max_length=8, unique=True)
    order = models.PositiveSmallIntegerField(_("order within goal"))
    title = models.TextField(_("title"))
    translated_title = models.TextField(_("title"), blank=True, default="")

    class Meta:
        ordering = ["goal__number", "order"]
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")

    def __str__(self) -> str:
        return self.code

    @property
    def display_title(self) -> str:
        """The target's title in the active language (English where it has none)."""
        return self.translated_title or self.title


class Cluster(TimeStampedModel):
    """A user-defined group of similar recommendations, worked on together."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    description = models.TextField(_("description"), blank=True)
    lead_institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("lead institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_clusters",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("recommendations:cluster-detail", args=[self.pk])


NUMBER_RUN = re.compile(r"(\d+)")
REFERENCE_KEY_LENGTH = 255


def reference_sort_key(reference: str) -> str:
    """A paragraph reference as a key that sorts as people read it: every run of digits is
    padded to 8, so "121.2" sorts before "121.10" in any database, from an index."""
    key = NUMBER_RUN.sub(lambda match: match.group(1)[-8:].zfill(8), reference.strip().lower())
    return key[:REFERENCE_KEY_LENGTH]


class _ReferenceAttribute(DeferredAttribute):
    """Setting a recommendation's reference also sets its sort key, so every way a row is
    written (save, bulk inserts, bulk updates listing both) keeps the two together."""

    def __set__(self, instance, value) -> None:
        instance.__dict__[self.field.attname] = value
        instance.__dict__["reference_key"] = reference_sort_key(value or "")


class ReferenceField(models.CharField):
    descriptor_class = _ReferenceAttribute


class Recommendation(TimeStampedModel):
    """One recommendation (or concluding observation) addressed to the State."""

    class Position(models.TextChoices):
        SUPPORTED = "supported", _("Supported")
        NOTED = "noted", _("Noted")
        PARTIALLY_SUPPORTED = "partially_supported", _("Partially supported")
        PENDING = "pending", _("Pending")

    class Type(models.TextChoices):
        RECOMMENDATION = "recommendation", _("Recommendation")
        OBSERVATION = "observation", _("Concluding observation or concern")

    class ActionCategory(models.IntegerChoices):
        """UPR Info's scale of the action a recommendation asks of the State, from 1 (least)
        to 5 (a specific action)."""

        MINIMAL = 1, _("1 – Minimal action")
        CONTINUING = 2, _("2 – Continuing action")
        CONSIDERING = 3, _("3 – Considering action")
        GENERAL = 4, _("4 – General action")
        SPECIFIC = 5, _("5 – Specific action")

    document = models.ForeignKey(
        Document,
        verbose_name=_("review or document"),
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    reference = ReferenceField(
        _("paragraph reference"), max_length=50, blank=True, help_text=_("For example 121.1.")
    )
    # Kept from the reference by ReferenceField (natural order: 121.2 before 121.10).
    reference_key = models.CharField(
        _("order of the reference"),
        max_length=REFERENCE_KEY_LENGTH,
        default="",
        blank=True,
        editable=False,
    )
    heading = models.CharField(_("section heading"), max_length=255, blank=True)
    text = models.TextField(_("text"))
    recommending_countries = models.ManyToManyField(
        Country,
        verbose_name=_("recommending States"),
        blank=True,
        related_name="recommendations_made",
    )
    position = models.CharField(
        _("position of the State"), max_length=20, choices=Position.choices, blank=True
    )
    type = models.CharField(
        _("type"), max_length=20, choices=Type.choices, default=Type.RECOMMENDATION
    )
    date = models.DateField(_("date"), null=True, blank=True)
    action_category = models.PositiveSmallIntegerField(
        _("action category (UPR Info)"),
        choices=ActionCategory.choices,
        null=True,
        blank=True,
        help_text=_("UPR Info's category of the action asked, from 1 (minimal) to 5 (specific)."),
    )
    uhri_annotation_id = models.CharField(
        _("UHRI annotation id"), max_length=64, null=True, blank=True, unique=True
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="recommendations"
    )
    affected_groups = models.ManyToManyField(
        AffectedGroup,
        verbose_name=_("affected groups"),
        blank=True,
        related_name="recommendations",
    )
    sdg_goals = models.ManyToManyField(
        SdgGoal, verbose_name=_("SDG goals"), blank=True, related_name="recommendations"
    )
    sdg_targets = models.ManyToManyField(
        SdgTarget, verbose_name=_("SDG targets"), blank=True, related_name="recommendations"
    )
    clusters = models.ManyToManyField(
        Cluster, verbose_name=_("clusters"), blank=True, related_name="recommendations"
    )
    import_run = models.ForeignKey(
        "imports.ImportRun",
        verbose_name=_("imported by run"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendations",
    )
    implementation_status = models.CharField(
        _("implementation status"),
        max_length=24,
        choices=ImplementationStatus.choices,
        default=ImplementationStatus.NO_INFORMATION,
        editable=False,
        help_text=_("From the latest approved progress update."),
    )
    source_location = models.CharField(
        _("place in the source file"),
        max_length=100,
        blank=True,
        help_text=_("Row or paragraph of the imported file, for example 'row 12'."),
    )
    # The ids of the recommendation's themes and the numbers of its SDG goals (direct or
    # through a target), sorted and comma-separated, for grouping without joins: kept by
    # the database's triggers on the link tables (migration 0008), never written here.
    linked_theme_ids = models.TextField(_("themes (kept for search)"), default="", editable=False)
    linked_goal_numbers = models.TextField(
        _("SDG goals (kept for search)"), default="", editable=False
    )
    KEPT_BY_DATABASE = ("linked_theme_ids", "linked_goal_numbers")

    class Meta:
        ordering = ["-document__date", "document_id", "id"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        indexes = [
            models.Index(fields=["document", "reference"], name="recommendation_doc_ref"),
            models.Index(fields=["position"], name="recommendation_position"),
            models.Index(fields=["reference_key", "id"], name="recommendation_reference_order"),
            models.Index(fields=["implementation_status"], name="recommendation_status"),
            # The list's filters, facets and dashboards read these columns of many rows:
            # from this narrow index, never from the wide rows (text) themselves.
            models.Index(
                fields=[
                    "document",
                    "position",
                    "implementation_status",
                    "linked_theme_ids",
                    "linked_goal_numbers",
                ],
                name="recommendation_facts",
            ),
        ]

    def save(self, *args, **kwargs):
        """Saving a recommendation read before leaves the columns the database keeps alone,
        whatever this instance holds of them (links may have changed since it was read)."""
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in self.KEPT_BY_DATABASE
            ]
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        label = f"{self.document} {self.reference}".strip()
        return label or self.text[:60]

    def get_absolute_url(self) -> str:
        return reverse("recommendations:detail", args=[self.pk])

    @property
    def mechanism(self) -> Mechanism:
        return self.document.mechanism

    @property
    def linked_sdg_goals(self) -> list[SdgGoal]:
        """Goals linked directly or through one of the recommendation's targets."""
        goals = {goal.pk: goal for goal in self.sdg_goals.all()}
        goals.update((target.goal.pk, target.goal) for target in self.sdg_targets.all())
        return sorted(goals.values(), key=lambda goal: goal.number)


class SavedView(TimeStampedModel):
    """A user's named set of list filters, kept as the list's query string."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="saved_views",
    )
    name = models.CharField(_("name"), max_length=120)
    query_string = models.CharField(_("filters"), max_length=2000, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="saved_view_name_unique_per_user")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        url = reverse("recommendations:list")
        return f"{url}?{self.query_string}" if self.query_string else url


class Alias(TimeStampedModel):
    """Another name an entry goes by: the label of an entry merged into it (taxonomy.py),
    which later imports of any source land on."""

    name = models.CharField(_("name"), max_length=255)
    key = models.CharField(_("matching key"), max_length=255, unique=True, editable=False)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.key = label_key(self.name)
        super().save(*args, **kwargs)


class ThemeAlias(Alias):
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.CASCADE, related_name="aliases"
    )

    class Meta(Alias.Meta):
        verbose_name = _("other name of a theme")
        verbose_name_plural = _("other names of themes")


class AffectedGroupAlias(Alias):
    group = models.ForeignKey(
        AffectedGroup,
        verbose_name=_("affected group"),
        on_delete=models.CASCADE,
        related_name="aliases",
    )

    class Meta(Alias.Meta):
        verbose_name = _("other name of an affected group")
        verbose_name_plural = _("other names of affected groups")


class UprSession(TimeStampedModel):
    """A session of the UPR Working Group and the regular Human Rights Council session that
    adopts its outcome reports, whose symbols it carries (A/HRC/<hrc_session>/...).
    Reference data (data/upr_sessions.csv, calendar.py) that administrators extend."""

    number = models.PositiveSmallIntegerField(
        _("UPR session"), unique=True, help_text=_("The Working Group's session: 1, 2, ...")
    )
    cycle = models.PositiveSmallIntegerField(_("UPR cycle"))
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    hrc_session = models.PositiveSmallIntegerField(
        _("Human Rights Council session"),
        help_text=_(
            "The regular session that adopts the outcomes of this session's reviews; their "
            "reports' symbols start with its number, as A/HRC/28/ for UPR session 20."
        ),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("UPR session")
        verbose_name_plural = _("UPR sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1) & Q(cycle__gte=1) & Q(hrc_session__gte=1),
                name="upr_session_numbers_from_one",
                violation_error_message=_("Sessions and cycles are numbered from 1."),
            ),
            models.CheckConstraint(
                condition=Q(start__lte=models.F("end")),
                name="upr_session_ends_after_it_starts",
                violation_error_message=_("A session cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return str(
            _("UPR session %(number)s (%(dates)s)")
            % {"number": self.number, "dates": upr_session_dates(self.start, self.end)}
        )


def upr_session_dates(start, end) -> str:
    """A session's days, as "7–18 Apr 2008" or "27 Oct–7 Nov 2014": the month and the year
    written once where both days share them, month names in the active language."""
    from django.utils.formats import date_format

    if (start.year, start.month) == (end.year, end.month):
        first = date_format(start, "j")
    elif start.year == end.year:
        first = date_format(start, "j M")
    else:
        first = date_format(start, "j M Y")
    return f"{first}–{date_format(end, 'j M Y')}"
