"""The recommendation picker of the action, indicator and update request forms: recommendations
are chosen by reference, text or document, never by internal numbers. The chosen ones are
ticked checkboxes named `recommendations`; a search box suggests more (as the user types with
htmx, or with its button without JavaScript) and references can be typed ("140.218, 140.220").
Which recommendations a user may pick is decided by the recommendations' own selector."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.forms.utils import ErrorDict
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from rectrack.core.widgets import FastSelect
from rectrack.recommendations.models import Document, Recommendation
from rectrack.recommendations.search import recommendation_search
from rectrack.recommendations.selectors import RecommendationFilters, recommendation_list

PICKER_RESULTS = 20
SEPARATORS = re.compile(r"[\s,;]+")
# The buttons that change the picker without saving the form.
PICKER_BUTTONS = ("picker_search", "picker_add")


def split_list(text: str) -> list[str]:
    """'12, 15 18;20' -> ['12', '15', '18', '20'], without repeats."""
    return list(dict.fromkeys(part for part in SEPARATORS.split(text.strip()) if part))


def _pickable(user, *, include_superseded: bool = False) -> QuerySet[Recommendation]:
    filters = RecommendationFilters(include_superseded=include_superseded)
    return recommendation_list(user=user, filters=filters)


def recommendation_pick_search(*, user, query: str, exclude=()) -> list[Recommendation]:
    """Up to PICKER_RESULTS current recommendations this user may see for a picker's query:
    those whose reference is the query or starts with it first, then those of a document
    with that symbol, then full-text matches of the text."""
    query = " ".join(query.split())
    if not query:
        return []
    qs = _pickable(user).exclude(pk__in=list(exclude))
    by_reference = qs.filter(
        Q(reference__iexact=query)
        | Q(reference__istartswith=query)
        | Q(document__symbol__iexact=query)
    ).order_by("document__symbol", "reference", "pk")
    found = list(by_reference[:PICKER_RESULTS])
    exact = [rec for rec in found if rec.reference.lower() == query.lower()]
    found = exact + [rec for rec in found if rec not in exact]
    if len(found) < PICKER_RESULTS:
        more = recommendation_search(qs.exclude(pk__in=[rec.pk for rec in found]), query)
        found += list(more[: PICKER_RESULTS - len(found)])
    return found


def recommendation_pick_ticked(*, user, ids: list[int]) -> list[Recommendation]:
    """The suggestions already ticked, kept while the user searches on (any the user may see)."""
    if not ids:
        return []
    qs = _pickable(user, include_superseded=True).filter(pk__in=ids)
    return list(qs.order_by("document__symbol", "reference", "pk"))


def recommendations_by_reference(
    *, user, references: list[str], document: Document | None = None
) -> tuple[list[Recommendation], dict[str, list[Recommendation]], list[str]]:
    """Typed references resolved among the current recommendations this user may see (of one
    document if given): the single matches, the references found in several documents with
    their candidates (for the user to pick, never guessed), and the references not found."""
    qs = _pickable(user)
    if document is not None:
        qs = qs.filter(document=document)
    matches: dict[str, list[Recommendation]] = {ref.lower(): [] for ref in references}
    for rec in qs.filter(reference__in=references).order_by("document__symbol", "pk"):
        matches.setdefault(rec.reference.lower(), []).append(rec)
    single, ambiguous, missing = [], {}, []
    for ref in references:
        candidates = matches.get(ref.lower(), [])
        if not candidates:
            missing.append(ref)
        elif len(candidates) == 1:
            single.append(candidates[0])
        else:
            ambiguous[ref] = candidates
    return single, ambiguous, missing


def prefill_problems(*, user, ids: list[int]) -> list[str]:
    """What is wrong with the recommendations a link or a selection asks to choose: those
    that do not exist (any more) or the user may not see, by their value, and those of a
    superseded review, by reference. They would be refused on saving: say so at once."""
    if not ids:
        return []
    found = {rec.pk: rec for rec in _pickable(user, include_superseded=True).filter(pk__in=ids)}
    missing = [str(pk) for pk in ids if pk not in found]
    superseded = [str(rec) for rec in found.values() if not rec.document.is_current]
    problems = []
    if missing:
        problems.append(
            _("These recommendations of your selection do not exist (any more): %(values)s.")
            % {"values": ", ".join(missing)}
        )
    if superseded:
        problems.append(
            _(
                "These recommendations belong to a superseded review; untick them or saving "
                "will be refused: %(names)s."
            )
            % {"names": ", ".join(superseded)}
        )
    return problems


class PickerWidget(forms.Widget):
    """The chosen recommendations as ticked boxes, the search box and its suggestions, and the
    box for typed references (template followup/_picker.html)."""

    template = "followup/_picker.html"
    use_fieldset = True

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.user = None
        self.results: list[Recommendation] = []
        self.query = ""
        self.searched = False
        self.references_field = None
        self.document_field = None
        self.notes: list[str] = []

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return False  # no box ticked is a choice: none

    def render(self, name, value, attrs=None, renderer=None):
        ids = [str(item.pk if isinstance(item, Recommendation) else item) for item in value or []]
        numbers = list(dict.fromkeys(int(item) for item in ids if item.isdigit()))
        found = {
            rec.pk: rec
            for rec in _pickable(self.user, include_superseded=True).filter(pk__in=numbers)
        }
        chosen = [found[pk] for pk in numbers if pk in found]
        results = [rec for rec in self.results if rec.pk not in found]
        context = {
            "name": name,
            "chosen": chosen,
            "results": results,
            "matched": bool(results),
            "ticked": (),
            "query": self.query,
            "searched": self.searched,
            "references": self.references_field,
            "document": self.document_field,
            "notes": self.notes,
            "attrs": attrs or {},
        }
        return render_to_string(self.template, context)


class RecommendationPickField(forms.Field):
    """The ticked recommendations: each one the user may see, exists and belongs to a current
    review (those already linked may stay when their review was superseded since); bad ones
    are named, by reference where known, by the value otherwise."""

    widget = PickerWidget
    hidden_widget = forms.MultipleHiddenInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.user = None
        self.already_linked: set[int] = set()

    def prepare_value(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        return [str(item.pk if isinstance(item, Recommendation) else item) for item in value]

    def to_python(self, value) -> list[str]:
        return list(dict.fromkeys(self.prepare_value(value)))

    def has_changed(self, initial, data) -> bool:
        return set(self.prepare_value(initial)) != set(self.prepare_value(data))

    def clean(self, value) -> list[Recommendation]:
        values = self.to_python(value)
        numbers = [int(item) for item in values if item.isdigit()]
        unknown = [item for item in values if not item.isdigit()]
        existing = {
            rec.pk: rec
            for rec in Recommendation.objects.select_related("document").filter(pk__in=numbers)
        }
        visible = set(
            _pickable(self.user, include_superseded=True)
            .filter(pk__in=numbers)
            .values_list("pk", flat=True)
        )
        unknown += [str(pk) for pk in numbers if pk not in existing]
        hidden = [existing[pk] for pk in numbers if pk in existing and pk not in visible]
        superseded = [
            existing[pk]
            for pk in numbers
            if pk in visible
            and not existing[pk].document.is_current
            and pk not in self.already_linked
        ]
        errors = []
        if unknown:
            errors.append(
                _("These recommendations do not exist (any more): %(values)s.")
                % {"values": ", ".join(unknown)}
            )
        if hidden:
            errors.append(
                _("You may not choose these recommendations: %(names)s.")
                % {"names": ", ".join(str(rec) for rec in hidden)}
            )
        if superseded:
            errors.append(
                _("These recommendations belong to a superseded review: %(names)s.")
                % {"names": ", ".join(str(rec) for rec in superseded)}
            )
        if errors:
            raise ValidationError(errors)
        return [existing[pk] for pk in numbers]


class PickerFormMixin:
    """Adds the picker to a form: the `recommendations` field, the typed references and their
    document; `clean` puts the typed references among the chosen, or says which are not
    found and lists those found in several documents for the user to tick."""

    def setup_picker(self, *, user, data=None, already_linked=()) -> None:
        self.fields["recommendation_references"] = forms.CharField(
            label=_("Or type their references"),
            required=False,
            help_text=_("Paragraph numbers such as 140.218, 140.220, separated by commas."),
        )
        self.picker_parts = ("recommendation_references", "reference_document")
        self.fields["reference_document"] = forms.ModelChoiceField(
            label=_("In the review or document"),
            queryset=Document.objects.filter(status=Document.Status.CURRENT).select_related(
                "mechanism", "country"
            ),
            widget=FastSelect,
            required=False,
            empty_label=_("Any current review"),
        )
        field = self.fields["recommendations"]
        field.user = user
        field.already_linked = {int(pk) for pk in already_linked}
        widget = field.widget
        widget.user = user
        widget.references_field = self["recommendation_references"]
        widget.document_field = self["reference_document"]
        data = data or {}
        widget.query = data.get("picker_query", "").strip()
        if widget.query and any(button in data for button in PICKER_BUTTONS):
            widget.searched = True
            chosen = data.getlist("recommendations") if hasattr(data, "getlist") else []
            widget.results = recommendation_pick_search(
                user=user, query=widget.query, exclude=[int(v) for v in chosen if v.isdigit()]
            )

    def clean(self):
        data = super().clean()
        references = split_list(data.get("recommendation_references") or "")
        if not references:
            return data
        single, ambiguous, missing = recommendations_by_reference(
            user=self.fields["recommendations"].user,
            references=references,
            document=data.get("reference_document"),
        )
        if missing:
            self.add_error(
                "recommendation_references",
                ngettext(
                    "No current recommendation has the reference %(refs)s.",
                    "No current recommendation has the references %(refs)s.",
                    len(missing),
                )
                % {"refs": ", ".join(missing)},
            )
        if ambiguous:
            self.add_error(
                "recommendation_references",
                _(
                    "These references are in several reviews; tick the one you mean among "
                    "the suggestions: %(refs)s."
                )
                % {"refs": ", ".join(ambiguous)},
            )
            widget = self.fields["recommendations"].widget
            widget.searched = True
            widget.results = [rec for candidates in ambiguous.values() for rec in candidates]
        if "recommendations" in data:
            chosen = data["recommendations"]
            data["recommendations"] = chosen + [rec for rec in single if rec not in chosen]
        return data

    def is_picker_step(self) -> bool:
        """The user pressed the picker's Search or Add: show the form again, save nothing."""
        return any(button in self.data for button in PICKER_BUTTONS)

    def picker_step(self):
        """Search or Add without saving: the typed references found go among the chosen
        (ticked); those not found or found in several reviews stay in their box, with a note
        and, for the latter, their candidates to tick. The form's other fields keep their
        values and are not judged yet."""
        data = self.data.copy()
        widget = self.fields["recommendations"].widget
        widget.notes = []
        references = split_list(data.get("recommendation_references", ""))
        if references:
            document = None
            document_id = data.get("reference_document", "")
            if document_id.isdigit():
                document = self.fields["reference_document"].queryset.filter(pk=document_id).first()
            single, ambiguous, missing = recommendations_by_reference(
                user=widget.user, references=references, document=document
            )
            chosen = data.getlist("recommendations")
            data.setlist(
                "recommendations",
                chosen + [str(rec.pk) for rec in single if str(rec.pk) not in chosen],
            )
            data["recommendation_references"] = ", ".join([*missing, *ambiguous])
            if missing:
                widget.notes.append(
                    ngettext(
                        "No current recommendation has the reference %(refs)s.",
                        "No current recommendation has the references %(refs)s.",
                        len(missing),
                    )
                    % {"refs": ", ".join(missing)}
                )
            if ambiguous:
                widget.notes.append(
                    _("In several reviews, tick the one you mean: %(refs)s.")
                    % {"refs": ", ".join(ambiguous)}
                )
                widget.searched = True
                widget.results = [rec for found in ambiguous.values() for rec in found]
        self.data = data
        self._errors = ErrorDict()  # nothing is judged at a picker step
        return self
