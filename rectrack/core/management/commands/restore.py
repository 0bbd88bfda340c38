from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rectrack.core.backups import backup_restore
from rectrack.core.errors import ApplicationError


class Command(BaseCommand):
    help = _(
        "Replace the whole database with a backup made by `rectrack backup`. Everything "
        "written since that backup is lost; stop the server first."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("The backup file."))
        parser.add_argument("--yes", action="store_true", help=_("Do not ask for confirmation."))

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not options["yes"]:
            answer = input(
                _("Replace the whole database with %(path)s? Type yes: ") % {"path": path}
            )
            if answer.strip().lower() != "yes":
                raise CommandError(_("Nothing restored."))
        try:
            backup_restore(path)
        except ApplicationError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(_("Restored %(path)s.") % {"path": path})
