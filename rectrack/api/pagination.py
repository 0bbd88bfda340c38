"""Every list of the API is paged the same way: ?page=1&page_size=50, answered with the
count, the number of pages, links to the next and previous pages, and the results."""

import math
from typing import Generic, TypeVar

from django.conf import settings
from django.core.paginator import Paginator
from ninja import Field, Schema

T = TypeVar("T")

MAX_PAGE_SIZE = 500


class PageOut(Schema, Generic[T]):
    count: int = Field(description="How many items match, in all pages.")
    page: int
    pages: int
    next: str | None = Field(description="The next page's address, if there is one.")
    previous: str | None = Field(description="The previous page's address, if there is one.")
    results: list[T]


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(
        default_factory=lambda: settings.RECTRACK_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE
    )


def _link(request, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def page_of(request, items, *, count: int, number: int, size: int) -> dict:
    """The page's envelope around `items` (already the page's rows); a page past the last is
    empty rather than an error, so a client can loop until `next` is null."""
    pages = max(1, math.ceil(count / size))
    return {
        "count": count,
        "page": number,
        "pages": pages,
        "next": _link(request, number + 1) if number < pages else None,
        "previous": _link(request, min(number - 1, pages)) if number > 1 else None,
        "results": list(items) if number <= pages else [],
    }


def paged(request, queryset, paging: PageQuery) -> dict:
    """One page of a queryset (ordered by the caller)."""
    paginator = Paginator(queryset, paging.page_size)
    number = paging.page
    items = paginator.page(number).object_list if number <= paginator.num_pages else []
    return page_of(request, items, count=paginator.count, number=number, size=paging.page_size)
