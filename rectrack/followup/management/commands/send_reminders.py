"""`rectrack send-reminders`: e-mail focal points about update requests due soon or overdue.
Run it once a day (cron or a systemd timer); running it more often never repeats a reminder."""

import argparse
import datetime
import smtplib

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from rectrack.followup.services.requests import reminders_send


def iso_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: use YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = (
        "E-mail focal points whose institutions have an update request due within --days days "
        "or overdue; each person is reminded once per request and reason."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=7,
            help="Remind about requests due within this many days (default 7).",
        )
        parser.add_argument(
            "--today",
            type=iso_date,
            default=None,
            metavar="YYYY-MM-DD",
            help="Count from this date instead of today (for catching up or testing).",
        )

    def handle(self, *args, days: int, today: datetime.date | None, **options) -> None:
        if days < 0:
            raise CommandError("--days cannot be negative.")
        try:
            sent = reminders_send(today=today or timezone.localdate(), days=days)
        except (smtplib.SMTPException, OSError) as error:
            # One line for cron's mail or the journal, naming what to check.
            raise CommandError(
                f"could not send e-mail ({error}); check RECTRACK_EMAIL_HOST and "
                "RECTRACK_EMAIL_PORT."
            ) from error
        self.stdout.write(f"Sent {sent} reminder e-mail{'' if sent == 1 else 's'}.")
