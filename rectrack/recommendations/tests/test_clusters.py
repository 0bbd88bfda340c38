"""Clusters: coordinators create, edit and delete them, add the recommendations of a search
in bulk, remove one, and accept, edit or reject suggested groupings; everyone reads them."""

import datetime

import pytest
from django.urls import reverse

from rectrack.audit.models import AuditEntry
from rectrack.followup.models import Action, Assignment
from rectrack.institutions.models import Institution
from rectrack.recommendations.models import Cluster, Mechanism, Recommendation
from rectrack.recommendations.selectors import RecommendationFilters, recommendation_list
from rectrack.recommendations.tests.factories import make_document, make_recommendation

pytestmark = pytest.mark.django_db
LIST = reverse("recommendations:list")
TORTURE = "Ratify the Optional Protocol to the Convention against Torture"
VIOLENCE = "Adopt a comprehensive law to combat domestic violence against women and girls"


def url(name: str, *args) -> str:
    return reverse(f"recommendations:{name}", args=args)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def justice(db):
    return Institution.objects.create(name="Ministry of Justice", code="MOJ")


@pytest.fixture
def cluster(coordinator, justice):
    from rectrack.recommendations.services import cluster_create

    return cluster_create(user=coordinator, name="Detention", lead_institution=justice)


def current_document(code: str = "UPR"):
    """A document of its own State, so that no review supersedes another."""
    return make_document(mechanism_code=code, country=f"State {Recommendation.objects.count()}")


@pytest.fixture
def similar_set():
    """Near-duplicates from three mechanisms, and texts like nothing else."""
    torture = [
        make_recommendation(document=current_document(code), text=f"{TORTURE}{end}")
        for code, end in (("UPR", "."), ("CAT", " without delay."), ("CCPR", ", as promised."))
    ]
    violence = [
        make_recommendation(document=current_document(code), text=f"{VIOLENCE}{end}")
        for code, end in (("CEDAW", "."), ("UPR", " by 2026."))
    ]
    alone = [
        make_recommendation(
            document=current_document(), text="Build schools in every rural district."
        ),
        make_recommendation(
            document=current_document(), text="Train police officers on the rights of the child."
        ),
    ]
    return torture, violence, alone


def test_coordinator_creates_edits_and_deletes_a_cluster(client, coordinator, justice):
    client.force_login(coordinator)
    response = client.post(
        url("cluster-create"),
        {"name": "Torture prevention", "description": "OPCAT", "lead_institution": justice.pk},
    )
    cluster = Cluster.objects.get()
    assert response.url == url("cluster-detail", cluster.pk)
    assert (cluster.name, cluster.lead_institution) == ("Torture prevention", justice)
    response = client.post(
        url("cluster-edit", cluster.pk),
        {"name": "OPCAT", "description": "", "lead_institution": ""},
    )
    cluster.refresh_from_db()
    assert (cluster.name, cluster.lead_institution) == ("OPCAT", None)
    make_recommendation(clusters=[cluster])
    client.post(url("cluster-delete", cluster.pk), {"confirm": "yes"})
    assert not Cluster.objects.exists()
    assert Recommendation.objects.count() == 1
    actions = list(
        AuditEntry.objects.filter(model="recommendations.cluster").values_list("action", flat=True)
    )
    assert sorted(actions) == ["create", "delete", "update"]


def test_a_cluster_name_is_unique(client, coordinator, cluster):
    client.force_login(coordinator)
    response = client.post(url("cluster-create"), {"name": "Detention"})
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert Cluster.objects.count() == 1


