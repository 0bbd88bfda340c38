"""Language choice: the browser's language on a first visit, then each person's own choice,
kept on their profile and used wherever they sign in; the switcher keeps the current page."""

from django.urls import reverse
from django.utils import translation

from rectrack.accounts.models import User
from rectrack.audit.models import AuditEntry

HOME = "/"
LIST = reverse("recommendations:list")


def _page_language(response) -> str:
    return response["Content-Language"]


def test_first_visit_is_in_the_browsers_language(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9,en;q=0.5")
    assert _page_language(response) == "fr"
    html = response.content.decode()
    assert '<html lang="fr" dir="ltr">' in html
    with translation.override("fr"):
        assert translation.gettext("Log in") in html


def test_browser_asking_for_chinese_gets_simplified_chinese(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert _page_language(response) == "zh-hans"


def test_unknown_browser_language_gets_english(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    assert _page_language(response) == "en"


def test_switcher_keeps_the_current_page_and_remembers_the_choice(client, focal_point):
    client.force_login(focal_point)
    page = f"{LIST}?q=torture"
    response = client.post(reverse("set_language"), {"language": "ru", "next": page})
    assert response.status_code == 302 and response.url == page
    focal_point.refresh_from_db()
    assert focal_point.language == "ru"
    assert _page_language(client.get(page)) == "ru"


def test_a_users_language_follows_them_to_another_browser(client, focal_point):
    focal_point.language = "ar"
    focal_point.save()
    client.force_login(focal_point)
    response = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en-GB,en")
    assert _page_language(response) == "ar"
    assert '<html lang="ar" dir="rtl">' in response.content.decode()


def test_profile_sets_the_language_and_records_it(client, coordinator):
    client.force_login(coordinator)
    profile = client.get(reverse("accounts:profile")).content.decode()
    # Each language is named in itself, so a reader finds theirs whatever the page's.
    for name in ("العربيّة", "English", "español", "français", "Русский", "简体中文"):
        assert name in profile
    response = client.post(reverse("accounts:language"), {"language": "es"})
    assert response.status_code == 302 and response.url == reverse("accounts:profile")
    coordinator.refresh_from_db()
    assert coordinator.language == "es"
    assert response.cookies["django_language"].value == "es"
    entry = AuditEntry.objects.get(object_id=str(coordinator.pk), action="update")
    assert entry.changes["language"] == ["", "es"]
    page = client.get(reverse("accounts:profile"))
    assert _page_language(page) == "es"
    with translation.override("es"):
        assert translation.gettext("Your language is saved.") in page.content.decode()


def test_profile_back_to_the_browsers_language(client, coordinator):
    coordinator.language = "ru"
    coordinator.save()
    client.force_login(coordinator)
    client.post(reverse("accounts:language"), {"language": ""})
    coordinator.refresh_from_db()
    assert coordinator.language == ""
    response = client.get(HOME, HTTP_ACCEPT_LANGUAGE="es")
    assert _page_language(response) == "es"


def test_profile_refuses_a_language_that_is_not_offered(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("accounts:language"), {"language": "de"})
    assert response.status_code == 400
    coordinator.refresh_from_db()
    assert coordinator.language == ""


def test_switcher_without_signing_in_changes_only_the_cookie(client, db):
    response = client.post(reverse("set_language"), {"language": "es", "next": reverse("login")})
    assert response.status_code == 302 and response.url == reverse("login")
    assert _page_language(client.get(reverse("login"))) == "es"
    assert not User.objects.exclude(language="").exists()
