"""The ``rectrack`` command: Django's manage.py, plus one-line errors for bad configuration."""

import os
import sys
from urllib.parse import urlsplit, urlunsplit

# Commands that must work without a reachable database.
NO_DATABASE_COMMANDS = {
    "help",
    "--help",
    "-h",
    "version",
    "--version",
    "check",
    "collectstatic",
    "makemessages",
    "compilemessages",
    "makemigrations",
}

# Commands that work on a database whose migrations are not all applied.
MIGRATION_COMMANDS = {"migrate", "showmigrations", "sqlmigrate", "dbshell", "shell", "flush"}


def redact(url: str) -> str:
    """A database URL with its password hidden, safe to print."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


def database_problem() -> str | None:
    """Connect once; describe the failure in one line naming the variable to fix."""
    from django.db import DatabaseError, connection

    try:
        connection.ensure_connection()
    except DatabaseError as error:
        url = os.environ.get("RECTRACK_DATABASE_URL", "")
        where = (
            f"the database named by RECTRACK_DATABASE_URL ({redact(url)})"
            if url
            else f"the SQLite database {connection.settings_dict['NAME']}"
        )
        reason = " ".join(str(error).split()) or error.__class__.__name__
        return f"cannot connect to {where}: {reason}. Check RECTRACK_DATABASE_URL."
    return None


def pending_migrations() -> int:
    """How many migrations the database still lacks."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def fail(message: str) -> "None":
    print(f"rectrack: {message}", file=sys.stderr)
    raise SystemExit(1)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rectrack.settings")
    from django.core.exceptions import ImproperlyConfigured

    from rectrack.core.config import ConfigError

    try:
        import django

        django.setup()
    except (ConfigError, ImproperlyConfigured) as error:
        fail(str(error))
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")  # `rectrack send-reminders` runs send_reminders
    command = argv[1] if len(argv) > 1 else "help"
    if command not in NO_DATABASE_COMMANDS:
        problem = database_problem()
        if problem:
            fail(problem)
        if command not in MIGRATION_COMMANDS and (pending := pending_migrations()):
            fail(f"the database lacks {pending} migrations: run `rectrack migrate` first.")
    if command == "serve":
        from rectrack.core.startup import production_problem

        if problem := production_problem():
            fail(problem)
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
