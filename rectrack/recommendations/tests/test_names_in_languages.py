"""Themes, affected groups, mechanisms and the SDGs are shown in the reader's language: the
name given in that language where there is one, else the label as imported. Imports and the
audit trail keep to the imported label whoever reads."""

import html
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from rectrack.audit.models import AuditEntry
from rectrack.recommendations.models import AffectedGroup, SdgGoal, SdgTarget, Theme
from rectrack.recommendations.services import (
    affected_group_get_or_create,
    names_in_languages_update,
    theme_get_or_create,
)
from rectrack.recommendations.tests.factories import make_recommendation

pytestmark = pytest.mark.django_db


@pytest.fixture
def named():
    """A theme under a broader one and a group, named in French and Arabic only."""
    broader = theme_get_or_create(name="Rights of specific persons and groups")
    broader.translated_name_fr = "Droits de personnes ou de groupes spécifiques"
    broader.save()
    theme = theme_get_or_create(name="Violence against women", code="F13", parent=broader)
    theme.translated_name_fr = "Violence à l’égard des femmes"
    theme.translated_name_ar = "العنف ضد المرأة"
    theme.save()
    group = affected_group_get_or_create(name="Women and girls")
    group.translated_name_fr = "Femmes et filles"
    group.translated_name_ar = "النساء والفتيات"
    group.save()
    recommendation = make_recommendation(
        text="Adopt a law on violence against women.",
        themes=[theme],
        affected_groups=[group],
        sdg_goals=[SdgGoal.objects.get(number=5)],
        sdg_targets=[SdgTarget.objects.get(code="5.2")],
    )
    return recommendation


def test_a_name_is_shown_in_the_readers_language_else_as_imported(named):
    theme = Theme.objects.get(code="F13")
    group = AffectedGroup.objects.get()
    shown = {}
    for language in ("en", "fr", "ar", "es", "zh-hans"):
        with translation.override(language):
            shown[language] = (str(theme), theme.display_name, str(group))
    assert shown == {
        "en": ("F13 Violence against women", "Violence against women", "Women and girls"),
        "fr": (
            "F13 Violence à l’égard des femmes",
            "Violence à l’égard des femmes",
            "Femmes et filles",
        ),
        "ar": ("F13 العنف ضد المرأة", "العنف ضد المرأة", "النساء والفتيات"),
        # No Spanish or Chinese name given: the name as imported.
        "es": ("F13 Violence against women", "Violence against women", "Women and girls"),
        "zh-hans": ("F13 Violence against women", "Violence against women", "Women and girls"),
    }
    assert theme.name == "Violence against women"  # imports still match and write this
    assert theme.names() == {
        "Violence against women",
        "Violence à l’égard des femmes",
        "العنف ضد المرأة",
    }


