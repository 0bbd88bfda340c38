"""Confirmation before a removal: the page says how many and which objects go with it (a
sample), and only a POST carrying the confirmation does anything; a bare POST, as from an
old page or a stray click, shows the same page and changes nothing."""

from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

SAMPLE_SIZE = 10
CONFIRM_FIELD = "confirm"


def confirmed(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == "yes"


@dataclass
class Consequence:
    """One line of the confirmation: a sentence, and a sample of the objects it concerns."""

    text: str
    sample: list = field(default_factory=list)
    total: int = 0

    @property
    def more(self) -> int:
        return max(self.total - len(self.sample), 0)


def sampled(text: str, objects) -> Consequence:
    """A consequence naming up to SAMPLE_SIZE of the objects and counting them all."""
    total = len(objects) if isinstance(objects, list | tuple) else objects.count()
    return Consequence(text=text, sample=list(objects[:SAMPLE_SIZE]), total=total)


def confirm_page(
    request: HttpRequest,
    *,
    title: str,
    question: str,
    consequences: list[Consequence],
    button: str,
    cancel_url: str,
) -> HttpResponse:
    context = {
        "title": title,
        "question": question,
        "consequences": consequences,
        "button": button,
        "cancel_url": cancel_url,
        "confirm_field": CONFIRM_FIELD,
    }
    return render(request, "confirm.html", context)