def test_bulk_add_adds_exactly_the_recommendations_matching_the_filters(
    client, coordinator, cluster, settings
):
    settings.RECTRACK_PAGE_SIZE = 2
    crc = make_document(mechanism_code="CRC")
    children = [make_recommendation(document=crc, position="supported") for _ in range(4)]
    noted = make_recommendation(document=crc, position="noted")
    others = [make_recommendation(position="supported") for _ in range(2)]
    client.force_login(coordinator)
    html = client.get(LIST, {"mechanism": "CRC", "position": "supported"}).content.decode()
    assert "Add the ticked rows, or all 4 matching recommendations, to a cluster." in html
    filters = {"mechanism": "CRC", "position": "supported"}
    response = client.post(url("cluster-bulk-add"), {**filters, "target_cluster": cluster.pk})
    assert response.url == f"{LIST}?mechanism=CRC&position=supported#results"
    expected = recommendation_list(
        user=coordinator,
        filters=RecommendationFilters(
            mechanism=Mechanism.objects.get(code="CRC"), position="supported"
        ),
    )
    members = set(cluster.recommendations.values_list("pk", flat=True))
    assert members == {r.pk for r in children} == set(expected.values_list("pk", flat=True))
    assert noted.pk not in members and not {r.pk for r in others} & members
    assert "4 recommendations added to Detention." in messages_of(client.get(response.url))
    # Adding again adds nothing new.
    client.post(url("cluster-bulk-add"), {**filters, "target_cluster": cluster.pk})
    assert cluster.recommendations.count() == 4
    assert "0 recommendations added to Detention." in messages_of(client.get(response.url))
    entry = AuditEntry.objects.filter(model="recommendations.cluster", action="update").get()
    assert entry.changes["recommendations"] == [[], sorted(r.pk for r in children)]


def test_bulk_add_with_a_bad_filter_adds_nothing(client, coordinator, cluster):
    make_recommendation()
    client.force_login(coordinator)
    response = client.post(
        url("cluster-bulk-add"), {"mechanism": "NOPE", "target_cluster": cluster.pk}, follow=True
    )
    assert "Some filters are not valid: nothing was changed." in messages_of(response)
    assert not cluster.recommendations.exists()


def test_bulk_add_of_ticked_rows_over_twenty_is_confirmed_first(client, coordinator, cluster):
    document = make_document(symbol="CRC/C/VLD/CO/5")
    ticked = [make_recommendation(document=document) for _ in range(21)]
    client.force_login(coordinator)
    data = {"scope": "ticked", "selected": [r.pk for r in ticked], "target_cluster": cluster.pk}
    html = client.post(url("cluster-bulk-add"), data).content.decode()
    assert "Add 21 recommendations to the cluster Detention?" in html
    assert "This applies to 21 recommendations." in html
    assert html.count('<input type="hidden" name="selected"') == 21
    assert not cluster.recommendations.exists()
    response = client.post(url("cluster-bulk-add"), {**data, "confirmed": "1"}, follow=True)
    assert "21 recommendations added to Detention." in messages_of(response)
    assert cluster.recommendations.count() == 21


def test_bulk_add_of_all_matching_over_twenty_is_confirmed_first(client, coordinator, cluster):
    matching = make_document(symbol="CRC/C/VLD/CO/5")
    for _ in range(22):
        make_recommendation(document=matching)
    make_recommendation(
        document=make_document(symbol="CAT/C/VLD/CO/4", mechanism_code="CAT")
    )  # not matching
    client.force_login(coordinator)
    data = {"scope": "all", "document": matching.pk, "target_cluster": cluster.pk}
    html = client.post(url("cluster-bulk-add"), data).content.decode()
    assert "Add 22 recommendations to the cluster Detention?" in html
    assert not cluster.recommendations.exists()
    response = client.post(url("cluster-bulk-add"), {**data, "confirmed": "1"}, follow=True)
    assert "22 recommendations added to Detention." in messages_of(response)
    assert set(cluster.recommendations.values_list("document__symbol", flat=True)) == {
        "CRC/C/VLD/CO/5"
    }


def test_bulk_add_naming_a_missing_recommendation_adds_nothing(client, coordinator, cluster):
    kept = make_recommendation()
    client.force_login(coordinator)
    data = {"selected": [kept.pk, 424242], "target_cluster": cluster.pk}
    response = client.post(url("cluster-bulk-add"), data, follow=True)
    assert messages_of(response) == [
        "These recommendations do not exist or you may not see them: 424242."
    ]
    assert not cluster.recommendations.exists()


