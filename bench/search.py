"""Benchmark: search, list, facets and dashboard over 250,000 synthetic recommendations.

    .venv/bin/python bench/search.py                      # SQLite, then PostgreSQL if
    RECTRACK_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/rectrack_bench \
        .venv/bin/python bench/search.py                  # ... that URL is set
    RECTRACK_BENCH_ROWS=50000 .venv/bin/python bench/search.py   # a smaller run
    .venv/bin/python bench/search.py --database=sqlite:////tmp/big.sqlite3
                                        # measure a database filled before (filled if empty)

Each database is filled and measured in its own process (fresh interpreter, fresh database):
200 documents of several mechanisms, recommendations of 40 to 80 words drawn (seeded) from a
vocabulary of human-rights phrases, each linked to themes, affected groups and SDG targets.
The search index is kept by the database's triggers during the fill, as in production.
Targets on a 2-core machine: search p95 under 150 ms, dashboard under 500 ms.
"""

import datetime
import os
import random
import resource
import statistics
import time
from pathlib import Path

from harness import bench_main

ROOT = Path(__file__).resolve().parent.parent
ROWS = int(os.environ.get("RECTRACK_BENCH_ROWS", "250000"))
DOCUMENTS = 200
BATCH = 5000
QUERIES = 50

PHRASES = [
    "ratify the Optional Protocol to the Convention against Torture",
    "take all necessary measures to",
    "ensure that all allegations of torture and ill-treatment are promptly investigated",
    "combat discrimination against women and girls",
    "strengthen the independence of the judiciary",
    "guarantee freedom of expression and of the press",
    "protect human rights defenders and journalists from harassment and reprisals",
    "abolish the death penalty",
    "establish a moratorium on executions",
    "improve conditions of detention and reduce prison overcrowding",
    "adopt a comprehensive anti-discrimination law",
    "ensure access to quality education for all children",
    "eliminate child labour and child marriage",
    "combat trafficking in persons, in particular women and children",
    "protect the rights of migrants, refugees and asylum seekers",
    "guarantee the rights of persons with disabilities",
    "ensure the rights of indigenous peoples to their lands",
    "establish a national human rights institution in accordance with the Paris Principles",
    "cooperate fully with the special procedures",
    "submit its overdue reports to the treaty bodies",
    "strengthen efforts to reduce maternal and infant mortality",
    "ensure universal access to health care and sanitation",
    "combat gender-based violence, including domestic violence",
    "decriminalize consensual same-sex relations",
    "guarantee the right to a fair trial",
    "end impunity for enforced disappearances",
    "ensure freedom of peaceful assembly and association",
    "provide human rights training for law enforcement officials",
    "allocate adequate resources to",
    "raise the minimum age of criminal responsibility",
    "ensure birth registration for all children",
    "protect the right to adequate housing and prevent forced evictions",
    "implement the recommendations of the truth and reconciliation commission",
    "continue its efforts to",
    "in consultation with civil society",
    "in line with its international obligations",
    "eradicate poverty and reduce inequality",
    "ensure equal pay for work of equal value",
    "combat hate speech and racial discrimination",
    "guarantee the independence of the national preventive mechanism",
]
QUERY_TERMS = [
    "torture",
    "ratify",
    "death penalty",
    '"death penalty"',
    "journalists",
    "discrimination women",
    "trafficking",
    "education children",
    "migrants asylum",
    "disabilities",
    "indigenous lands",
    "Paris Principles",
    "judiciary independence",
    "child marriage",
    "detention overcrowding",
    "evictions",
    "birth registration",
    "disappearances",
    "same-sex",
    "hate speech",
    "maternal mortality",
    "fair trial",
    "reprisals",
    "sanitation",
    "equal pay",
]
MECHANISMS = ["UPR", "CCPR", "CEDAW", "CRC", "CAT", "CESCR", "CERD", "CRPD"]
POSITIONS = ["supported", "noted", "partially_supported", ""]


