"""Benchmark: import the UPR Info export (6,094 recommendations) into a fresh database.

    .venv/bin/python bench/import.py                      # SQLite, then PostgreSQL if
    RECTRACK_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/rectrack_bench \
        .venv/bin/python bench/import.py --runs=5         # ... that URL is set; 5 runs each
    .venv/bin/python bench/import.py --uhri-full          # UHRI's whole record instead

--uhri-full generates a 250,000-record UHRI JSON download (about 400 MB, every key of the
real one; RECTRACK_BENCH_UHRI_RECORDS=N for another size) into a temporary folder, written
a record at a time, and imports it from its path as `rectrack import` does: streamed; then
the UPR Info benchmark in the same run (five times: the median), and the ratio of the rates.

Each database is measured in its own process (fresh interpreter, fresh database) and prints
rows per second and the process's peak resident memory. Target: >= 2,000 rows/s, < 500 MB.
"""

import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from harness import bench_main

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "data" / "upr-info" / "upr-info-sessions-01-05.csv"


def measure() -> dict:
    """Runs inside the child process, with RECTRACK_DATABASE_URL already pointing at a fresh DB."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rectrack.settings")
    django.setup()
    from django.core.management import call_command

    from rectrack.imports.services import import_file
    from rectrack.recommendations.models import Recommendation

    call_command("migrate", verbosity=0)
    data = SOURCE.read_bytes()
    started = time.perf_counter()
    report = import_file(data=data, file_name=SOURCE.name)
    seconds = time.perf_counter() - started
    assert report.written and report.created == 6094, report.errors[:3]
    links = sum(
        getattr(Recommendation, name).through.objects.count()
        for name in ("themes", "recommending_countries")
    )
    again = time.perf_counter()
    import_file(data=data, file_name=SOURCE.name)
    reimport = time.perf_counter() - again
    return {
        "rows": report.created,
        "links": links,
        "seconds": round(seconds, 2),
        "rows_per_second": round(report.created / seconds),
        "reimport_seconds": round(reimport, 2),
        "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def measure_uhri_full() -> dict:
    """The child's run of --uhri-full: the generated download imported from its path."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rectrack.settings")
    django.setup()
    from django.core.management import call_command

    from rectrack.imports.services import import_file

    call_command("migrate", verbosity=0)
    path = Path(os.environ["RECTRACK_BENCH_UHRI_FILE"])
    started = time.perf_counter()
    report = import_file(path=path)
    seconds = time.perf_counter() - started
    assert report.written, report.errors[:3]
    first_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    again = time.perf_counter()
    repeated = import_file(path=path)  # everything held already: matched, nothing written
    reimport = time.perf_counter() - again
    assert repeated.unchanged == report.created, (repeated.created, repeated.updated)
    return {
        "rows": report.created,
        "megabytes": round(path.stat().st_size / 1048576),
        "seconds": round(seconds, 1),
        "rows_per_second": round(report.created / seconds),
        "peak_memory_mb": round(first_peak),
        "reimport_seconds": round(reimport, 1),
        "reimport_peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def show_uhri_full(label: str, figures: dict) -> None:
    print(
        f"{label:<11} UHRI JSON {figures['megabytes']} MB: {figures['rows']} rows in "
        f"{figures['seconds']} s = {figures['rows_per_second']} rows/s; "
        f"peak memory {figures['peak_memory_mb']} MB; imported again (all unchanged) in "
        f"{figures['reimport_seconds']} s, peak memory then {figures['reimport_peak_memory_mb']} MB"
    )


def uhri_full() -> None:
    if "--child" in sys.argv:
        bench_main(script=__file__, measure=measure_uhri_full, show=show_uhri_full)
        return
    sys.path.insert(0, str(ROOT))
    from rectrack.imports.tests.uhri_factory import STATES, write_uhri_json

    count = int(os.environ.get("RECTRACK_BENCH_UHRI_RECORDS", "250000"))
    rates: dict[str, dict[str, list[int]]] = {}

    def keep(kind: str, show_figures):
        def shown(label: str, figures: dict) -> None:
            show_figures(label, figures)
            rates.setdefault(label, {}).setdefault(kind, []).append(figures["rows_per_second"])

        return shown

    with tempfile.TemporaryDirectory() as directory:
        path = write_uhri_json(Path(directory) / "export-full-en.json", count, states=STATES)
        os.environ["RECTRACK_BENCH_UHRI_FILE"] = str(path)
        os.environ["RECTRACK_BENCH_UHRI_FULL"] = "1"
        bench_main(script=__file__, measure=measure_uhri_full, show=keep("uhri", show_uhri_full))
    # The target is a rate per row no worse than the UPR Info benchmark's on the same machine:
    # measured now, in the same run, so that the machine's mood is the same for both. The UPR
    # Info import takes three seconds, which a passing moment of the machine's can make four:
    # its median of five runs is taken, against the two minutes of the UHRI import.
    del os.environ["RECTRACK_BENCH_UHRI_FULL"]
    bench_main(
        script=__file__, measure=measure, show=keep("upr_info", show), summary=summary, runs=5
    )
    for label, figures in rates.items():
        if {"uhri", "upr_info"} <= figures.keys():
            upr_info = statistics.median(figures["upr_info"])
            print(
                f"{label:<11} UHRI rows/s / UPR Info rows/s (median of {len(figures['upr_info'])}"
                f") = {figures['uhri'][0] / upr_info:.2f} (target: at least 1)"
            )


def show(label: str, figures: dict) -> None:
    print(
        f"{label:<11} {figures['rows']} rows + {figures['links']} links in "
        f"{figures['seconds']} s = {figures['rows_per_second']} rows/s; "
        f"re-import (all unchanged) {figures['reimport_seconds']} s; "
        f"peak memory {figures['peak_memory_mb']} MB"
    )


def summary(label: str, results: list[dict]) -> None:
    rates = sorted(figures["rows_per_second"] for figures in results)
    again = sorted(figures["reimport_seconds"] for figures in results)
    print(
        f"{label:<11} {len(results)} runs: rows/s median {statistics.median(rates):.0f} "
        f"(range {rates[0]} to {rates[-1]}); re-import median {statistics.median(again)} s; "
        f"peak memory at most {max(figures['peak_memory_mb'] for figures in results)} MB"
    )


if __name__ == "__main__":
    if "--uhri-full" in sys.argv or os.environ.get("RECTRACK_BENCH_UHRI_FULL"):
        uhri_full()
    else:
        bench_main(script=__file__, measure=measure, show=show, summary=summary)
