"""The follow-up tests' shared world: two ministries, a focal point of each."""

import pytest

from rectrack.accounts.models import User
from rectrack.accounts.services import user_create
from rectrack.conftest import PASSWORD
from rectrack.institutions.models import Institution


@pytest.fixture
def justice(db):
    return Institution.objects.create(name="Ministry of Justice", code="MOJ")


@pytest.fixture
def health(db):
    return Institution.objects.create(name="Ministry of Health", code="MOH")


@pytest.fixture
def focal_point(focal_point, justice):
    """The conftest persona, reporting for the Ministry of Justice (with an e-mail address)."""
    focal_point.email = "fp@justice.example"
    focal_point.save(update_fields=["email"])
    focal_point.institutions.add(justice)
    return focal_point


@pytest.fixture
def other_focal_point(health):
    """A focal point of another ministry: the one who must not touch the Justice work."""
    user = user_create(username="omar-other", password=PASSWORD, role=User.Role.FOCAL_POINT)
    user.institutions.add(health)
    return user
