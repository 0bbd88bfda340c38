"""A small, hand-countable data set for the dashboards, built through the services.

    rec   mechanism  position   themes              SDG links        lead  status
    r1    UPR        supported  Violence (< Women)  goal 5, 5.2      MOJ   implemented
    r2    UPR        noted      Women, Justice      16.3             MOH   in progress
    r3    CEDAW      supported  Violence, Women     goal 5           MOJ   no information
    r4    CEDAW      -          -                   5.2, 16.3        -     no information
    r5    UPR (superseded review)                                          implemented

r1 and r4 are in the cluster "Violence". r3 has a submitted (not approved) update.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from rectrack.accounts.models import User
from rectrack.accounts.services import user_create
from rectrack.followup.models import Action, Assignment, ProgressUpdate
from rectrack.followup.services.planning import action_create, assignment_set
from rectrack.followup.services.requests import update_request_create
from rectrack.followup.services.updates import progress_update_create, recommendation_status_set
from rectrack.institutions.models import Institution
from rectrack.recommendations.models import SdgGoal, SdgTarget
from rectrack.recommendations.services import cluster_get_or_create, theme_get_or_create
from rectrack.recommendations.tests.factories import make_document, make_recommendation


def months_ago(months: int) -> datetime.datetime:
    today = timezone.localdate()
    year, month = today.year, today.month - months
    while month < 1:
        year, month = year - 1, month + 12
    return datetime.datetime(year, month, 15, 12, tzinfo=datetime.UTC)


@pytest.fixture
def data(coordinator):
    moj = Institution.objects.create(name="Ministry of Justice", code="MOJ")
    moh = Institution.objects.create(name="Ministry of Health", code="MOH")
    focal = user_create(username="fp-moj", password="x" * 12, role=User.Role.FOCAL_POINT)
    focal.institutions.add(moj)
    women = theme_get_or_create(name="Women's rights", code="A")
    violence = theme_get_or_create(name="Violence against women", code="A1", parent=women)
    justice = theme_get_or_create(name="Administration of justice", code="B")
    goal5, goal16 = SdgGoal.objects.get(number=5), SdgGoal.objects.get(number=16)
    t52, t163 = SdgTarget.objects.get(code="5.2"), SdgTarget.objects.get(code="16.3")
    cluster = cluster_get_or_create(name="Violence")

    old_upr = make_document(mechanism_code="UPR", date=datetime.date(2015, 1, 1))
    upr = make_document(mechanism_code="UPR", date=datetime.date(2020, 1, 1))
    cedaw = make_document(mechanism_code="CEDAW", date=datetime.date(2021, 1, 1))
    r1 = make_recommendation(
        document=upr,
        position="supported",
        themes=[violence],
        sdg_goals=[goal5],
        sdg_targets=[t52],
        clusters=[cluster],
    )
    r2 = make_recommendation(document=upr, position="noted", themes=[women, justice])
    r2.sdg_targets.add(t163)
    r3 = make_recommendation(
        document=cedaw, position="supported", themes=[violence, women], sdg_goals=[goal5]
    )
    r4 = make_recommendation(document=cedaw, sdg_targets=[t52, t163], clusters=[cluster])
    r5 = make_recommendation(document=old_upr, position="supported", themes=[women])

    lead = Assignment.Role.LEAD
    for rec, inst in [(r1, moj), (r2, moh), (r3, moj), (r5, moh)]:
        assignment_set(recommendation=rec, institution=inst, role=lead, user=coordinator)

    # r2: not started fourteen months ago (outside the twelve-month window), in progress now.
    first = recommendation_status_set(recommendation=r2, status="not_started", user=coordinator)
    ProgressUpdate.objects.filter(pk=first.pk).update(reviewed_at=months_ago(14))
    recommendation_status_set(recommendation=r1, status="implemented", user=coordinator)
    ProgressUpdate.objects.filter(recommendation=r1).update(reviewed_at=months_ago(3))
    recommendation_status_set(recommendation=r2, status="in_progress", user=coordinator)
    recommendation_status_set(recommendation=r5, status="implemented", user=coordinator)

    past = timezone.localdate() - datetime.timedelta(days=10)
    future = timezone.localdate() + datetime.timedelta(days=30)
    # Request 1 waits for r2 (r1 is answered below); request 2 is answered; request 3 not due.
    update_request_create(
        user=coordinator, title="Mid-term", due_date=past, recommendations=[r1, r2]
    )
    update_request_create(user=coordinator, title="Answered", due_date=past, recommendations=[r1])
    update_request_create(
        user=coordinator, title="Not yet due", due_date=future, recommendations=[r2]
    )
    progress_update_create(
        user=focal, recommendation=r1, narrative="Law adopted.", status="implemented", submit=True
    )
    progress_update_create(
        user=focal, recommendation=r3, narrative="Drafting.", status="in_progress", submit=True
    )

    def action(title, status, deadline, recs):
        return action_create(
            user=coordinator,
            title=title,
            lead_institution=moj,
            status=status,
            deadline=deadline,
            links={"recommendations": recs},
        )

    overdue_upr = action("Train judges", Action.Status.ONGOING, past, [r1])
    action("Publish report", Action.Status.COMPLETED, past, [r2])
    action("Open shelters", Action.Status.PLANNED, future, [r3])
    overdue_cedaw = action("Amend penal code", Action.Status.DELAYED, past, [r3])
    return SimpleNamespace(
        moj=moj,
        moh=moh,
        focal=focal,
        women=women,
        violence=violence,
        justice=justice,
        goal5=goal5,
        goal16=goal16,
        cluster=cluster,
        recs=[r1, r2, r3, r4, r5],
        overdue_upr=overdue_upr,
        overdue_cedaw=overdue_cedaw,
    )


@pytest.fixture
def committed_data(request):
    """The `data` fixture's data committed (a transactional test), for a background
    thread's own connection to read."""
    from rectrack.conftest import reference_data

    reference_data()
    return request.getfixturevalue("data")
