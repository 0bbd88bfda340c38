"""Page weight on a slow line: bytes transferred and requests for each main page.

    .venv/bin/python bench/pages.py

A fresh database in a temporary folder gets the demo data set (`rectrack demo`), static files
are collected, and Rectrack is served as in production (`RECTRACK_ENV=production`, `rectrack
serve`) on 127.0.0.1. Each main page is then fetched as a browser would, signed in as the
demo coordinator and as a focal point (fp-justice), asking for compressed responses
(Accept-Encoding: gzip, deflate, br), together with the static files it links to, each once.
For each page it prints the bytes received, headers included: the HTML (compressed; its
uncompressed size beside it), which is all a return visit costs since static files have hashed
names and are cached for a year; the static files; their sum, a first visit; the number of
requests; and whether the first visit meets its target: the home page and the recommendations
list under 30 KB transferred, no page over 60 KB.
"""

import argparse
import http.client
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECTRACK = str(ROOT / ".venv" / "bin" / "rectrack")
ACCEPT_ENCODING = "gzip, deflate, br"
KB = 1024
TARGETS = {"home": 30 * KB, "recommendations list": 30 * KB}
ANY_PAGE = 60 * KB


@dataclass
class Fetched:
    status: int
    header_bytes: int
    body: bytes
    encoding: str

    @property
    def bytes(self) -> int:
        return self.header_bytes + len(self.body)


class StaticLinks(HTMLParser):
    """The static files a page makes a browser fetch: stylesheets, scripts, images, icons."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        url = None
        if tag == "link" and attributes.get("rel") in {"stylesheet", "icon", "preload"}:
            url = attributes.get("href")
        elif tag in {"script", "img"}:
            url = attributes.get("src")
        if url and url not in self.urls:
            self.urls.append(url)


def environment(folder: Path) -> dict[str, str]:
    return {
        **os.environ,
        "RECTRACK_ENV": "production",
        "RECTRACK_SECRET_KEY": secrets.token_urlsafe(64),
        "RECTRACK_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "RECTRACK_VAR_DIR": str(folder),
        "RECTRACK_DATABASE_URL": f"sqlite:///{folder}/pages.sqlite3",
        "RECTRACK_CACHE_DIR": str(folder / "cache"),
        "DJANGO_SETTINGS_MODULE": "rectrack.settings",
    }


def prepare(env: dict[str, str]) -> dict[str, tuple[str, dict[str, str]]]:
    """Load the demo data; each persona's session cookie and the pages to fetch."""
    for command in (["migrate"], ["demo"], ["collectstatic", "--noinput"]):
        subprocess.run([RECTRACK, *command, "-v0"], env=env, check=True, capture_output=True)
    os.environ.update(env)
    import django

    django.setup()
    from django.test import Client
    from django.urls import reverse

    from rectrack.accounts.models import User
    from rectrack.imports.models import ImportRun
    from rectrack.recommendations.models import Recommendation

    recommendation = Recommendation.objects.order_by("pk").first()
    import_run = ImportRun.objects.order_by("pk").first()
    pages = {
        "home": reverse("followup:home"),
        "recommendations list": reverse("recommendations:list"),
        "a recommendation": recommendation.get_absolute_url(),
        "my work": reverse("followup:my-work"),
        "notifications": reverse("followup:notification-list"),
        "dashboard": reverse("reports:dashboard"),
        "actions": reverse("followup:action-list"),
        "clusters": reverse("recommendations:cluster-list"),
        "reports builder": reverse("reports:builder"),
        "SDG page": reverse("reports:sdg"),
        "imports": reverse("imports:list"),
        "an import": reverse("imports:detail", args=[import_run.pk]) if import_run else None,
    }
    personas = {}
    for username in ("coordinator", "fp-justice"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        personas[username] = (client.cookies["sessionid"].value, pages)
    return personas


def fetch(port: int, path: str, cookie: str) -> Fetched:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Accept-Encoding": ACCEPT_ENCODING, "Cookie": f"sessionid={cookie}"}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()  # as sent: http.client never decompresses
    header_bytes = len(f"HTTP/1.1 {response.status} {response.reason}\r\n") + 2
    header_bytes += sum(len(name) + len(value) + 4 for name, value in response.getheaders())
    encoding = response.getheader("Content-Encoding", "")
    connection.close()
    return Fetched(response.status, header_bytes, body, encoding)


def serve(env: dict[str, str], port: int, log) -> subprocess.Popen:
    server = subprocess.Popen(
        [RECTRACK, "serve", "--port", str(port)],
        env={**env, "PORT": str(port)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _ in range(100):
        try:
            if fetch(port, "/accounts/login/", "").status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    log.seek(0)
    raise SystemExit(f"the server did not start: {log.read().decode()[-2000:]}")


def measure_page(port: int, path: str, cookie: str) -> dict:
    page = fetch(port, path, cookie)
    if page.encoding == "gzip":
        import gzip

        html = gzip.decompress(page.body).decode()
    else:
        html = page.body.decode(errors="replace")
    links = StaticLinks()
    links.feed(html)
    statics = []
    for url in links.urls:
        parsed = urllib.parse.urlsplit(urllib.parse.urljoin(path, url))
        if parsed.netloc:  # another site's file: none are expected
            continue
        statics.append(fetch(port, parsed.path, cookie))
    return {
        "status": page.status,
        "encoding": page.encoding or "none",
        "html_bytes": page.bytes,
        "html_uncompressed": len(html.encode()),
        "static_bytes": sum(item.bytes for item in statics),
        "static_files": len(statics),
    }


def verdict(label: str, first_visit: int) -> str:
    limit = TARGETS.get(label, ANY_PAGE)
    return "ok" if first_visit <= limit else f"OVER {limit // KB} KB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8766)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        env = environment(Path(directory))
        print("loading the demo data and collecting static files ...", flush=True)
        personas = prepare(env)
        with tempfile.TemporaryFile() as log:
            server = serve(env, arguments.port, log)
            try:
                report(arguments.port, personas)
            finally:
                server.terminate()
                server.wait(timeout=10)


def report(port: int, personas: dict) -> None:
    print(
        f"{'persona':<12} {'page':<22} {'status':>6} {'HTML':>9} {'(raw)':>9} "
        f"{'static':>9} {'first':>9} {'requests':>8}  target"
    )
    for username, (cookie, pages) in personas.items():
        for label, path in pages.items():
            if path is None:
                continue
            figures = measure_page(port, path, cookie)
            first = figures["html_bytes"] + figures["static_bytes"]
            status = figures["status"]
            print(
                f"{username:<12} {label:<22} {status:>6} {kb(figures['html_bytes'])} "
                f"{kb(figures['html_uncompressed'])} {kb(figures['static_bytes'])} "
                f"{kb(first)} {1 + figures['static_files']:>8}  "
                + (verdict(label, first) if status == 200 else "not allowed")
                + ("" if figures["encoding"] == "gzip" else f"  (HTML {figures['encoding']})"),
                flush=True,
            )


def kb(size: int) -> str:
    return f"{size / KB:>6.1f} KB"


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
