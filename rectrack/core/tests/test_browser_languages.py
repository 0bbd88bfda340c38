"""The daily pages in each of the six languages, as a reader sees them in Chromium: chosen with
the header's switcher, with no English sentence of the interface left, and in Arabic laid out
right to left, without sideways scrolling and without a serious accessibility finding."""

import re

import polib
import pytest
from django.urls import reverse

from rectrack.conftest import REPO_ROOT, browser_sign_in

LOCALE = REPO_ROOT / "rectrack" / "locale"
CATALOGUE = {"ar": "ar", "es": "es", "fr": "fr", "ru": "ru", "zh-hans": "zh_Hans"}


def english_sentences(language: str) -> list[str]:
    """The interface's English sentences (three words or more, between placeholders) whose
    translation into `language` differs: none of them may show on a page in that language."""
    sentences = set()
    for entry in polib.pofile(str(LOCALE / CATALOGUE[language] / "LC_MESSAGES" / "django.po")):
        if entry.msgid_plural or entry.msgstr == entry.msgid:
            continue
        for fragment in re.split(r"%\(\w+\)\w|%\w|<[^>]+>|\{\w*\}", entry.msgid):
            fragment = " ".join(fragment.split()).strip(" .,:;()")
            if len(fragment.split()) >= 3 and fragment not in entry.msgstr:
                sentences.add(fragment)
    return sorted(sentences)


def _pages(demo) -> dict[str, list[tuple[str, str]]]:
    from rectrack.recommendations.models import Recommendation

    recommendation = Recommendation.objects.filter(assignments__institution__code="MOJ").first()
    return {
        "coordinator": [
            ("home", reverse("followup:home")),
            ("list", reverse("recommendations:list")),
            ("recommendation", recommendation.get_absolute_url()),
            ("report builder", reverse("reports:builder")),
            ("dashboard", reverse("reports:dashboard")),
        ],
        "fp-justice": [
            ("my work", reverse("followup:my-work")),
            ("update form", reverse("followup:update-create", args=[recommendation.pk])),
        ],
    }


def _switch(page, language: str) -> None:
    page.select_option("#language-select", language)
    page.locator(".language-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.lang") == language


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ar", "es", "fr", "ru", "zh-hans"])
def test_the_daily_pages_read_in_each_language(live_server, browser_context, demo, language):
    from axe_playwright_python.sync_playwright import Axe

    from rectrack.core.tests.test_translations import _data_strings

    passwords = {credential.username: credential.password for credential in demo.credentials}
    # Stored data may say what a message says ("UPR mid-term report", a request's title):
    # that is the data's language, not the interface's.
    data = "\x00".join(_data_strings())
    sentences = [sentence for sentence in english_sentences(language) if sentence not in data]
    assert len(sentences) > 500
    left, layout = {}, {}
    for username, pages in _pages(demo).items():
        page = browser_context(viewport={"width": 1280, "height": 900}).new_page()
        page.set_default_timeout(15000)
        browser_sign_in(page, live_server, username, passwords[username])
        first_path = pages[0][1]
        page.goto(live_server.url + first_path)
        _switch(page, language)
        # The switcher keeps the page the reader was on.
        assert page.url == live_server.url + first_path
        for name, path in pages:
            assert page.goto(live_server.url + path).ok, path
            text = page.evaluate("document.body.innerText")
            english = [sentence for sentence in sentences if sentence in text]
            if english:
                left[name] = english
            if language == "ar":
                problems = []
                if page.evaluate("document.documentElement.dir") != "rtl":
                    problems.append("not right to left")
                overflow = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                if overflow > 0:
                    problems.append(f"scrolls sideways by {overflow}px")
                # The navigation starts at the right: mirrored.
                nav = page.locator(".site-header").bounding_box()
                first_link = page.locator(".site-header a").first.bounding_box()
                if first_link["x"] < nav["x"] + nav["width"] / 2:
                    problems.append("header not mirrored")
                problems += [
                    f"{violation['id']}: {violation['help']}"
                    for violation in Axe().run(page).response["violations"]
                    if violation["impact"] in {"serious", "critical"}
                ]
                if problems:
                    layout[name] = problems
    assert (left, layout) == ({}, {})
