"""Benchmark: draft each built-in report (Word, and one as PDF) over 1,000 recommendations.

    .venv/bin/python bench/reports.py                      # SQLite, then PostgreSQL if
    RECTRACK_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/rectrack_bench \\
        .venv/bin/python bench/reports.py

A fresh database gets bench/search.py's synthetic recommendations (1,000 by default,
RECTRACK_BENCH_ROWS to change), each with a lead institution, an action for every fifth and
two approved progress narratives; then every template is drafted with every part, over all
of them, and timed. Target: under 10 seconds for 1,000 recommendations.
"""

import os
import random
import resource
import time

from harness import bench_main

os.environ.setdefault("RECTRACK_BENCH_ROWS", "1000")


def _follow_up() -> None:
    from django.utils import timezone

    from rectrack.followup.models import Action, Assignment, ProgressUpdate
    from rectrack.institutions.models import Institution
    from rectrack.recommendations.models import Recommendation

    institutions = Institution.objects.bulk_create(
        Institution(name=f"Ministry {n}", code=f"M{n}") for n in range(12)
    )
    recommendations = list(Recommendation.objects.order_by("pk"))
    Assignment.objects.bulk_create(
        Assignment(
            recommendation=recommendation,
            institution=institutions[n % len(institutions)],
            role=Assignment.Role.LEAD,
        )
        for n, recommendation in enumerate(recommendations)
    )
    now = timezone.now()
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            recommendation=recommendation,
            institution=institutions[n % len(institutions)],
            narrative=f"Step {step} taken: a law was drafted and consulted on, measure {n}.",
            status="in_progress",
            state=ProgressUpdate.State.APPROVED,
            submitted_at=now,
            reviewed_at=now,
        )
        for n, recommendation in enumerate(recommendations)
        for step in (1, 2)
    )
    for n, recommendation in enumerate(recommendations[::5]):
        action = Action.objects.create(
            title=f"Action {n}", lead_institution=institutions[n % len(institutions)]
        )
        action.recommendations.add(recommendation)


def measure() -> dict:
    """Runs inside the child process, with RECTRACK_DATABASE_URL pointing at a fresh DB."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rectrack.settings")
    django.setup()
    import search
    from django.core.management import call_command

    from rectrack.accounts.models import User
    from rectrack.accounts.services import user_create
    from rectrack.recommendations.models import Recommendation
    from rectrack.recommendations.selectors import RecommendationFilters
    from rectrack.reports.documents import report_document
    from rectrack.reports.documents.templates import TEMPLATES, Part

    call_command("migrate", verbosity=0)
    if not Recommendation.objects.exists():
        search.fill(random.Random(20261201))
        _follow_up()
    user = user_create(username="bench", password="bench-password-1", role=User.Role.COORDINATOR)
    figures: dict = {"recommendations": Recommendation.objects.count()}
    runs = [(key, template, "docx") for key, template in TEMPLATES.items()]
    runs.append(("upr-mid-term (PDF)", TEMPLATES["upr-mid-term"], "pdf"))
    for key, template, format in runs:
        started = time.perf_counter()
        report = report_document(
            user=user,
            template=template,
            format=format,
            filters=RecommendationFilters(include_superseded=True),
            parts=tuple(Part.values),
        )
        figures[key] = {
            "seconds": round(time.perf_counter() - started, 2),
            "in_report": report.recommendations,
            "kb": len(report.content) // 1024,
        }
    figures["peak_memory_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return figures


def show(label: str, figures: dict) -> None:
    print(f"{label}: {figures['recommendations']:,} recommendations")
    for name, value in figures.items():
        if name != "recommendations":
            print(f"  {name:<22} {value}")


if __name__ == "__main__":
    bench_main(script=__file__, measure=measure, show=show)
