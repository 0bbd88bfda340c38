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


# Columns, sorting, pages, States, superseded reviews


def references_shown(html: str) -> list[str]:
    return re.findall(r'class="recommendation-item">.*?<h3><a [^>]*>[^<]*· ([^<]+)</a>', html, re.S)


def test_list_shows_lead_institution_and_implementation_status(
    client, viewer, recommendation, django_assert_max_num_queries
):
    from rectrack.followup.models import Assignment
    from rectrack.institutions.models import Institution

    justice = Institution.objects.create(name="Ministry of Justice", code="MOJ")
    health = Institution.objects.create(name="Ministry of Health", code="MOH")
    Assignment.objects.create(recommendation=recommendation, institution=justice, role="lead")
    Assignment.objects.create(recommendation=recommendation, institution=health, role="supporting")
    for number in range(10):
        other = make_recommendation(document=recommendation.document, reference=f"121.{number + 2}")
        Assignment.objects.create(recommendation=other, institution=health, role="lead")
    unassigned = make_recommendation(document=recommendation.document, reference="122.1")
    unassigned.implementation_status = "partially_implemented"
    unassigned.save()
    client.force_login(viewer)
    with django_assert_max_num_queries(37):
        html = client.get(LIST, {"sort": "reference"}).content.decode()
    items = html.split('class="recommendation-item"')[1:]
    assert "<dt>Lead institution</dt><dd>Ministry of Justice</dd>" in items[0]
    assert "No information" in items[0]
    assert "<dt>Lead institution</dt><dd>Ministry of Health</dd>" in items[1]
    assert "<dt>Lead institution</dt><dd>None yet</dd>" in items[-1]
    assert "Partially implemented" in items[-1]


def test_list_sorts_by_reference_in_natural_order_date_mechanism_and_status(client, viewer):
    older = make_document(symbol="A/HRC/1/1", date=datetime.date(2015, 1, 1), country="Ruritania")
    newer = make_document(symbol="A/HRC/2/2", date=datetime.date(2021, 1, 1))
    crc = make_document(mechanism_code="CRC", symbol="CRC/1", date=datetime.date(2018, 1, 1))
    make_recommendation(document=newer, reference="121.10")
    make_recommendation(document=newer, reference="121.2")
    done = make_recommendation(document=older, reference="121.1")
    done.implementation_status = "implemented"
    done.save()
    started = make_recommendation(document=crc, reference="9")
    started.implementation_status = "not_started"
    started.save()
    client.force_login(viewer)
    shown = {
        sort: references_shown(client.get(LIST, {"sort": sort}).content.decode())
        for sort in ("reference", "-reference", "date", "-date", "mechanism", "status")
    }
    assert shown["reference"] == ["9", "121.1", "121.2", "121.10"]
    assert shown["-reference"] == ["121.10", "121.2", "121.1", "9"]
    assert shown["date"] == ["121.1", "9", "121.2", "121.10"]
    assert shown["-date"] == ["121.2", "121.10", "9", "121.1"]
    assert shown["mechanism"] == ["9", "121.2", "121.10", "121.1"]  # CRC, then UPR newest first
    # statuses as people read them (not started, ..., implemented, ..., no information),
    # not alphabetically
    assert shown["status"] == ["9", "121.1", "121.2", "121.10"]


def test_sorting_is_kept_by_pages_saved_views_and_exports(client, viewer, settings):
    settings.RECTRACK_PAGE_SIZE = 2
    document = make_document()
    for number in range(5):
        make_recommendation(document=document, reference=f"5.{number}")
    client.force_login(viewer)
    html = client.get(LIST, {"sort": "-reference", "page": 2}).content.decode()
    assert references_shown(html) == ["5.2", "5.1"]
    assert 'href="?sort=-reference&amp;page=3#results"' in html
    assert '<input type="hidden" name="sort" value="-reference">' in html  # the save-view form
    assert "format=csv&amp;sort=-reference" in html
    assert '<option value="-reference" selected>Reference, last first</option>' in html


def test_pages_are_numbered_with_first_last_and_the_current_one_marked(client, viewer, settings):
    settings.RECTRACK_PAGE_SIZE = 1
    document = make_document()
    for number in range(12):
        make_recommendation(document=document, reference=f"3.{number}")
    client.force_login(viewer)
    html = client.get(LIST, {"page": 6}).content.decode()
    nav = html[html.index('<nav class="pagination"') :]
    nav = nav[: nav.index("</nav>")]
    numbers = re.findall(
        r'<li(?: aria-current="page")?(?: class="ellipsis")?>(?:<a[^>]*>)?'
        r'(?:<span class="visually-hidden">Page </span>)?([0-9…]+)',
        nav,
    )
    assert numbers == ["1", "…", "4", "5", "6", "7", "8", "…", "12"]
    assert '<li aria-current="page"><span class="visually-hidden">Page </span>6</li>' in nav
    assert 'aria-label="First page">1</a>' in nav
    assert 'aria-label="Last page, 12">12</a>' in nav
    assert 'href="?page=12#results"' in nav
    assert "Page 6 of 12" in nav


