import os

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = _("Serve Rectrack with the Waitress WSGI server (static files through WhiteNoise).")

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("RECTRACK_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, host: str, port: int, threads: int, **options):
        from waitress import serve

        from rectrack.wsgi import application

        if not 0 < port < 65536:
            raise CommandError(_("--port must be between 1 and 65535."))
        self.stdout.write(
            _("Rectrack is serving at http://%(host)s:%(port)s/ (Ctrl+C to stop).")
            % {"host": host, "port": port}
        )
        try:
            serve(application, host=host, port=port, threads=threads, ident="rectrack")
        except OSError as error:
            raise CommandError(
                _("cannot listen on %(host)s:%(port)s: %(reason)s. Choose another with PORT=.")
                % {"host": host, "port": port, "reason": error.strerror}
            ) from None
