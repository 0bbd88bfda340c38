"""`rectrack send-reminders`: the daily run of notifications. It tells focal points about
update requests due soon or overdue and actions whose deadline is near or passed (never twice
for the same reason), e-mails again every notification whose e-mail could not be sent, and
sends the daily digests. Run it once a day (cron or a systemd timer)."""

import argparse
import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rectrack.followup.services.emails import notifications_email_pending
from rectrack.followup.services.notifications import (
    action_deadlines_notify,
    notifications_emailed_here,
)
from rectrack.followup.services.requests import reminders_send


def iso_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("%(text)r is not a date: use YYYY-MM-DD.") % {"text": text}
        ) from None


def emails(count: int) -> str:
    return ngettext("%(count)d e-mail", "%(count)d e-mails", count) % {"count": count}


class Command(BaseCommand):
    help = (
        "Tell focal points about update requests and actions due within --days days or "
        "overdue (once per item and reason), retry notification e-mails not sent yet and send "
        "the daily digests. Exits with status 1 if any e-mail could not be sent (it is kept "
        "and retried next time)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=7,
            help="Remind about requests and actions due within this many days (default 7).",
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
            raise CommandError(_("--days cannot be negative."))
        today = today or timezone.localdate()
        with notifications_emailed_here():  # the pending run below e-mails them
            reminded = reminders_send(today=today, days=days) + action_deadlines_notify(
                today=today, days=days
            )
            run = notifications_email_pending()
        told = ngettext(
            "Told %(count)d person of a deadline;",
            "Told %(count)d people of a deadline;",
            reminded,
        ) % {"count": reminded}
        digests = ngettext("%(count)d digest", "%(count)d digests", run.digests) % {
            "count": run.digests
        }
        self.stdout.write(
            _("%(told)s sent %(emails)s (%(digests)s).")
            % {"told": told, "emails": emails(run.sent), "digests": digests}
        )
        if run.failed:
            # One line for cron's mail or the journal, naming what to check.
            raise CommandError(
                _(
                    "could not send %(emails)s (%(error)s); they are kept and retried at the "
                    "next run: check RECTRACK_EMAIL_HOST and RECTRACK_EMAIL_PORT."
                )
                % {"emails": emails(run.failed), "error": run.errors[-1]}
            )
