"""Light on slow lines: every page is compressed when the browser accepts it (in every mode),
and in production static files carry hashed names and are cached for at least a year."""

import gzip
import re

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client, override_settings
from django.urls import reverse

from rectrack.recommendations.tests.factories import make_document, make_recommendation

pytestmark = pytest.mark.django_db
YEAR = 365 * 24 * 3600


def test_pages_are_gzip_compressed_when_the_browser_accepts_it(client, coordinator):
    review = make_document()
    for number in range(30):
        make_recommendation(
            document=review, text=f"Adopt measure {number} to protect the rights of the child."
        )
    client.force_login(coordinator)
    url = reverse("recommendations:list")
    plain = client.get(url)
    assert "Content-Encoding" not in plain
    compressed = client.get(url, headers={"accept-encoding": "gzip, deflate, br"})
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    html = gzip.decompress(compressed.content).decode()
    assert "30 recommendations found." in html
    assert len(compressed.content) < len(plain.content) / 4
    assert len(compressed.content) < 30_000


def test_the_sign_in_page_with_its_csrf_token_is_compressed_too(client):
    # Django masks the CSRF token anew in every response (BREACH): two pages, two tokens.
    first = client.get(reverse("login"), headers={"accept-encoding": "gzip"})
    second = client.get(reverse("login"), headers={"accept-encoding": "gzip"})
    assert first["Content-Encoding"] == "gzip"
    token = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
    tokens = [token.search(gzip.decompress(r.content)).group(1) for r in (first, second)]
    assert tokens[0] != tokens[1]


def test_production_static_files_have_hashed_names_and_a_year_of_caching(tmp_path):
    production = {
        "STATIC_ROOT": tmp_path / "static",
        "WHITENOISE_USE_FINDERS": False,
        "STORAGES": {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
        },
    }
    with override_settings(**production):
        call_command("collectstatic", interactive=False, verbosity=0)
        url = static("rectrack/rectrack.css")
        assert re.fullmatch(r"/static/rectrack/rectrack\.[0-9a-f]{12}\.css", url)
        response = Client().get(url, headers={"accept-encoding": "gzip"})
        assert response.status_code == 200
        assert response["Content-Encoding"] == "gzip"  # compressed once, at collectstatic
        directives = dict(
            (part.strip().split("=") + [""])[:2] for part in response["Cache-Control"].split(",")
        )
        assert int(directives["max-age"]) >= YEAR
        assert "immutable" in directives and "public" in directives
