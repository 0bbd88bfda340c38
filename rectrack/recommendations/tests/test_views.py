import datetime
import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from rectrack.accounts.models import User
from rectrack.recommendations.models import SdgTarget
from rectrack.recommendations.services import (
    affected_group_get_or_create,
    country_get_or_create,
    theme_get_or_create,
)
from rectrack.recommendations.tests.factories import make_document, make_recommendation

pytestmark = pytest.mark.django_db
LIST = reverse("recommendations:list")


@pytest.fixture
def recommendation():
    document = make_document(
        symbol="A/HRC/43/15",
        cycle=3,
        session=34,
        date=datetime.date(2019, 12, 13),
        country="Valdoria",
    )
    return make_recommendation(
        document=document,
        reference="121.1",
        text="Ratify the Optional Protocol to the Convention against Torture.",
        position="supported",
        recommending_countries=[
            country_get_or_create(name="Chile"),
            country_get_or_create(name="Ghana"),
        ],
        themes=[theme_get_or_create(name="Acceptance of international norms", code="A12")],
        affected_groups=[affected_group_get_or_create(name="Persons deprived of liberty")],
        sdg_targets=[SdgTarget.objects.get(code="16.3")],
        uhri_annotation_id="ann-42",
        source_location="paragraph 121.1",
    )


