"""Shapes shared by several parts of the API: short references to other records."""

import datetime
import re
from decimal import Decimal
from typing import Annotated, Literal

from django.utils.translation import gettext_lazy as _
from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, Field, StrictBool, WithJsonSchema


def _no_nul(value: str) -> str:
    """PostgreSQL cannot store the NUL character; refused as invalid input, not a crash."""
    if "\x00" in value:
        raise ValueError(str(_("The NUL character is not allowed.")))
    return value


# Every text the API accepts, in a path, a query or a body: never the NUL character (the
# description says so too).
Text = Annotated[
    str, AfterValidator(_no_nul), Field(json_schema_extra={"pattern": "^[^\\u0000]*$"})
]


def _iso_date(value):
    """Only "YYYY-MM-DD": not a number of seconds since 1970, nor a date and time."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    raise ValueError(str(_("Enter a date as YYYY-MM-DD.")))


# Every date the API accepts.
Date = Annotated[datetime.date, BeforeValidator(_iso_date)]


def _amount(pattern: str):
    """A decimal amount written as a string ("12500.50"), as the API writes amounts: a JSON
    number would be read in binary floating point first."""

    def check(value):
        if isinstance(value, str) and re.fullmatch(pattern, value):
            return value
        raise ValueError(str(_('Enter an amount as a string of digits, e.g. "12500.50".')))

    schema = {"type": "string", "pattern": pattern, "examples": ["12500.50"]}
    return Annotated[Decimal, BeforeValidator(check), WithJsonSchema(schema)]


# Budgets: up to 14 digits and two decimal places, never negative (the database's column).
Money = _amount(r"^\d{1,14}(\.\d{1,2})?$")
# An indicator's measured value: up to 12 digits and four decimal places, or negative.
Value = _amount(r"^-?\d{1,12}(\.\d{1,4})?$")

# A yes or no in a body: true or false, not 0, 1 or "yes".
Flag = StrictBool


class Choice:
    """`Choice[Action.Status]`: one of a TextChoices' values, described inline in OpenAPI.
    (The choices classes share names, Status or Kind, that would collide as components.)"""

    def __class_getitem__(cls, choices):
        return Literal[tuple(choices.values)]


# Every record id the API accepts (the databases' integer range).
Id = Annotated[int, Field(ge=1, le=2_147_483_647)]


class NamedRef(Schema):
    id: int
    name: str


IN_READERS_LANGUAGE = (
    "In the request's language (Accept-Language) where the entry has a name in it, "
    "else as imported."
)


class InReadersLanguage(Schema):
    """A theme, affected group or mechanism: its name in the reader's language, and the
    one imports match (original_name)."""

    name: str = Field(description=IN_READERS_LANGUAGE)
    original_name: str = Field(description="As imported or seeded.")

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.display_name

    @staticmethod
    def resolve_original_name(obj) -> str:
        return obj.name


class TranslatedRef(InReadersLanguage):
    id: int


class ThemeRef(TranslatedRef):
    code: str


class InstitutionRef(Schema):
    id: int
    code: str
    name: str


class DocumentRef(Schema):
    id: int
    mechanism: str
    symbol: str
    title: str
    date: datetime.date | None

    @staticmethod
    def resolve_mechanism(obj) -> str:
        return obj.mechanism.code


class RecommendationRef(Schema):
    id: int
    reference: str
    mechanism: str

    @staticmethod
    def resolve_mechanism(obj) -> str:
        return obj.document.mechanism.code
