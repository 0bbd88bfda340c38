from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rectrack.core.backups import backup_create
from rectrack.core.errors import ApplicationError


class Command(BaseCommand):
    help = _(
        "Back up the whole database to one file (SQLite: a consistent copy while Rectrack "
        "runs; PostgreSQL: pg_dump). Default: var/backups/rectrack-DATE-TIME."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help=_("File to write."))

    def handle(self, *args, **options):
        try:
            path = backup_create(Path(options["path"]) if options["path"] else None)
        except ApplicationError as error:
            raise CommandError(str(error)) from None
        size = path.stat().st_size / 1024 / 1024
        self.stdout.write(
            _("Backup written to %(path)s (%(size).1f MB).") % {"path": path, "size": size}
        )
