"""What every benchmark script shares: each database is measured in a fresh child process
against a fresh database (a temporary SQLite file, then PostgreSQL when
RECTRACK_BENCH_POSTGRES_URL is set), and the child prints its figures as one JSON line."""

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def fresh_postgres(url: str) -> None:
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def _child(script: str, label: str, url: str) -> dict | None:
    env = {**os.environ, "RECTRACK_DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    env.pop("RECTRACK_ENV", None)
    output = subprocess.run(
        [sys.executable, script, "--child"], env=env, capture_output=True, text=True, check=False
    )
    if output.returncode:
        print(f"{label}: failed\n{output.stderr}")
        return None
    return json.loads(output.stdout.strip().splitlines()[-1])


def _runs() -> int:
    """--runs N: measure each database N times (a fresh database each time); shared
    machines are noisy, so one run says little."""
    for argument in sys.argv[1:]:
        if argument.startswith("--runs="):
            return max(1, int(argument.removeprefix("--runs=")))
    return 1


def _database() -> str | None:
    """--database=URL: measure that database as it is (scripts that fill one fill it only if
    it is empty), once, instead of fresh databases; for repeated runs over a large fill."""
    for argument in sys.argv[1:]:
        if argument.startswith("--database="):
            return argument.removeprefix("--database=")
    return None


def bench_main(
    *,
    script: str,
    measure: Callable[[], dict],
    show: Callable[[str, dict], None],
    summary: Callable[[str, list[dict]], None] | None = None,
    runs: int | None = None,
):
    """In the child: measure and print JSON. In the parent: run each database (--runs=N
    times, or `runs` times), show each run's figures and, after several runs, their
    summary."""
    if "--child" in sys.argv:
        print(json.dumps(measure()))
        return
    runs = runs or _runs()
    database = _database()
    if database:
        figures = _child(script, database.split(":", 1)[0], database)
        if figures:
            show(database, figures)
        return
    postgres = os.environ.get("RECTRACK_BENCH_POSTGRES_URL")
    for label in ("SQLite", "PostgreSQL") if postgres else ("SQLite",):
        results = []
        for _run in range(runs):
            with tempfile.TemporaryDirectory() as directory:
                if label == "SQLite":
                    url = f"sqlite:///{directory}/bench.sqlite3"
                else:
                    fresh_postgres(postgres)
                    url = postgres
                figures = _child(script, label, url)
            if figures:
                show(label, figures)
                results.append(figures)
        if summary and len(results) > 1:
            summary(label, results)
