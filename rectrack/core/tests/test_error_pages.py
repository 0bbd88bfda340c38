"""Error pages speak the site's language: 403 and 404 in the site's layout, with the menu and
a way back; 500 renders even when the database is what failed (no request context, no query);
a form refused for its missing CSRF token says what to do."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from rectrack.recommendations.models import SavedView


@pytest.mark.django_db
def test_page_not_found_is_in_the_layout_with_a_way_back(client, focal_point):
    client.force_login(focal_point)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<title>Page not found · Rectrack</title>" in html
    assert '<nav aria-label="Main">' in html  # the site's menu, for the signed-in user
    assert f'<a href="{reverse("recommendations:home")}">Go to the home page</a>' in html
    assert f'<a href="{reverse("recommendations:list")}">Search the recommendations</a>' in html


@pytest.mark.django_db
def test_forbidden_page_says_who_is_signed_in_and_offers_a_way_back(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("audit:list"))  # administrators only
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>You cannot open this page</h1>" in html
    assert "You are signed in as <bdi>cora-coordinator</bdi> (Coordinator)." in html
    assert '<nav aria-label="Main">' in html
    assert "Go to the home page" in html


@pytest.mark.django_db
def test_missing_object_of_another_page_uses_the_same_layout(client, viewer):
    client.force_login(viewer)
    response = client.get(reverse("followup:action-detail", args=[999999]))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Go to the home page" in response.content.decode()


def test_server_error_page_renders_without_database_or_request_context():
    # No django_db mark: any query here would fail the test.
    response = server_error(RequestFactory().get("/anything/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Something went wrong</h1>" in html
    assert '<a href="/">Go to the home page</a>' in html
    assert "rectrack/rectrack.css" in html and "<script" not in html


@pytest.mark.django_db
def test_a_form_sent_without_its_csrf_token_says_what_happened_and_what_to_do(coordinator):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(coordinator)
    response = browser.post(reverse("recommendations:saved-view-create"), {"name": "Mine"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>The form was out of date</h1>" in html
    assert "Nothing was saved." in html and '<a href="/">Go to the home page</a>' in html
    assert not SavedView.objects.exists()


@pytest.mark.django_db
def test_a_refused_page_is_one_line_of_the_log_not_a_traceback(client, viewer):
    """settings.LOGGING's console handler (rectrack.core.logs.OneLineForbidden)."""
    import io
    import logging

    (console,) = [
        handler
        for handler in logging.getLogger().handlers
        if any(type(item).__name__ == "OneLineForbidden" for item in handler.filters)
    ]
    log = io.StringIO()
    stream = console.setStream(log)
    try:
        client.force_login(viewer)
        assert client.get(reverse("imports:upload")).status_code == 403
    finally:
        console.setStream(stream)
    assert log.getvalue().splitlines() == [
        f"Forbidden (Permission denied): {reverse('imports:upload')}"
    ]
