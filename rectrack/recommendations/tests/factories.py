"""Small builders for recommendation data; each call makes a new, valid object."""

import datetime
import itertools

from rectrack.recommendations.models import Mechanism
from rectrack.recommendations.services import (
    country_get_or_create,
    document_create,
    recommendation_create,
)

_sequence = itertools.count(1)


def make_document(*, mechanism_code: str = "UPR", country: str = "Valdoria", **fields):
    number = next(_sequence)
    fields.setdefault("symbol", f"A/HRC/{number}/1")
    fields.setdefault("date", datetime.date(2020, 1, 1))
    return document_create(
        mechanism=Mechanism.objects.get(code=mechanism_code),
        country=country_get_or_create(name=country),
        **fields,
    )


def make_recommendation(*, document=None, **fields):
    number = next(_sequence)
    fields.setdefault("reference", f"100.{number}")
    fields.setdefault("text", f"Adopt measure number {number} to protect human rights.")
    return recommendation_create(document=document or make_document(), **fields)
