"""The dashboard pages: each shows the figures of its own recommendations."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from rectrack.recommendations.tests.factories import make_document, make_recommendation
from rectrack.reports.selectors import status_labels

pytestmark = pytest.mark.django_db


def total(html: str) -> int:
    return int(re.search(r'class="figure-total">(\d+)<', html).group(1))


def svg_count(html: str) -> int:
    return html.count('<svg xmlns="http://www.w3.org/2000/svg"')


@pytest.mark.parametrize(
    "name",
    ["reports:dashboard", "reports:sdg"],
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_anonymous_visitors_cannot_open_a_mechanism_page(client, data):
    response = client.get(reverse("reports:mechanism", args=["CEDAW"]))
    assert response.status_code == 302


def test_dashboard_shows_the_figures_with_charts_and_tables(client, viewer, data):
    client.force_login(viewer)
    response = client.get(reverse("reports:dashboard"))
    html = response.content.decode()
    assert response.status_code == 200
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


def test_sdg_goal_targets_table_has_a_heading_for_every_column(client, viewer, data):
    client.force_login(viewer)
    html = client.get(reverse("reports:sdg-goal", args=[5])).content.decode()
    table = html.split("Recommendations linked to each target, by implementation status")[1]
    head = re.search(r"<thead>(.*?)</thead>", table, re.S).group(1)
    headings = re.findall(r'<th scope="col">([^<]*)</th>', head)
    assert headings == ["Target", *[str(label) for label in status_labels()], "Total"]
    first_row = re.search(r"<tbody>\s*<tr>(.*?)</tr>", table, re.S).group(1)
    assert len(re.findall(r"<td", first_row)) == len(headings) - 1  # one heading per cell


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
    html = client.get(reverse("reports:dashboard")).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x" in html


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("reports:dashboard", lambda d: []),
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


# The mechanism's calendar, on the mechanism's page


def test_coordinator_sets_a_mechanisms_dates_on_its_page_and_the_change_is_audited(
    client, coordinator, data
):
    from rectrack.audit.selectors import audit_history
    from rectrack.recommendations.models import Mechanism

    upr = Mechanism.objects.get(code="UPR")
    page = reverse("reports:mechanism", args=["UPR"])
    client.force_login(coordinator)
    html = client.get(page).content.decode()
    assert "Set this mechanism" in html and "Save the dates" in html
    assert reverse("reports:mechanism-calendar", args=["UPR"]) in html
    due = timezone.localdate() + datetime.timedelta(days=100)
    cedaw = Mechanism.objects.get(code="CEDAW")
    response = client.post(
        reverse("reports:mechanism-calendar", args=["UPR"]),
        # The mechanism is the page's: a posted one is ignored.
        {"mechanism": cedaw.pk, "next_report_due": due.isoformat(), "next_review_date": ""},
        follow=True,
    )
    assert response.redirect_chain == [(page, 302)]
    assert "The calendar of" in response.content.decode()
    upr.refresh_from_db()
    cedaw.refresh_from_db()
    assert upr.next_report_due == due and upr.next_review_date is None
    assert cedaw.next_report_due is None
    entry = audit_history(obj=upr).get()
    assert entry.user == coordinator
    assert entry.changes == {"next_report_due": [None, due.isoformat()]}
    assert due.isoformat() in client.get(reverse("followup:home")).content.decode()


def test_a_bad_date_is_named_and_nothing_is_saved(client, coordinator, data):
    from rectrack.recommendations.models import Mechanism

    client.force_login(coordinator)
    response = client.post(
        reverse("reports:mechanism-calendar", args=["UPR"]), {"next_report_due": "31/31/2031"}
    )
    assert response.status_code == 400
    assert "Enter a valid date." in response.content.decode()
    assert Mechanism.objects.get(code="UPR").next_report_due is None


@pytest.mark.parametrize("persona", ["viewer", "focal_point"])
def test_only_the_secretariat_sets_a_mechanisms_dates(client, request, persona, data):
    from rectrack.recommendations.models import Mechanism

    client.force_login(request.getfixturevalue(persona))
    page = client.get(reverse("reports:mechanism", args=["UPR"])).content.decode()
    assert "Reporting calendar" in page and "Save the dates" not in page
    response = client.post(
        reverse("reports:mechanism-calendar", args=["UPR"]), {"next_report_due": "2031-01-01"}
    )
    assert response.status_code == 403
    assert client.get(reverse("reports:mechanism-calendar", args=["UPR"])).status_code in (403, 405)
    assert Mechanism.objects.get(code="UPR").next_report_due is None


def test_the_dashboard_is_linked_from_the_home_page_and_the_navigation(client, viewer, data):
    client.force_login(viewer)
    html = client.get(reverse("followup:home")).content.decode()
    assert html.count(f'href="{reverse("reports:dashboard")}"') == 2
    assert svg_count(html) == 0  # the charts are on the dashboard only


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
    assert "These figures count the reviews of <bdi>Valdoria</bdi> only." in html
    assert 'href="?state=all">Show all States</a>' in html
    html = client.get(page, {"state": "all"}).content.decode()
    assert total(html) == 3
    assert "These figures count the reviews of every State." in html
    assert "/recommendations/?mechanism=CEDAW&amp;state=all" in html
    html = client.get(reverse("reports:sdg")).content.decode()
    assert "These figures count the reviews of <bdi>Valdoria</bdi> only." in html
    # The dashboard page too: its own State by default, one switch to see all.
    dashboard = reverse("reports:dashboard")
    html = client.get(dashboard).content.decode()
    assert "These figures count the reviews of <bdi>Valdoria</bdi> only." in html
    own = total(html)
    html = client.get(dashboard, {"state": "all"}).content.decode()
    assert "These figures count the reviews of every State." in html
    assert total(html) == own + 1
    assert f'href="{reverse("recommendations:list")}?state=all"' in html
