"""What an import does to reviews: keeping only one State's rows of a file covering many
(a UPR Info export of all States), and naming the reviews a newer one superseded, which the
lists then hide by default."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from rectrack.core.text import label_key
from rectrack.imports.parsers.base import FileError, ParsedRecommendation
from rectrack.recommendations.models import Country, Document, Recommendation


@dataclass(frozen=True)
class ChosenState:
    name: str  # as people read it: the State's recorded name, or the name given
    key: str  # the matching key rows' States are compared with


def state_resolve(value: str) -> ChosenState | None:
    """`--state`: an ISO 3166 code recorded on a State, or a State's name in any spelling
    label_key matches; None for no choice. A two- or three-letter value is a code: one that no
    State carries is refused rather than read as a name no file will ever match."""
    value = " ".join((value or "").split())
    if not value:
        return None
    by_code = Country.objects.filter(iso_code__iexact=value).first()
    if by_code is not None:
        return ChosenState(by_code.name, by_code.key)
    by_name = Country.objects.filter(key=label_key(value)).first()
    if by_name is not None:
        return ChosenState(by_name.name, by_name.key)
    if len(value) <= 3 and value.isalpha():
        raise FileError(
            _(
                "No State has the ISO code %(code)s: give the State's name as the file spells "
                "it (for example --state Slovenia), or record the code on the State."
            )
            % {"code": value}
        )
    return ChosenState(value, label_key(value))


def state_row(row: ParsedRecommendation, state: ChosenState) -> bool:
    """Whether the row's State under review is `state` (an import streaming its rows)."""
    return label_key(row.country) == state.key


def state_rows(
    rows: list[ParsedRecommendation], state: ChosenState
) -> tuple[list[ParsedRecommendation], int]:
    """The rows whose State under review is `state`, and how many were left out."""
    kept = [row for row in rows if label_key(row.country) == state.key]
    return kept, len(rows) - len(kept)


def superseded_reviews(changed: list[Document]) -> list[dict]:
    """The documents an import turned superseded, each with how many recommendations the
    lists now hide by default and the address of the list that shows them."""
    documents = [d for d in changed if d.status == Document.Status.SUPERSEDED]
    if not documents:
        return []
    counts = dict(
        Recommendation.objects.filter(document__in=documents)
        .values_list("document")
        .annotate(n=Count("pk"))
    )
    list_url = reverse("recommendations:list")
    return [
        {
            "document": str(document),
            "document_id": document.pk,
            "recommendations": counts.get(document.pk, 0),
            "url": f"{list_url}?{urlencode({'document': document.pk, 'superseded': 'on'})}",
        }
        for document in sorted(documents, key=lambda d: (d.date is None, d.date, d.pk))
    ]