def test_coordinator_removes_a_recommendation_from_a_cluster(client, coordinator, cluster):
    kept, removed = make_recommendation(clusters=[cluster]), make_recommendation(clusters=[cluster])
    client.force_login(coordinator)
    response = client.post(url("cluster-remove-recommendation", cluster.pk, removed.pk))
    assert response.url == url("cluster-detail", cluster.pk)
    assert list(cluster.recommendations.all()) == [kept]
    assert Recommendation.objects.filter(pk=removed.pk).exists()
    response = client.post(
        url("cluster-remove-recommendation", cluster.pk, removed.pk), follow=True
    )
    assert "This recommendation is not in the cluster." in messages_of(response)


@pytest.mark.parametrize("persona", ["viewer", "focal_point"])
def test_only_coordinators_change_clusters(client, request, persona, cluster, justice):
    member = make_recommendation(clusters=[cluster])
    outsider = make_recommendation()
    client.force_login(request.getfixturevalue(persona))
    attempts = [
        ("post", url("cluster-create"), {"name": "Mine"}),
        ("get", url("cluster-create"), {}),
        ("post", url("cluster-edit", cluster.pk), {"name": "Renamed"}),
        ("post", url("cluster-delete", cluster.pk), {"confirm": "yes"}),
        ("get", url("cluster-delete", cluster.pk), {}),
        ("post", url("cluster-bulk-add"), {"target_cluster": cluster.pk}),
        ("post", url("cluster-remove-recommendation", cluster.pk, member.pk), {}),
        ("get", url("cluster-suggest"), {}),
        ("post", url("cluster-accept"), {"name": "Mine", "members": [outsider.pk]}),
    ]
    for method, address, data in attempts:
        assert getattr(client, method)(address, data).status_code == 403, address
    assert list(Cluster.objects.values_list("name", flat=True)) == ["Detention"]
    assert list(cluster.recommendations.all()) == [member]
    html = client.get(LIST).content.decode()
    assert 'id="cluster-add"' not in html
    # Reading is for everyone.
    assert client.get(url("cluster-list")).status_code == 200
    html = client.get(url("cluster-detail", cluster.pk)).content.decode()
    assert member.get_absolute_url() in html
    assert "Remove" not in html


def test_anonymous_visitors_are_sent_to_the_login_page(client, cluster):
    for address in (url("cluster-list"), url("cluster-detail", cluster.pk)):
        response = client.get(address)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_cluster_page_shows_mechanisms_actions_leads_and_statuses(client, viewer, cluster, justice):
    recommendation = make_recommendation(
        document=make_document(mechanism_code="CEDAW"), clusters=[cluster]
    )
    Recommendation.objects.filter(pk=recommendation.pk).update(implementation_status="in_progress")
    Assignment.objects.create(recommendation=recommendation, institution=justice, role="lead")
    action = Action.objects.create(
        title="Draft the OPCAT bill", lead_institution=justice, deadline=datetime.date(2020, 1, 1)
    )
    action.recommendations.add(recommendation)
    client.force_login(viewer)
    html = client.get(url("cluster-detail", cluster.pk)).content.decode()
    for expected in (
        "CEDAW",
        "Draft the OPCAT bill",
        "overdue",
        "In progress",
        "Ministry of Justice",
    ):
        assert expected in html
    html = client.get(url("cluster-list")).content.decode()
    assert f'href="{LIST}?cluster={cluster.pk}">1</a>' in html


def test_cluster_page_queries_do_not_grow_with_its_recommendations(
    client, viewer, cluster, justice, django_assert_num_queries
):
    def add(count):
        for _ in range(count):
            recommendation = make_recommendation(
                document=current_document(),
                clusters=[cluster],
            )
            Assignment.objects.create(
                recommendation=recommendation, institution=justice, role="lead"
            )
            Action.objects.create(title="Act", lead_institution=justice).recommendations.add(
                recommendation
            )

    client.force_login(viewer)
    add(2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url("cluster-detail", cluster.pk))
    add(10)
    with django_assert_num_queries(len(small.captured_queries)):
        html = client.get(url("cluster-detail", cluster.pk)).content.decode()
    assert html.count("Ministry of Justice") >= 12