def fill(rng: random.Random) -> float:
    from django.db import connection

    from rectrack.recommendations.models import (
        AffectedGroup,
        Country,
        Document,
        Mechanism,
        Recommendation,
        SdgTarget,
        Theme,
    )

    started = time.perf_counter()
    mechanisms = list(Mechanism.objects.filter(code__in=MECHANISMS)) or list(
        Mechanism.objects.all()[:8]
    )
    country = Country.objects.create(name="Valdoria")
    documents = Document.objects.bulk_create(
        Document(
            mechanism=mechanisms[n % len(mechanisms)],
            country=country,
            symbol=f"A/HRC/{n // len(mechanisms) + 10}/{n % len(mechanisms) + 1}",
            date=datetime.date(2008 + n % 17, 1 + n % 12, 1),
            cycle=1 + n % 4,
        )
        for n in range(DOCUMENTS)
    )
    themes = Theme.objects.bulk_create(
        Theme(name=f"Theme {n}", key=f"theme {n}", code=f"A{n}") for n in range(40)
    )
    groups = AffectedGroup.objects.bulk_create(
        AffectedGroup(name=f"Group {n}", key=f"group {n}") for n in range(20)
    )
    target_ids = list(SdgTarget.objects.values_list("pk", flat=True))
    links = {
        "themes": (Recommendation.themes.through, "theme_id", [t.pk for t in themes], 2),
        "affected_groups": (
            Recommendation.affected_groups.through,
            "affectedgroup_id",
            [g.pk for g in groups],
            1,
        ),
        "sdg_targets": (Recommendation.sdg_targets.through, "sdgtarget_id", target_ids, 2),
    }
    for start in range(0, ROWS, BATCH):
        batch = []
        for n in range(start, min(start + BATCH, ROWS)):
            words: list[str] = []
            while len(words) < rng.randint(40, 80):
                words.extend(rng.choice(PHRASES).split())
            document = documents[n % DOCUMENTS]
            batch.append(
                Recommendation(
                    document=document,
                    reference=f"{100 + n % 60}.{n // 60 % 300 + 1}",
                    text=(" ".join(words)).capitalize() + ".",
                    position=rng.choice(POSITIONS),
                    date=document.date,
                )
            )
        created = Recommendation.objects.bulk_create(batch)
        for through, column, choices, most in links.values():
            through.objects.bulk_create(
                through(recommendation_id=recommendation.pk, **{column: other})
                for recommendation in created
                for other in rng.sample(choices, rng.randint(0, most))
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return time.perf_counter() - started


def timed(function, repeat: int = 1) -> tuple[float, object]:
    best, result = None, None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        seconds = time.perf_counter() - started
        best = seconds if best is None else min(best, seconds)
    return best * 1000, result


def percentiles(values: list[float]) -> dict:
    values = sorted(values)
    return {
        "p50": round(statistics.median(values), 1),
        "p95": round(values[min(len(values) - 1, round(0.95 * (len(values) - 1)))], 1),
        "max": round(values[-1], 1),
    }


def measure() -> dict:
    """Runs inside the child process, with RECTRACK_DATABASE_URL already pointing at a fresh DB."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rectrack.settings")
    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.core.paginator import Paginator

    from rectrack.accounts.models import User
    from rectrack.accounts.services import user_create
    from rectrack.recommendations.models import Mechanism, Recommendation
    from rectrack.recommendations.search import search_ids
    from rectrack.recommendations.selectors import RecommendationFilters, recommendation_list

    call_command("migrate", verbosity=0)
    rng = random.Random(20261127)
    fill_seconds = None if Recommendation.objects.exists() else fill(rng)
    user = User.objects.filter(username="bench").first() or user_create(
        username="bench", password="bench-password-1", role=User.Role.ADMINISTRATOR
    )
    mechanisms = list(Mechanism.objects.filter(documents__isnull=False).distinct())

    def page(filters):
        qs = recommendation_list(user=user, filters=filters)
        paginator = Paginator(qs, settings.RECTRACK_PAGE_SIZE)
        rows = list(paginator.get_page(1).object_list)
        return paginator.count, rows

    # The queries have their own seed: the same 50 whether the database was filled now or before.
    rng = random.Random(2026112701)
    queries = [rng.choice(QUERY_TERMS) for _ in range(QUERIES)]
    text_only, faceted, matches = [], [], []
    for query in queries:
        ms, found = timed(
            lambda query=query: Recommendation.objects.filter(pk__in=search_ids(query)).count()
        )
        text_only.append(ms)
        matches.append(found)
        filters = RecommendationFilters(
            query=query, mechanism=rng.choice(mechanisms), position=rng.choice(POSITIONS[:3])
        )
        ms, _ = timed(lambda filters=filters: page(filters))
        faceted.append(ms)

    figures = {
        "rows": Recommendation.objects.count(),
        "fill_seconds": "(filled before)" if fill_seconds is None else round(fill_seconds),
        "search_count": percentiles(text_only),
        "search_two_facets_page": percentiles(faceted),
        "median_matches": int(statistics.median(matches)),
        "list_count_ms": round(timed(lambda: page(None)[0], repeat=3)[0], 1),
    }
    # The list's orders as the list reads them (recommendation_page, the figures cache off):
    # references in natural order (from the stored, indexed key), date and status, first
    # page and a page in the middle.
    from django.test.utils import override_settings

    from rectrack.recommendations.selectors import recommendation_page

    middle = Recommendation.objects.count() // settings.RECTRACK_PAGE_SIZE // 2 or 1
    with override_settings(RECTRACK_FIGURES_CACHE_SECONDS=0):
        for sort in ("reference", "-date", "status"):
            filters = RecommendationFilters(sort=sort)
            for label, number in (("first", 1), ("middle", middle)):
                figures[f"list_by_{sort.lstrip('-')}_{label}_page_ms"] = round(
                    timed(
                        lambda f=filters, n=number: recommendation_page(
                            user=user, filters=f, number=n
                        ),
                        repeat=3,
                    )[0],
                    1,
                )
    try:
        from rectrack.recommendations.facets import recommendation_facets
    except ImportError:
        figures["facets_ms"] = "not available (rectrack.recommendations.facets missing)"
    else:
        faceted_search = RecommendationFilters(query="torture", position="supported")
        for name, filters in (("facets", None), ("facets_with_search", faceted_search)):
            # Cold: computed (the first view after any change); warm: from the figures cache.
            cache.clear()
            figures[f"{name}_cold_ms"] = round(
                timed(lambda f=filters: recommendation_facets(user=user, filters=f))[0], 1
            )
            figures[f"{name}_warm_ms"] = round(
                timed(lambda f=filters: recommendation_facets(user=user, filters=f), 3)[0], 1
            )
    try:
        from rectrack.reports.selectors import dashboard_figures
    except ImportError:
        figures["dashboard_ms"] = "not available (rectrack.reports.selectors missing)"
    else:
        cache.clear()
        figures["dashboard_cold_ms"] = round(timed(lambda: dashboard_figures(user=user))[0], 1)
        figures["dashboard_warm_ms"] = round(
            timed(lambda: dashboard_figures(user=user), repeat=3)[0], 1
        )
    figures.update(measure_api(user, queries, mechanisms))
    figures["peak_memory_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return figures


def measure_api(user, queries: list[str], mechanisms: list) -> dict:
    """The same searches through the API (/api/v1/recommendations, 50 per page, with a
    token), each from a cold cache: what a program pays, serialisation included."""
    from django.core.cache import cache
    from django.test import Client

    from rectrack.accounts.services import api_token_create

    secret = api_token_create(user=user, name="bench")[1]
    client = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {secret}")
    rng = random.Random(2026120101)
    times = []
    for query in queries:
        params = {
            "q": query,
            "mechanism": rng.choice(mechanisms).code,
            "position": rng.choice(POSITIONS[:3]),
            "page_size": 50,
        }
        cache.clear()
        ms, response = timed(lambda params=params: client.get("/api/v1/recommendations", params))
        assert response.status_code == 200, response.content[:200]
        times.append(ms)
    cache.clear()
    plain_ms, response = timed(lambda: client.get("/api/v1/recommendations", {"page_size": 500}))
    assert len(response.json()["results"]) == 500
    return {
        "api_search_two_facets_50": percentiles(times),
        "api_list_500_cold_ms": round(plain_ms, 1),
    }


def show(label: str, figures: dict) -> None:
    filled = figures["fill_seconds"]
    filled = filled if isinstance(filled, str) else f"filled in {filled} s"
    print(f"{label}: {figures['rows']:,} recommendations {filled}")
    for name, value in figures.items():
        if name not in ("rows", "fill_seconds"):
            print(f"  {name:<24} {value}")


if __name__ == "__main__":
    bench_main(script=__file__, measure=measure, show=show)
