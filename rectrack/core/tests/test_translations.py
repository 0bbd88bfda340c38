"""Every word of the interface is translated, in every language.

Four guards:
- each catalogue is complete (no untranslated, no fuzzy message), each translation keeps its
  source's placeholders and does not merely repeat its English source;
- the catalogues hold every message the code marks (a fresh extraction finds nothing new);
- nothing the interface says is left unmarked: under a pseudo-translation, in which every
  message is wrapped in ⟦ ⟧, the main pages and e-mails show no interface text outside the
  markers (the data shown, from the database, excepted).
"""

import html.parser
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import models
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from rectrack.conftest import REPO_ROOT

LOCALE = REPO_ROOT / "rectrack" / "locale"
LANGUAGES = ["ar", "es", "fr", "ru", "zh_Hans"]
# A language Django knows and Rectrack does not offer, whose dates Django writes with the
# default formats (no words of its own in them): its catalogue is the pseudo one.
PSEUDO = "ia"
OPEN, CLOSE = "⟦", "⟧"

# Messages a translation may repeat as they are: names and codes written the same way in
# every language.
SAME_IN_EVERY_LANGUAGE = {
    "Rectrack",
    "CSV",
    "JSON",
    "PDF",
    "API",
    "URL",
    "OK",
    "Excel (.xlsx)",
    "Word (.docx)",
    "Excel",
    "Word",
    "ID",
    "ISO",
    "E-mail",
    "SHA-256",
}
# Words that are the same in one language as in English, rightly.
SAME_AS_ENGLISH = {
    "es": {"No", "Total", "Token"},
    "fr": {
        "Budget",
        "cycle %(number)s",
        "Index",
        "Date",
        "Description",
        "Format",
        "Institution",
        "Institutions",
        "Message",
        "Note",
        "Notifications",
        "Page",
        "Pages",
        "Position",
        "Session",
        "Source",
        "Total",
        "Type",
    },
}
# What may stay outside the markers on a page: the six languages' own names in the switcher
# (each written in itself) and codes that are the same in every language.
NOT_INTERFACE_TEXT = [
    "العربيّة",
    "English",
    "español",
    "français",
    "Русский",
    "简体中文",
    "Rectrack",
]

_PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[-#0 +]*\d*(?:\.\d+)?[sdifr]")
_BRACES = re.compile(r"(?<!\{)\{(\w*)\}(?!\})")


def _catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def _placeholders(text: str) -> tuple[set[str], int, set[str]]:
    """Named placeholders, the count of positional ones, and {braces}."""
    named, positional = set(), 0
    for match in _PLACEHOLDER.finditer(text.replace("%%", "")):
        if match.group(1):
            named.add(match.group(1))
        else:
            positional += 1
    return named, positional, set(_BRACES.findall(text))


# Complete catalogues.


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_no_untranslated_or_fuzzy_message(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr
    catalogue = _catalogue(language)
    assert not catalogue.untranslated_entries() and not catalogue.fuzzy_entries()
    assert len(catalogue.translated_entries()) > 1000


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_their_sources_placeholders(language):
    wrong = []
    for entry in _catalogue(language):
        if entry.msgid_plural:
            singular, plural = _placeholders(entry.msgid), _placeholders(entry.msgid_plural)
            allowed = singular[0] | plural[0]
            needed = singular[0] & plural[0]
            for form in entry.msgstr_plural.values():
                named, positional, braces = _placeholders(form)
                if not (needed <= named <= allowed) or positional != plural[1]:
                    wrong.append((entry.msgid_plural, form))
                if braces != plural[2]:
                    wrong.append((entry.msgid_plural, form))
        elif _placeholders(entry.msgstr) != _placeholders(entry.msgid):
            wrong.append((entry.msgid, entry.msgstr))
    assert wrong == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_do_not_merely_repeat_the_english(language):
    repeated = [
        entry.msgid
        for entry in _catalogue(language)
        if not entry.msgid_plural
        and entry.msgstr == entry.msgid
        and entry.msgid not in SAME_IN_EVERY_LANGUAGE | SAME_AS_ENGLISH.get(language, set())
        and re.search(r"[A-Za-z]{2,}", _PLACEHOLDER.sub("", entry.msgid))
    ]
    assert repeated == []


def test_every_catalogue_holds_the_same_messages():
    keys = {
        language: {(e.msgctxt, e.msgid, e.msgid_plural) for e in _catalogue(language)}
        for language in LANGUAGES
    }
    assert all(keys[language] == keys["fr"] for language in LANGUAGES)


def test_catalogues_hold_every_message_the_code_marks(tmp_path):
    """A fresh extraction, in a copy of the code, finds no message the catalogues lack and
    none they keep for nothing: run `make messages` after adding or changing a string."""
    copy = tmp_path / "rectrack"
    shutil.copytree(
        REPO_ROOT / "rectrack",
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "*.mo", "locale", "static"),
    )
    (copy / "locale").mkdir()
    with override_settings(LOCALE_PATHS=[]):
        _in_folder(copy, lambda: call_command("makemessages", **MAKEMESSAGES, locale=["fr"]))
    fresh = polib.pofile(str(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    extracted = {(e.msgctxt, e.msgid, e.msgid_plural) for e in fresh}
    kept = {(e.msgctxt, e.msgid, e.msgid_plural) for e in _catalogue("fr")}
    assert sorted(extracted - kept, key=str) == [], "marked but not in the catalogues"
    assert sorted(kept - extracted, key=str) == [], "in the catalogues but no longer marked"


# The options `make messages` gives makemessages (Makefile), here too.
MAKEMESSAGES = {"ignore_patterns": ["*/tests/*", "conftest.py"], "no_obsolete": True}


def _in_folder(folder: Path, step):
    import os

    before = os.getcwd()
    os.chdir(folder)
    try:
        step()
    finally:
        os.chdir(before)


def test_every_model_and_field_has_a_translated_name():
    """Field and model names show as labels, in the audit trail and in the administration:
    each is marked for translation, never derived from the code's name."""
    from django.utils.functional import Promise

    unnamed = []
    for model in apps.get_models():
        if not model.__module__.startswith("rectrack."):
            continue
        names = [model._meta.verbose_name, model._meta.verbose_name_plural]
        if not all(isinstance(name, Promise) for name in names):
            unnamed.append(model._meta.label)
        for field in model._meta.get_fields():
            if not field.auto_created and not isinstance(field.verbose_name, Promise):
                unnamed.append(f"{model._meta.label}.{field.name}")
    assert unnamed == []


# Nothing left unmarked: the pseudo-translation.


def _pseudo(text: str) -> str:
    """The message inside markers, outside its leading and trailing white space (which
    msgfmt requires to match its source)."""
    if not text.strip():
        return text
    head = text[: len(text) - len(text.lstrip())]
    tail = text[len(text.rstrip()) :]
    return f"{head}{OPEN}{text.strip()}{CLOSE}{tail}"


def _other_catalogues() -> list[Path]:
    """Django's own catalogues and those of the other installed apps (one language each:
    their messages are the same in all): their messages show on Rectrack's pages too (form
    errors, month names, two-factor devices)."""
    django = Path(__import__("django").__file__).parent
    found = [django / "conf" / "locale" / "en" / "LC_MESSAGES" / "django.po"]
    for config in apps.get_app_configs():
        if not config.name.startswith("rectrack"):
            catalogues = sorted(Path(config.path).glob("locale/*/LC_MESSAGES/django.po"))
            english = [path for path in catalogues if path.parts[-3] == "en"]
            found.extend((english or catalogues)[:1])
    return found


@pytest.fixture(scope="module")
def pseudo_locale(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pseudo")
    pseudo = polib.POFile()
    pseudo.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
        "Language": PSEUDO,
        "Project-Id-Version": "Rectrack pseudo-translation",
        "MIME-Version": "1.0",
        "Content-Transfer-Encoding": "8bit",
        "PO-Revision-Date": "2026-01-01 00:00+0000",
        "Last-Translator": "Rectrack",
        "Language-Team": "Rectrack",
    }
    seen = set()
    for source in [LOCALE / "fr" / "LC_MESSAGES" / "django.po", *_other_catalogues()]:
        for entry in polib.pofile(str(source)):
            key = (entry.msgctxt, entry.msgid)
            if key in seen or not entry.msgid:
                continue
            seen.add(key)
            wrapped = polib.POEntry(msgctxt=entry.msgctxt, msgid=entry.msgid)
            if entry.msgid_plural:
                wrapped.msgid_plural = entry.msgid_plural
                wrapped.msgstr_plural = {0: _pseudo(entry.msgid), 1: _pseudo(entry.msgid_plural)}
            else:
                wrapped.msgstr = _pseudo(entry.msgid)
            pseudo.append(wrapped)
    messages = folder / PSEUDO / "LC_MESSAGES"
    messages.mkdir(parents=True)
    pseudo.save(str(messages / "django.po"))
    subprocess.run(
        ["msgfmt", "--check", "-o", str(messages / "django.mo"), str(messages / "django.po")],
        check=True,
    )
    return folder


@pytest.fixture
def pseudo(pseudo_locale, settings):
    settings.LOCALE_PATHS = [pseudo_locale, *settings.LOCALE_PATHS]
    settings.LANGUAGES = [*settings.LANGUAGES, (PSEUDO, "Pseudo")]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    yield PSEUDO
    translation.activate(settings.LANGUAGE_CODE)


class _VisibleText(html.parser.HTMLParser):
    """The text a reader sees or hears: text, and the attributes shown or read out."""

    SPOKEN = {"title", "placeholder", "aria-label", "alt", "aria-description"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "template"}:
            self.hidden += 1
        attributes = dict(attrs)
        for name, value in attrs:
            if name in self.SPOKEN and value:
                self.parts.append(value)
        if tag == "input" and attributes.get("type") in {"submit", "button", "reset"}:
            self.parts.append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag in {"script", "style", "template"}:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def _data_strings() -> list[str]:
    """Every text stored in the database: what the pages show of it is data, not interface
    (recommendations, names, titles, comments...)."""
    values = set()
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.EmailField)
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            values.update(str(value) for value in row if value and len(str(value)) > 1)
    return sorted(values, key=len, reverse=True)


def _outside_markers(text: str, data: list[str]) -> list[str]:
    """The words left once every marked message and every stored text is taken out."""
    blob = "\x00".join(data)
    # Stored texts shortened for display ("Rights of specific persons…").
    shown = (re.sub(r"^\d+\.\s*", "", line.strip(" —…")) for line in text.splitlines())
    text = "\n".join(
        "" if len(stem) > 3 and stem in blob else line
        for stem, line in zip(shown, text.splitlines(), strict=True)
    )
    for value in data:
        text = text.replace(value, " ")
    inner = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
    while True:
        stripped = inner.sub(" ", text)
        if stripped == text:
            break
        text = stripped
    for value in [*NOT_INTERFACE_TEXT, translation.get_language_info(PSEUDO)["name_local"]]:
        text = text.replace(value, " ")
    return [
        " ".join(line.split())
        for line in text.splitlines()
        if re.search(r"[^\W\d_]{2,}", line) and not _only_codes(line)
    ]


def _only_codes(line: str) -> bool:
    """Document symbols, references and codes (A/HRC/43/15, 140.218, MOJ, EUR, SDG 16.3)."""
    return all(re.fullmatch(r"[A-Z0-9./:\-–—()#%,;·•+×\[\]]+", word) for word in line.split())


def _report(unmarked: dict[str, list[str]]) -> str:
    return "Interface text outside the markers:\n" + "\n".join(
        f"{where}: {line}" for where, lines in unmarked.items() for line in lines
    )


def _page_text(response) -> str:
    parser = _VisibleText()
    parser.feed(response.content.decode())
    return "\n".join(parser.parts)


def _pages(demo) -> dict[str, tuple[str, str]]:
    """The main pages, each with who reads it."""
    from rectrack.followup.models import Action, Indicator, ProgressUpdate, UpdateRequest
    from rectrack.imports.models import ImportRun
    from rectrack.recommendations.models import Cluster, Recommendation

    coordinator = "coordinator"
    pages = {
        "home": (coordinator, reverse("followup:home")),
        "list": (coordinator, reverse("recommendations:list")),
        "recommendation": (coordinator, Recommendation.objects.first().get_absolute_url()),
        "similar": (
            coordinator,
            reverse("recommendations:similar", args=[Recommendation.objects.first().pk]),
        ),
        "clusters": (coordinator, reverse("recommendations:cluster-list")),
        "saved views": (coordinator, reverse("recommendations:saved-view-list")),
        "actions": (coordinator, reverse("followup:action-list")),
        "new action": (coordinator, reverse("followup:action-create")),
        "requests": (coordinator, reverse("followup:request-list")),
        "new request": (coordinator, reverse("followup:request-create")),
        "notifications": (coordinator, reverse("followup:notification-list")),
        "dashboard": (coordinator, reverse("reports:dashboard")),
        "SDG": (coordinator, reverse("reports:sdg")),
        "report builder": (coordinator, reverse("reports:builder")),
        "imports": (coordinator, reverse("imports:list")),
        "names in each language": (coordinator, reverse("recommendations:names")),
        "upload": (coordinator, reverse("imports:upload")),
        "profile": (coordinator, reverse("accounts:profile")),
        "audit trail": ("admin", reverse("audit:list")),
        "my work": ("fp-justice", reverse("followup:my-work")),
    }
    for name, model in [
        ("cluster", Cluster),
        ("action", Action),
        ("request", UpdateRequest),
        ("update", ProgressUpdate),
    ]:
        row = model.objects.first()
        if row is not None:
            pages[name] = (coordinator, row.get_absolute_url())
    from rectrack.recommendations.models import AffectedGroup

    group = AffectedGroup.objects.first()
    pages["names of a group"] = (
        coordinator,
        reverse("recommendations:names-edit", args=["group", group.pk]),
    )
    indicator = Indicator.objects.first()
    if indicator is not None:
        pages["indicator"] = (
            coordinator,
            reverse("followup:indicator-detail", args=[indicator.pk]),
        )
    run = ImportRun.objects.first()
    if run is not None:
        pages["import"] = (coordinator, reverse("imports:detail", args=[run.pk]))
    recommendation = Recommendation.objects.filter(assignments__institution__code="MOJ").first()
    pages["update form"] = (
        "fp-justice",
        reverse("followup:update-create", args=[recommendation.pk]),
    )
    return pages


@pytest.mark.django_db
def test_no_interface_text_is_left_unmarked_on_the_main_pages(client, demo, pseudo):
    from rectrack.accounts.models import User

    data = _data_strings()
    unmarked = {}
    for name, (username, path) in _pages(demo).items():
        client.force_login(User.objects.get(username=username))
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = PSEUDO
        response = client.get(path)
        assert response.status_code == 200, (name, path, response.status_code)
        assert response["Content-Language"] == PSEUDO
        left = _outside_markers(_page_text(response), data)
        if left:
            unmarked[name] = left
    client.logout()
    for name, path in [("sign in", reverse("login")), ("password", reverse("password_reset"))]:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = PSEUDO
        left = _outside_markers(_page_text(client.get(path)), data)
        if left:
            unmarked[name] = left
    assert unmarked == {}, _report(unmarked)


@pytest.mark.django_db
def test_no_interface_text_is_left_unmarked_in_the_emails(
    client, demo, pseudo, django_capture_on_commit_callbacks
):
    import datetime

    from rectrack.accounts.models import User
    from rectrack.accounts.services import user_invite
    from rectrack.followup.services.emails import notifications_email_pending
    from rectrack.followup.services.requests import update_request_create
    from rectrack.recommendations.models import Recommendation

    User.objects.update(language=PSEUDO)
    digest = User.objects.get(username="fp-health")
    digest.email_notifications = User.EmailNotifications.DAILY
    digest.save()
    with django_capture_on_commit_callbacks(execute=True):
        update_request_create(
            user=User.objects.get(username="coordinator"),
            title="Mid-term report",
            due_date=datetime.date(2030, 6, 30),
            recommendations=[
                Recommendation.objects.filter(assignments__institution__code=code).first()
                for code in ("MOJ", "MOH")
            ],
        )
    notifications_email_pending()
    invited = User.objects.create(username="newcomer", email="new@valdoria.example")
    invited.language = PSEUDO
    invited.set_unusable_password()
    invited.save()
    user_invite(user=invited, by=User.objects.get(username="admin"))
    client.post(reverse("password_reset"), {"email": "coordinator@valdoria.example"})
    data = _data_strings()
    assert len(mail.outbox) >= 4
    unmarked = {}
    for message in mail.outbox:
        text = "\n".join([message.subject, message.body])
        # Links are addresses, not words.
        text = re.sub(r"https?://[^\s⟧]+", " ", text)
        left = _outside_markers(text, data)
        if left:
            unmarked[message.subject] = left
    assert unmarked == {}, _report(unmarked)
