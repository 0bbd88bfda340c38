"""Load test: 20 concurrent users against the served application on 250,000 recommendations.

    .venv/bin/python bench/load.py --database sqlite:////tmp/big.sqlite3
    .venv/bin/python bench/load.py --database postgres://postgres@127.0.0.1:5432/rectrack_big

The database is filled with bench/search.py's 250,000 synthetic recommendations first if it
holds none (RECTRACK_BENCH_ROWS to change the number). Rectrack is then served as in
production (`rectrack serve`: Waitress, 8 threads, one process; --workers N: N Gunicorn
processes) and wrk (`apt-get install wrk`) keeps --users connections busy on each page for
--seconds, signed in as a coordinator, after 5 s of the same load to warm up (not counted),
and prints each page's latency percentiles and throughput. Target: every page under 300 ms
at p95 with 20 concurrent users.

By default each user sends its next request the moment the last one is answered (20
requests always in flight: a saturation test). --think 1000-3000 makes each user pause 1 to
3 seconds between pages, as people do.
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

# wrk reports its latency distribution as JSON on the last line of its output.
WRK_REPORT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    '{"requests": %d, "seconds": %.2f, "errors": %d, "p50": %.1f, "p95": %.1f, "p99": %.1f}\\n',
    summary.requests, summary.duration / 1e6, errors,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000))
end
"""


def prepare(database: str) -> tuple[str, dict[str, str]]:
    """Fill the database if it is empty; a coordinator's session cookie and the pages."""
    os.environ["RECTRACK_DATABASE_URL"] = database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rectrack.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from rectrack.accounts.models import User
    from rectrack.accounts.services import user_create
    from rectrack.recommendations.models import Mechanism, Recommendation

    call_command("migrate", verbosity=0)
    if not Recommendation.objects.exists():
        import search

        print(f"filling {search.ROWS:,} recommendations ...", flush=True)
        search.fill(random.Random(20261127))
    user = User.objects.filter(username="load-coordinator").first() or user_create(
        username="load-coordinator", password="load-test-password", role=User.Role.COORDINATOR
    )
    client = Client()
    client.force_login(user)
    mechanism = Mechanism.objects.filter(documents__isnull=False).order_by("code").first()
    recommendation = Recommendation.objects.order_by("pk")[Recommendation.objects.count() // 2]
    pages = {
        "home dashboard": "/reports/dashboard/",  # the charts left the home page
        "home (the work)": "/home/",
        "recommendations list": "/recommendations/",
        "search + 2 facets": (
            f"/recommendations/?q=torture&mechanism={mechanism.code}&position=supported"
        ),
        "recommendation page": recommendation.get_absolute_url(),
        "SDG view": "/reports/sdg/",
        "my work": "/my-work/",
    }
    return client.cookies["sessionid"].value, pages


def serve(database: str, port: int, workers: int, log) -> subprocess.Popen:
    """Start `rectrack serve`; its messages go to `log`, a file: a pipe nobody reads fills up
    with the server's "task queue depth" warnings under load, and the server then blocks."""
    env = {**os.environ, "RECTRACK_DATABASE_URL": database, "PORT": str(port)}
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "rectrack"), "serve", "--port", str(port)]
        + ["--workers", str(workers)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    log.seek(0)
    raise SystemExit(f"the server did not start: {log.read().decode()[-2000:]}")


WARM_UP_SECONDS = 5


def load(url: str, cookie: str, *, users: int, seconds: int, script: str) -> dict:
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"})
    with urllib.request.urlopen(request, timeout=120) as response:  # warm: first view computes
        if response.status != 200 or "/accounts/login/" in response.url:
            raise SystemExit(f"{url}: not served to the signed-in user ({response.url})")

    def wrk(duration: int) -> dict:
        output = subprocess.run(
            ["wrk", "-t2", f"-c{users}", f"-d{duration}s", "--timeout", "10s", "-s", script]
            + ["-H", f"Cookie: sessionid={cookie}", url],
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(output.stdout.strip().splitlines()[-1])

    wrk(WARM_UP_SECONDS)  # every serving thread opens its connection and reads its pages
    return wrk(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True, help="database URL (filled if empty)")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--think", default="0", help="pause between a user's pages, ms: 1000-3000")
    parser.add_argument("--workers", type=int, default=1, help="rectrack serve --workers")
    arguments = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("bench/load.py needs wrk: apt-get install wrk")
    cookie, pages = prepare(arguments.database)
    with tempfile.TemporaryFile() as log:
        server = serve(arguments.database, arguments.port, arguments.workers, log)
        try:
            _measure(arguments, cookie, pages)
        finally:
            server.terminate()
            server.wait(timeout=10)


def _measure(arguments, cookie: str, pages: dict[str, str]) -> None:
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        low, _sep, high = arguments.think.partition("-")
        low, high = int(low), int(high or low)
        script.write(WRK_REPORT)
        if high:
            script.write(f"delay = function() return math.random({low}, {high}) end\n")
        script.flush()
        print(
            f"{arguments.users} concurrent users, {arguments.seconds} s per page, "
            f"{arguments.think} ms between a user's pages, {arguments.workers} process(es)"
        )
        for label, path in pages.items():
            url = f"http://127.0.0.1:{arguments.port}{path}"
            figures = load(
                url,
                cookie,
                users=arguments.users,
                seconds=arguments.seconds,
                script=script.name,
            )
            rate = figures["requests"] / figures["seconds"]
            print(
                f"  {label:<22} p50 {figures['p50']:>7.1f} ms  p95 {figures['p95']:>7.1f} ms"
                f"  p99 {figures['p99']:>7.1f} ms  {rate:6.1f} requests/s"
                f"  errors {figures['errors']}",
                flush=True,
            )


if __name__ == "__main__":
    main()
