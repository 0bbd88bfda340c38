"""Backups of the whole database, and restoring one.

SQLite: a consistent copy through SQLite's online backup API (the application may keep
running), checked with PRAGMA integrity_check; restoring copies it back the same way, in
one step. PostgreSQL: `pg_dump --format=custom`; restoring runs `pg_restore --clean
--single-transaction`, so a failed restore leaves the database as it was. The full-text
index, files aside, is part of the database and comes back with it. Uploaded evidence files
live in the media folder and are backed up as files (README)."""

import datetime
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections
from django.utils.translation import gettext as _

from rectrack.core.errors import ApplicationError

SQLITE_SUFFIX = ".sqlite3"
POSTGRES_SUFFIX = ".dump"
SQLITE_MAGIC = b"SQLite format 3\x00"
POSTGRES_MAGIC = b"PGDMP"


def default_backup_path() -> Path:
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")  # noqa: DTZ005 - local file name
    suffix = SQLITE_SUFFIX if connection.vendor == "sqlite" else POSTGRES_SUFFIX
    return Path(settings.VAR_DIR) / "backups" / f"rectrack-{stamp}{suffix}"


def _pg_environment() -> tuple[list[str], dict[str, str]]:
    """pg_dump / pg_restore connection options; the password goes by environment only."""
    db = connection.settings_dict
    options = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        options += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        options += ["--port", str(db["PORT"])]
    if db.get("USER"):
        options += ["--username", str(db["USER"])]
    environment = {**os.environ}
    if db.get("PASSWORD"):
        environment["PGPASSWORD"] = str(db["PASSWORD"])
    return options, environment


def _run(command: list[str], environment: dict[str, str], what: str) -> None:
    if not shutil.which(command[0]):
        raise ApplicationError(
            _("%(program)s is not installed: it is needed to %(what)s.")
            % {"program": command[0], "what": what}
        )
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    if done.returncode:
        message = (done.stderr or done.stdout).strip().splitlines()
        raise ApplicationError(
            _("%(program)s failed: %(message)s")
            % {"program": command[0], "message": message[-1] if message else "-"}
        )


def backup_create(path: Path | None = None) -> Path:
    """Write a backup of the whole database to `path` (default: var/backups/…); returns it."""
    path = Path(path or default_backup_path())
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        raise ApplicationError(
            _("%(path)s already exists: choose another file name.") % {"path": path}
        )
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
            (result,) = target.execute("PRAGMA integrity_check").fetchone()
        finally:
            target.close()
        if result != "ok":
            path.unlink(missing_ok=True)
            raise ApplicationError(
                _("The backup failed its integrity check: %(result)s") % {"result": result}
            )
    else:
        options, environment = _pg_environment()
        command = ["pg_dump", "--format=custom", "--no-owner", "--file", str(path), *options]
        _run(command, environment, _("back up a PostgreSQL database"))
    return path


def _kind(path: Path) -> str:
    try:
        with path.open("rb") as file:
            head = file.read(16)
    except OSError as error:
        raise ApplicationError(
            _("%(path)s: cannot be read (%(error)s).") % {"path": path, "error": error.strerror}
        ) from None
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(POSTGRES_MAGIC):
        return "postgresql"
    raise ApplicationError(
        _("%(path)s: not a Rectrack backup (neither SQLite nor pg_dump).") % {"path": path}
    )


def backup_restore(path: Path) -> None:
    """Replace the whole database with the backup at `path`. Everything written since the
    backup is lost: the command asks for confirmation."""
    path = Path(path)
    kind = _kind(path)
    if kind != connection.vendor:
        raise ApplicationError(
            _("%(path)s is a %(kind)s backup; this database is %(vendor)s.")
            % {"path": path, "kind": kind, "vendor": connection.vendor}
        )
    if kind == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            (result,) = source.execute("PRAGMA integrity_check").fetchone()
            if result != "ok":
                raise ApplicationError(
                    _("%(path)s: the backup is damaged: %(result)s")
                    % {"path": path, "result": result}
                )
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        connections.close_all()
        options, environment = _pg_environment()
        command = [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            *options,
            str(path),
        ]
        _run(command, environment, _("restore a PostgreSQL backup"))
    connections.close_all()
    cache.clear()  # figures computed on the data that was replaced
