"""Every write operation of the web interface against every role: a forbidden one answers
login / 403 / 404 and changes nothing at all; an allowed one gets through. And every page
kept for some roles, opened by each role."""

import pytest
from django.urls import reverse

from rectrack.accounts.models import User
from rectrack.followup.tests.world import (
    OPERATION_NAMES,
    ROLES,
    fingerprint,
    web_operations,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", OPERATION_NAMES)
def test_each_role_may_do_exactly_what_its_rules_allow(
    client, world, role, operation, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    settings.RECTRACK_IMPORTS_IN_BACKGROUND = False
    name, url, data, allowed = next(op for op in web_operations(world) if op[0] == operation)
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    before = fingerprint()
    response = client.post(url, data)
    if role in allowed:
        assert response.status_code in (200, 302), (name, role, response.status_code)
        assert fingerprint() != before, f"{name} by {role} changed nothing"
        if response.status_code == 302:
            assert "/accounts/login/" not in response.url
    else:
        if user is None:
            assert response.status_code == 302 and "/accounts/login/" in response.url
        else:
            assert response.status_code in (403, 404), (name, role, response.status_code)
        assert fingerprint() == before, f"{name} by {role} changed data"


def test_the_matrix_covers_every_write_operation(world):
    assert sorted(op[0] for op in web_operations(world)) == sorted(OPERATION_NAMES)
    assert User.objects.count() == 5


PAGES = {
    "imports:list": {"coordinator", "admin"},
    "imports:upload": {"coordinator", "admin"},
    "audit:list": {"admin"},
    "followup:action-create": {"coordinator", "admin"},
    "followup:indicator-create": {"coordinator", "admin"},
    "followup:request-create": {"coordinator", "admin"},
    "followup:request-list": {"focal", "other_focal", "coordinator", "admin"},
    "accounts:profile": {"viewer", "focal", "other_focal", "coordinator", "admin"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", sorted(PAGES))
def test_each_role_opens_exactly_the_pages_its_rules_allow(client, world, role, page):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    response = client.get(reverse(page))
    if user is None:
        assert response.status_code == 302 and "/accounts/login/" in response.url
    elif role in PAGES[page]:
        assert response.status_code == 200, (page, role)
    else:
        assert response.status_code in (403, 404), (page, role, response.status_code)