def test_suggestion_groups_near_duplicates_and_writes_nothing(client, coordinator, similar_set):
    torture, violence, alone = similar_set
    client.force_login(coordinator)
    entries = AuditEntry.objects.count()
    response = client.get(url("cluster-suggest"))
    proposals = response.context["proposals"]
    groups = sorted(sorted(r.pk for r in item["members"]) for item in proposals)
    assert groups == sorted([sorted(r.pk for r in torture), sorted(r.pk for r in violence)])
    assert not Cluster.objects.exists()
    assert not Recommendation.clusters.through.objects.exists()
    assert AuditEntry.objects.count() == entries
    html = response.content.decode()
    assert 'value="Ratify · Optional · Protocol"' in html


def test_suggestion_skips_clustered_and_rejected_recommendations(
    client, coordinator, cluster, similar_set
):
    torture, violence, _ = similar_set
    torture[0].clusters.add(cluster)
    client.force_login(coordinator)
    proposals = client.get(url("cluster-suggest")).context["proposals"]
    groups = sorted(sorted(r.pk for r in item["members"]) for item in proposals)
    assert groups == sorted([sorted(r.pk for r in torture[1:]), sorted(r.pk for r in violence)])
    key = str(min(r.pk for r in violence))
    proposals = client.get(url("cluster-suggest"), {"reject": key}).context["proposals"]
    assert [sorted(r.pk for r in item["members"]) for item in proposals] == [
        sorted(r.pk for r in torture[1:])
    ]
    # Suggestions follow the list's filters.
    proposals = client.get(url("cluster-suggest"), {"mechanism": "CEDAW"}).context["proposals"]
    assert proposals == []


def test_coordinator_accepts_an_edited_proposal(client, coordinator, justice, similar_set):
    torture, _, _ = similar_set
    client.force_login(coordinator)
    kept = [torture[0].pk, torture[1].pk]  # the third one is dropped
    response = client.post(
        url("cluster-accept"),
        {"name": "OPCAT ratification", "lead_institution": justice.pk, "members": kept},
    )
    cluster = Cluster.objects.get()
    assert response.url == url("cluster-detail", cluster.pk)
    assert (cluster.name, cluster.lead_institution) == ("OPCAT ratification", justice)
    assert sorted(cluster.recommendations.values_list("pk", flat=True)) == sorted(kept)
    assert AuditEntry.objects.filter(model="recommendations.cluster").count() == 2


def test_deleting_a_cluster_first_names_how_many_recommendations_and_which(
    client, coordinator, cluster
):
    members = [make_recommendation(clusters=[cluster]) for _ in range(12)]
    client.force_login(coordinator)
    detail = client.get(url("cluster-detail", cluster.pk)).content.decode()
    assert f'href="{url("cluster-delete", cluster.pk)}"' in detail
    for response in (
        client.get(url("cluster-delete", cluster.pk)),
        client.post(url("cluster-delete", cluster.pk)),
    ):
        text = response.content.decode()
        assert response.status_code == 200
        assert "Delete the cluster “Detention”?" in text
        assert "It groups 12 recommendations. The recommendations stay" in text
        assert text.count('<li dir="auto">') == 10 and "… and 2 more." in text
    assert Cluster.objects.count() == 1
    client.post(url("cluster-delete", cluster.pk), {"confirm": "yes"})
    assert not Cluster.objects.exists()
    assert Recommendation.objects.filter(pk__in=[m.pk for m in members]).count() == 12


def test_plan_an_action_for_a_clusters_current_recommendations(client, coordinator, cluster):
    review, older = make_document(), make_document(date=datetime.date(2010, 1, 1))
    members = [make_recommendation(document=review, clusters=[cluster]) for _ in range(2)]
    superseded = make_recommendation(document=older, clusters=[cluster])
    older.refresh_from_db()
    assert not older.is_current
    client.force_login(coordinator)
    detail = client.get(url("cluster-detail", cluster.pk)).content.decode()
    ids = "".join(f"{member.pk}," for member in members)
    link = reverse("followup:action-create") + f"?recommendations={ids}"
    assert f'href="{link}"' in detail and "Plan an action for these" in detail
    form = client.get(link).content.decode()
    assert all(f'value="{member.pk}" checked' in form for member in members)
    assert f'value="{superseded.pk}"' not in form  # a superseded review's are not planned