def test_anonymous_visitors_are_sent_to_the_login_page(client, recommendation):
    for url in (LIST, recommendation.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    assert "Ratify" not in client.get(LIST, follow=True).content.decode()


def test_login_page_logs_a_user_in_with_their_password(client, viewer):
    from rectrack.conftest import PASSWORD

    response = client.post(reverse("login"), {"username": viewer.username, "password": "wrong"})
    assert "Please enter a correct" in response.content.decode()
    response = client.post(reverse("login"), {"username": viewer.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("followup:landing")


def test_list_shows_each_recommendation_with_its_source_and_position(
    client, viewer, recommendation
):
    client.force_login(viewer)
    html = client.get(LIST).content.decode()
    assert "1 recommendation found." in html
    assert "A/HRC/43/15 · 121.1" in html
    assert "Ratify the Optional Protocol" in html
    assert "Chile, Ghana" in html
    assert "A12 Acceptance of international norms" in html
    assert f'href="{recommendation.get_absolute_url()}"' in html


def test_list_is_paged_on_the_server(client, viewer, settings):
    settings.RECTRACK_PAGE_SIZE = 10
    document = make_document()
    for number in range(23):
        make_recommendation(document=document, reference=f"1.{number}")
    client.force_login(viewer)
    html = client.get(LIST).content.decode()
    assert "23 recommendations found." in html
    assert html.count('class="recommendation-item"') == 10
    assert "Page 1 of 3" in html
    html = client.get(LIST, {"page": 3}).content.decode()
    assert html.count('class="recommendation-item"') == 3
    assert "Showing 21 to 23." in html


def test_list_filters_travel_in_the_url(client, viewer, recommendation):
    make_recommendation(document=make_document(mechanism_code="CRC"), text="Children first.")
    client.force_login(viewer)
    html = client.get(LIST, {"mechanism": "CRC"}).content.decode()
    assert "1 recommendation found." in html
    assert "Children first." in html
    assert "Ratify" not in html
    html = client.get(LIST, {"mechanism": "CRC", "position": "supported"}).content.decode()
    assert "0 recommendations found." in html


def test_a_bad_filter_value_is_named_and_lists_nothing(client, viewer, recommendation):
    client.force_login(viewer)
    html = client.get(LIST, {"mechanism": "NOPE"}).content.decode()
    assert "Select a valid choice" in html
    assert "Some filters are not valid" in html
    assert "Ratify" not in html


def test_htmx_requests_get_only_the_results_region(client, viewer, recommendation):
    client.force_login(viewer)
    html = client.get(LIST, {"position": "supported"}, headers={"HX-Request": "true"}).content
    html = html.decode()
    assert "1 recommendation found." in html
    assert "<html" not in html
    assert 'class="filters"' not in html


def test_list_query_count_does_not_grow_with_the_page(
    client, viewer, django_assert_max_num_queries
):
    document = make_document()
    for number in range(25):
        make_recommendation(
            document=document,
            themes=[theme_get_or_create(name=f"Theme {number % 5}")],
            recommending_countries=[country_get_or_create(name=f"State {number % 7}")],
        )
    client.force_login(viewer)
    # About 15 of these are the facet counts: one aggregate query per facet, whatever the data.
    with django_assert_max_num_queries(36):
        response = client.get(LIST)
    assert response.content.decode().count('class="recommendation-item"') == 25


def test_detail_page_shows_every_field_and_taxonomy_link(
    client, viewer, recommendation, django_assert_max_num_queries
):
    client.force_login(viewer)
    with django_assert_max_num_queries(15):  # 14, and the header's unread notifications
        html = client.get(recommendation.get_absolute_url()).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    for expected in [
        "Recommendation 121.1",
        "A/HRC/43/15",
        "Ratify the Optional Protocol",
        "Universal Periodic Review",
        "UPR cycle 3",
        "Session 34",
        "Valdoria",
        "Chile, Ghana",
        "Supported",
        "ann-42",
        "A12 Acceptance of international norms",
        "Persons deprived of liberty",
        "16.3 Promote the rule of law",
        "Goal 16: Peace, justice and strong institutions",
        "paragraph 121.1",
        "Entered by hand",
    ]:
        assert expected in text, expected
    theme = recommendation.themes.get()
    assert f'href="{LIST}?theme={theme.pk}"' in html
    assert f'href="{LIST}?mechanism=UPR"' in html


def test_unknown_recommendation_is_404(client, viewer):
    client.force_login(viewer)
    assert client.get(reverse("recommendations:detail", args=[999999])).status_code == 404


def test_imported_text_is_shown_escaped(client, viewer):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    recommendation = make_recommendation(
        text=hostile, reference="<b>1</b>", themes=[theme_get_or_create(name="<i>Theme</i>")]
    )
    client.force_login(viewer)
    for url in (LIST, recommendation.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "<b>1</b>" not in html and "<i>Theme</i>" not in html
        assert "&lt;script&gt;" in html


def test_filter_menus_mark_the_chosen_option_and_escape_every_label(client, viewer):
    theme = theme_get_or_create(name='<i>Theme</i> "quoted"')
    make_recommendation(themes=[theme])
    client.force_login(viewer)
    html = client.get(LIST, {"theme": theme.pk}).content.decode()
    chosen = f'<option value="{theme.pk}" selected>&lt;i&gt;Theme&lt;/i&gt; &quot;quoted&quot; (1)'
    assert chosen in html
    assert '<select id="id_theme" name="theme">' in html


def test_superseded_review_is_flagged_on_the_recommendation_page(client, viewer):
    old = make_recommendation(document=make_document(cycle=3, date=datetime.date(2018, 1, 1)))
    make_document(cycle=4, date=datetime.date(2023, 1, 1))
    client.force_login(viewer)
    assert "belongs to a superseded review" in client.get(old.get_absolute_url()).content.decode()
    assert "0 recommendations found." in client.get(LIST).content.decode()
    html = client.get(LIST, {"superseded": "on"}).content.decode()
    assert "1 recommendation found." in html


def test_arabic_is_laid_out_right_to_left(client, viewer):
    client.force_login(viewer)
    response = client.post(reverse("set_language"), {"language": "ar", "next": LIST})
    assert response.status_code == 302
    html = client.get(LIST).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    client.post(reverse("set_language"), {"language": "fr", "next": LIST})
    assert '<html lang="fr" dir="ltr">' in client.get(LIST).content.decode()


def test_stylesheet_and_htmx_are_served_without_a_collect_step(client):
    css = client.get("/static/rectrack/rectrack.css")
    assert css.status_code == 200
    assert b"focus-visible" in b"".join(css.streaming_content)
    htmx = client.get("/static/django_htmx/htmx-2.min.js")
    assert htmx.status_code == 200


def test_demo_data_renders_in_the_list_and_on_every_kind_of_recommendation_page(client, demo):
    from rectrack.recommendations.models import Document, Recommendation

    client.force_login(User.objects.get(username=demo.admin.username))
    current = Recommendation.objects.filter(document__status=Document.Status.CURRENT)
    html = client.get(LIST).content.decode()
    assert f"{current.count()} recommendations found." in html
    assert (
        f"{demo.total} recommendations found."
        in client.get(LIST, {"superseded": "on"}).content.decode()
    )
    # One recommendation of each mechanism, shown with its text, document and themes.
    for code in demo.counts:
        recommendation = Recommendation.objects.filter(document__mechanism__code=code).first()
        html = client.get(recommendation.get_absolute_url()).content.decode()
        assert escape(recommendation.text) in html
        assert escape(str(recommendation.document)) in html
        for theme in recommendation.themes.all():
            assert escape(str(theme)) in html
        html = client.get(LIST, {"mechanism": code, "superseded": "on"}).content.decode()
        assert f"{demo.counts[code]} recommendation" in html
