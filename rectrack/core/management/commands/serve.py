import os
import signal
import sys

from django.conf import settings as django_settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils.translation import gettext as _

from rectrack.core.startup import production_problem, wsgi_application
from rectrack.core.worker import TaskWorker, task_queue


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    try:
        return int(value) if value else default
    except ValueError:
        raise CommandError(_("%(name)s must be a whole number.") % {"name": name}) from None


class Command(BaseCommand):
    help = _(
        "Serve Rectrack (static files through WhiteNoise): one process with Waitress, or "
        "with --workers N, N processes with Gunicorn (Linux and macOS)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("RECTRACK_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=_env_int("PORT", 8000))
        parser.add_argument("--threads", type=int, default=_env_int("RECTRACK_THREADS", 8))
        parser.add_argument(
            "--no-worker",
            action="store_true",
            default=os.environ.get("RECTRACK_SERVE_WORKER", "1") in ("0", "false", "off", "no"),
            help=_(
                "do not start `rectrack worker` beside the web server (background tasks are "
                "then run by workers started elsewhere)"
            ),
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=_env_int("RECTRACK_WORKERS", 1),
            help=_("processes; Python uses one core per process, so one per core on a server"),
        )

    def handle(
        self, *args, host: str, port: int, threads: int, workers: int, no_worker: bool, **options
    ):
        if not 0 < port < 65536:
            raise CommandError(_("--port must be between 1 and 65535."))
        if workers < 1 or threads < 1:
            raise CommandError(_("--workers and --threads must be at least 1."))
        if problem := production_problem():
            raise CommandError(problem)
        self.stdout.write(
            _("Rectrack is serving at http://%(host)s:%(port)s/ (Ctrl+C to stop).")
            % {"host": host, "port": port}
        )
        # SIGTERM (systemd, Docker) ends the server as Ctrl+C does, and its worker with it.
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
        worker = None if no_worker or not task_queue() else TaskWorker().start()
        try:
            if workers == 1:
                self._waitress(host, port, threads)
            else:
                self._gunicorn(host, port, threads, workers)
        finally:
            if worker is not None:
                worker.stop()

    def _waitress(self, host: str, port: int, threads: int) -> None:
        from waitress import serve

        application = wsgi_application()

        try:
            serve(
                application,
                host=host,
                port=port,
                threads=threads,
                ident="rectrack",
                # the application reads the proxy headers, from RECTRACK_TRUSTED_PROXIES only
                clear_untrusted_proxy_headers=False,
            )
        except OSError as error:
            raise CommandError(
                _("cannot listen on %(host)s:%(port)s: %(reason)s. Choose another with PORT=.")
                % {"host": host, "port": port, "reason": error.strerror}
            ) from None

    def _gunicorn(self, host: str, port: int, threads: int, workers: int) -> None:
        if sys.platform == "win32":
            raise CommandError(_("--workers needs Linux or macOS; on Windows serve one process."))
        from gunicorn.app.base import BaseApplication

        application = wsgi_application()

        connections.close_all()  # nothing open is shared with the worker processes

        class Server(BaseApplication):
            def load_config(self):
                settings = {
                    "bind": f"{host}:{port}",
                    "workers": workers,
                    "threads": threads,
                    "worker_class": "gthread",
                    # Cold figures over a very large database take seconds: do not kill them.
                    "timeout": 120,
                    # People pause between pages: keep their connections, as Waitress does.
                    "keepalive": 75,
                    "proc_name": "rectrack",
                    # The scheme from these proxies' X-Forwarded-Proto (as the application).
                    "forwarded_allow_ips": ",".join(
                        str(network) for network in django_settings.RECTRACK_TRUSTED_PROXIES
                    ),
                }
                for key, value in settings.items():
                    self.cfg.set(key, value)

            def load(self):
                return application

        Server().run()