def test_after_filtering_the_results_are_in_view(client, viewer, recommendation):
    client.force_login(viewer)
    html = client.get(LIST).content.decode()
    assert f'action="{LIST}#results"' in html  # without JavaScript: the page opens there
    assert 'hx-swap="innerHTML show:#results:top"' in html  # htmx: scrolled to the results
    assert '<section id="results"' in html


@pytest.fixture
def two_states():
    valdoria = make_document(symbol="A/HRC/43/15", country="Valdoria")
    freedonia = make_document(symbol="A/HRC/44/2", country="Freedonia")
    from rectrack.recommendations.models import Country

    Country.objects.filter(name="Valdoria").update(iso_code="VLD")
    Country.objects.filter(name="Freedonia").update(iso_code="FRD")
    make_recommendation(document=valdoria, text="Valdoria should act.")
    make_recommendation(document=valdoria, text="Valdoria should act again.")
    make_recommendation(document=freedonia, text="Freedonia should act.")
    return Country.objects.get(name="Valdoria"), Country.objects.get(name="Freedonia")


def test_state_under_review_filter_has_counts_and_a_column(client, viewer, two_states):
    valdoria, freedonia = two_states
    client.force_login(viewer)
    html = client.get(LIST).content.decode()
    assert "3 recommendations found." in html
    assert f'<option value="{valdoria.pk}">Valdoria (2)</option>' in html
    assert f'<option value="{freedonia.pk}">Freedonia (1)</option>' in html
    assert "<dt>State under review</dt><dd>Freedonia</dd>" in html
    assert "Only the reviews of" not in html and 'value="all"' not in html
    html = client.get(LIST, {"state": freedonia.pk}).content.decode()
    assert "1 recommendation found." in html and "Valdoria should act" not in html


def test_the_nmirfs_own_state_is_shown_by_default_with_a_switch_to_all(
    client, viewer, two_states, settings
):
    settings.RECTRACK_STATE = "VLD"
    valdoria, freedonia = two_states
    client.force_login(viewer)
    html = client.get(LIST).content.decode()
    assert "2 recommendations found." in html and "Freedonia should act" not in html
    assert "Only the reviews of <bdi>Valdoria</bdi> are shown." in html
    assert 'href="?state=all#results"' in html and "Show all States" in html
    assert '<option value="" selected>Valdoria (this NMIRF’s State)</option>' in html
    assert '<option value="all">All States</option>' in html
    html = client.get(LIST, {"state": "all"}).content.decode()
    assert "3 recommendations found." in html and "Only the reviews of" not in html
    html = client.get(LIST, {"state": freedonia.pk}).content.decode()
    assert "1 recommendation found." in html and "Only the reviews of" not in html


def test_with_one_state_in_the_data_the_setting_changes_nothing(client, viewer, settings):
    settings.RECTRACK_STATE = "VLD"
    make_recommendation(document=make_document(country="Freedonia"))
    client.force_login(viewer)
    html = client.get(LIST).content.decode()
    assert "1 recommendation found." in html
    assert "Only the reviews of" not in html and 'value="all"' not in html


def test_nothing_current_but_superseded_matches_says_so_with_the_link(client, viewer):
    old = make_document(symbol="A/HRC/19/3", date=datetime.date(2012, 3, 1))
    make_recommendation(document=old, reference="121.1", text="Abolish the death penalty.")
    make_recommendation(document=make_document(date=datetime.date(2019, 1, 1)), reference="9.9")
    client.force_login(viewer)
    html = client.get(LIST, {"q": "121.1"}).content.decode()
    assert "0 recommendations found." in html
    assert "No current recommendation matches; 1 in superseded reviews matches." in html
    assert 'href="?q=121.1&amp;superseded=on#results"' in html
    html = client.get(LIST, {"q": "121.1", "superseded": "on"}).content.decode()
    assert "1 recommendation found." in html and "Abolish the death penalty." in html
    html = client.get(LIST, {"q": "nothing-at-all"}).content.decode()
    assert "0 recommendations found." in html and "superseded reviews match" not in html
