"""The dashboard pages: each shows the figures of its own recommendations."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from rectrack.recommendations.tests.factories import make_document, make_recommendation

pytestmark = pytest.mark.django_db


def total(html: str) -> int:
    return int(re.search(r'class="figure-total">(\d+)<', html).group(1))


def svg_count(html: str) -> int:
    return html.count('<svg xmlns="http://www.w3.org/2000/svg"')


@pytest.mark.parametrize(
    "name",
    ["followup:home", "reports:sdg"],
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_anonymous_visitors_cannot_open_a_mechanism_page(client, data):
    response = client.get(reverse("reports:mechanism", args=["CEDAW"]))
    assert response.status_code == 302


def test_home_dashboard_shows_the_figures_with_charts_and_tables(client, viewer, data):
    client.force_login(viewer)
    response = client.get(reverse("followup:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Reporting calendar" in html  # the existing page stays
    assert total(html) == 4
    assert svg_count(html) == 8
    assert html.count("<table") >= 8
    assert 'href="/reports/mechanisms/CEDAW/"' in html
    assert "Train judges" in html and "Amend penal code" in html


def test_every_chart_on_a_page_is_well_formed_svg_with_a_title(client, viewer, data):
    client.force_login(viewer)
    html = client.get(reverse("reports:sdg-goal", args=[5])).content.decode()
    svgs = re.findall(r"<svg .*?</svg>", html, re.S)
    assert len(svgs) == 9  # the eight figures and the goal's targets
    for svg in svgs:
        root = ET.fromstring(svg)
        assert root.get("role") == "img"
        assert root.find("{http://www.w3.org/2000/svg}title").text


def test_mechanism_page_counts_only_that_mechanism(client, viewer, data):
    client.force_login(viewer)
    response = client.get(reverse("reports:mechanism", args=["CEDAW"]))
    html = response.content.decode()
    assert total(html) == 2
    assert "Amend penal code" in html
    assert "Train judges" not in html
    assert "/recommendations/?mechanism=CEDAW" in html


def test_institution_page_counts_recommendations_it_leads(client, viewer, data):
    client.force_login(viewer)
    html = client.get(reverse("reports:institution", args=[data.moj.pk])).content.decode()
    assert total(html) == 2
    assert f"/recommendations/?lead={data.moj.pk}" in html


def test_theme_page_includes_narrower_themes(client, viewer, data):
    client.force_login(viewer)
    html = client.get(reverse("reports:theme", args=[data.women.pk])).content.decode()
    assert total(html) == 3
    assert f"/recommendations/?theme={data.women.pk}" in html
    html = client.get(reverse("reports:theme", args=[data.justice.pk])).content.decode()
    assert total(html) == 1


def test_cluster_page_counts_its_members(client, viewer, data):
    client.force_login(viewer)
    html = client.get(reverse("reports:cluster", args=[data.cluster.pk])).content.decode()
    assert total(html) == 2
    assert f"/recommendations/?cluster={data.cluster.pk}" in html


def test_sdg_goal_page_lists_its_targets_with_counts(client, viewer, data):
    client.force_login(viewer)
    response = client.get(reverse("reports:sdg-goal", args=[5]))
    html = response.content.decode()
    assert total(html) == 3
    assert "/recommendations/?sdg=5" in html
    row = re.search(r"5\.2 [^<]*</th>(.*?)</tr>", html, re.S).group(1)
    assert re.findall(r'class="number">(\d+)<', row) == ["1", "0", "0", "0", "0", "1", "2"]
    row = re.search(r"5\.1 [^<]*</th>(.*?)</tr>", html, re.S).group(1)
    assert re.findall(r'class="number">(\d+)<', row)[-1] == "0"


def test_sdg_view_lists_all_goals_with_counts_and_links(client, viewer, data):
    client.force_login(viewer)
    html = client.get(reverse("reports:sdg")).content.decode()
    links = re.findall(r'href="/reports/sdg/(\d+)/"', html)
    assert links == [str(n) for n in range(1, 18)]
    totals = dict(
        re.findall(r'href="/reports/sdg/(\d+)/".*?class="number">(\d+)</td></tr>', html, re.S)
    )
    assert totals["5"] == "3" and totals["16"] == "2" and totals["1"] == "0"


def test_unknown_scopes_are_404(client, viewer, data):
    client.force_login(viewer)
    assert client.get(reverse("reports:mechanism", args=["NOPE"])).status_code == 404
    assert client.get(reverse("reports:sdg-goal", args=[18])).status_code == 404
    assert client.get(reverse("reports:institution", args=[99999])).status_code == 404


def test_hostile_names_are_escaped_in_charts_and_tables(client, viewer, data):
    data.moj.name = '<img src=x onerror="alert(1)">'
    data.moj.save()
    client.force_login(viewer)
    html = client.get(reverse("followup:home")).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x" in html


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("followup:home", lambda d: []),
        ("reports:mechanism", lambda d: ["UPR"]),
        ("reports:sdg-goal", lambda d: [5]),
        ("reports:sdg", lambda d: []),
        ("reports:cluster", lambda d: [d.cluster.pk]),
    ],
)
def test_pages_do_not_grow_queries_with_data(
    client, coordinator, data, django_assert_max_num_queries, name, args
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(coordinator)
    url = reverse(name, args=args(data))
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    document = make_document(mechanism_code="CRC")
    for _ in range(10):
        make_recommendation(
            document=document,
            themes=[data.violence],
            sdg_goals=[data.goal5],
            clusters=[data.cluster],
        )
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200


def test_dashboards_show_the_nmirfs_own_state_with_a_switch_to_all(client, viewer, data, settings):
    from rectrack.recommendations.models import Country
    from rectrack.recommendations.tests.factories import make_document, make_recommendation

    Country.objects.filter(name="Valdoria").update(iso_code="VLD")
    make_recommendation(document=make_document(mechanism_code="CEDAW", country="Freedonia"))
    client.force_login(viewer)
    page = reverse("reports:mechanism", args=["CEDAW"])
    html = client.get(page).content.decode()
    assert total(html) == 3 and "These figures count" not in html  # no setting
    settings.RECTRACK_STATE = "VLD"
    html = client.get(page).content.decode()
    assert total(html) == 2
    assert "These figures count the reviews of Valdoria only." in html
    assert 'href="?state=all">Show all States</a>' in html
    html = client.get(page, {"state": "all"}).content.decode()
    assert total(html) == 3
    assert "These figures count the reviews of every State." in html
    assert "/recommendations/?mechanism=CEDAW&amp;state=all" in html
    html = client.get(reverse("reports:sdg")).content.decode()
    assert "These figures count the reviews of Valdoria only." in html
