from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rectrack.core.worker import (
    WorkerBeat,
    task_queue,
    tasks_of_stopped_workers_fail,
    worker_id_new,
)


class Command(BaseCommand):
    help = _(
        "Run the background tasks (imports, large reports and exports, e-mails) queued in the "
        "database, one at a time, until stopped. `rectrack serve` starts one worker beside "
        "the web server; start more, on any machine that reaches the database, for more at "
        "once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch",
            action="store_true",
            help=_("run the tasks waiting now, then stop (for cron or a systemd timer)"),
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help=_("seconds between looks at the queue when it is empty"),
        )
        parser.add_argument(
            "--in-process",
            action="store_true",
            help=_(
                "with Redis: run each task in the worker's own process instead of a process "
                "of its own"
            ),
        )

    def handle(self, *args, batch: bool, interval: float, in_process: bool, **options):
        queue = task_queue()
        if queue is None:
            raise CommandError(
                _(
                    "RECTRACK_TASKS_URL=immediate runs each task where it is asked for: "
                    "there is no queue for a worker."
                )
            )
        if queue == "redis":  # RQ's worker, with django-tasks' kind of job
            call_command(
                "rqworker",
                "default",
                burst=batch,
                job_class="django_tasks.backends.rq.Job",
                worker_class="rq.worker.SimpleWorker" if in_process else None,
                verbosity=options["verbosity"],
            )
            return
        worker_id = worker_id_new()
        tasks_of_stopped_workers_fail()  # then every minute while it runs, unless --batch
        with WorkerBeat(worker_id, sweep=not batch):
            call_command(
                "db_worker",
                batch=batch,
                interval=interval,
                startup_delay=not batch,
                worker_id=worker_id,
                verbosity=options["verbosity"],
            )