def _text(html: str) -> str:
    """The page's text above its history (which keeps the values as they were recorded)."""
    html = html.split('<section class="history"')[0]
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_recommendation_page_names_its_taxonomy_in_the_readers_language(client, named, viewer):
    client.force_login(viewer)
    url = reverse("recommendations:detail", args=[named.pk])

    french = _text(client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode())
    assert "UPR · Examen périodique universel" in french
    assert (
        "Droits de personnes ou de groupes spécifiques › F13 Violence à l’égard des femmes"
        in french
    )
    assert "Femmes et filles" in french
    with translation.override("fr"):
        goal_title = SdgGoal.objects.get(number=5).display_short_title
        target_title = SdgTarget.objects.get(code="5.2").display_title
    assert goal_title == "Égalité entre les sexes"
    assert target_title.startswith("Éliminer de la vie publique et de la vie privée toutes")
    assert goal_title in french and f"5.2 {target_title}" in french
    assert "Violence against women" not in french and "Universal Periodic Review" not in french

    arabic = _text(client.get(url, HTTP_ACCEPT_LANGUAGE="ar").content.decode())
    assert "الاستعراض الدوري الشامل" in arabic
    assert "F13 العنف ضد المرأة" in arabic and "النساء والفتيات" in arabic
    # The broader theme has no Arabic name: shown as imported.
    assert "Rights of specific persons and groups › F13 العنف ضد المرأة" in arabic

    english = _text(client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert "F13 Violence against women" in english and "Women and girls" in english
    assert "Gender equality" in english


def test_the_list_filters_offer_themes_and_groups_in_the_readers_language(client, named, viewer):
    client.force_login(viewer)
    page = client.get(reverse("recommendations:list"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    theme_menu = re.search(r'<select id="id_theme" name="theme">.*?</select>', page, re.S).group(0)
    group_menu = re.search(r'<select id="id_group" name="group">.*?</select>', page, re.S).group(0)
    assert "F13 Violence à l’égard des femmes" in theme_menu
    assert "Droits de personnes ou de groupes spécifiques" in theme_menu
    assert "Femmes et filles" in group_menu and "Women and girls" not in group_menu


def test_the_audit_trail_records_linked_names_in_the_sites_language_whoever_saves(named):
    with translation.override("fr"):
        created = make_recommendation(
            text="Train judges.",
            themes=[Theme.objects.get(code="F13")],
            affected_groups=[AffectedGroup.objects.get()],
            sdg_goals=[SdgGoal.objects.get(number=5)],
        )
    entry = AuditEntry.objects.get(
        model="recommendations.recommendation", object_id=str(created.pk), action="create"
    )
    assert entry.changes["themes"] == [None, ["F13 Violence against women"]]
    assert entry.changes["affected_groups"] == [None, ["Women and girls"]]
    assert entry.changes["sdg_goals"] == [None, ["5. Gender equality"]]


# -- coordinators name themes and groups in each language -----------------------------------
def _form_data(page: str) -> dict[str, str]:
    """The edit form's fields as the browser would send them, hidden initial values included."""
    data = {}
    for tag in re.findall(r"<input [^>]*>", page):
        attributes = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag))
        if attributes.get("type") in ("text", "hidden"):
            data[attributes["name"]] = html.unescape(attributes.get("value", ""))
    return data


def test_a_coordinator_names_a_group_in_two_languages_and_the_list_shows_them(
    client, named, coordinator
):
    client.force_login(coordinator)
    group = AffectedGroup.objects.get()
    edit = reverse("recommendations:names-edit", args=["group", group.pk])
    page = client.get(edit, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<input type="text" name="ar" value="النساء والفتيات" lang="ar" dir="rtl"' in page
    assert '<label for="id_zh-hans">简体中文</label>' in page
    data = _form_data(page)
    assert (data["fr"], data["initial-fr"], data["es"]) == (
        "Femmes et filles",
        "Femmes et filles",
        "",
    )

    data |= {"es": "  Mujeres y niñas ", "zh-hans": "妇女和女童"}
    response = client.post(edit, data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.url == reverse("recommendations:names") + f"#group-{group.pk}"
    group.refresh_from_db()
    assert (group.name, group.translated_name_es, group.translated_name_zh_hans) == (
        "Women and girls",
        "Mujeres y niñas",
        "妇女和女童",
    )
    with translation.override("es"):
        assert str(group) == "Mujeres y niñas"
    entry = AuditEntry.objects.get(model="recommendations.affectedgroup", action="update")
    assert entry.changes == {
        "translated_name_es": ["", "Mujeres y niñas"],
        "translated_name_zh_hans": ["", "妇女和女童"],
    }
    listing = client.get(reverse("recommendations:names"), HTTP_ACCEPT_LANGUAGE="fr")
    row = re.search(rf'<tr id="group-{group.pk}">.*?</tr>', listing.content.decode(), re.S)
    cells = [_text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.S)]
    assert cells[:3] == [
        "Women and girls",
        "Femmes et filles",
        "Arabe, Espagnol, Français, Chinois simplifié",
    ]


def test_a_save_writes_only_the_languages_its_user_changed(client, named, coordinator):
    client.force_login(coordinator)
    theme = Theme.objects.get(code="F13")
    edit = reverse("recommendations:names-edit", args=["theme", theme.pk])
    data = _form_data(client.get(edit).content.decode())
    # Meanwhile someone else renames it in French.
    Theme.objects.filter(pk=theme.pk).update(translated_name_fr="Violence contre les femmes")

    client.post(edit, data | {"ru": "Насилие в отношении женщин", "ar": ""})

    theme.refresh_from_db()
    assert theme.translated_name_fr == "Violence contre les femmes"  # theirs stays
    assert theme.translated_name_ru == "Насилие в отношении женщин"
    assert theme.translated_name_ar == ""  # emptied: shown as imported
    with translation.override("ar"):
        assert theme.display_name == "Violence against women"


def test_names_too_long_are_refused_naming_the_language_and_nothing_is_written(
    client, named, coordinator
):
    client.force_login(coordinator)
    group = AffectedGroup.objects.get()
    edit = reverse("recommendations:names-edit", args=["group", group.pk])
    data = _form_data(client.get(edit).content.decode())
    response = client.post(edit, data | {"es": "x" * 256, "ru": "Женщины и девочки"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ensure this value has at most 255 characters (it has 256)." in page
    group.refresh_from_db()
    assert (group.translated_name_es, group.translated_name_ru) == ("", "")


def test_only_coordinators_name_entries_in_each_language(client, named, viewer, focal_point):
    group = AffectedGroup.objects.get()
    edit = reverse("recommendations:names-edit", args=["group", group.pk])
    for person in (viewer, focal_point):
        client.force_login(person)
        assert client.get(reverse("recommendations:names")).status_code == 403
        assert client.post(edit, {"fr": "Autre", "initial-fr": ""}).status_code == 403
    with pytest.raises(PermissionDenied):
        names_in_languages_update(user=viewer, entry=group, names={"fr": "Autre"})
    group.refresh_from_db()
    assert group.translated_name_fr == "Femmes et filles"
    client.force_login(focal_point)
    assert client.get(reverse("recommendations:names-edit", args=["other", 1])).status_code == 403
