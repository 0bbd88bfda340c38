import datetime

import pytest

from rectrack.recommendations.models import Document
from rectrack.recommendations.tests.factories import make_document

pytestmark = pytest.mark.django_db


def test_a_later_review_supersedes_the_earlier_one_of_the_same_mechanism_and_state():
    third = make_document(cycle=3, date=datetime.date(2018, 5, 1))
    assert third.status == Document.Status.CURRENT
    fourth = make_document(cycle=4, date=datetime.date(2023, 5, 1))
    third.refresh_from_db()
    assert fourth.status == Document.Status.CURRENT
    assert third.status == Document.Status.SUPERSEDED


def test_an_older_review_recorded_late_arrives_already_superseded():
    fourth = make_document(cycle=4, date=datetime.date(2023, 5, 1))
    third = make_document(cycle=3, date=datetime.date(2018, 5, 1))
    fourth.refresh_from_db()
    assert third.status == Document.Status.SUPERSEDED
    assert fourth.status == Document.Status.CURRENT


def test_reviews_of_other_mechanisms_or_states_are_left_alone():
    upr = make_document(date=datetime.date(2018, 5, 1))
    make_document(mechanism_code="CEDAW", date=datetime.date(2023, 5, 1))
    make_document(country="Ruritania", date=datetime.date(2023, 5, 1))
    upr.refresh_from_db()
    assert upr.status == Document.Status.CURRENT
