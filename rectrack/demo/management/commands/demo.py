import os

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rectrack.accounts.models import User
from rectrack.core.errors import ApplicationError
from rectrack.demo.content import STATE
from rectrack.demo.services import DEMO_ADMIN, DemoCredential, credentials_read, demo_load
from rectrack.recommendations.models import Recommendation


class Command(BaseCommand):
    help = _(
        "Load the demo data set (the fictional Republic of Valdoria) with an administrator, a "
        "coordinator and a viewer, and print their passwords."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=_("Load nothing, and succeed, if the database already holds recommendations."),
        )

    def handle(self, *args, if_empty: bool, **options):
        if if_empty and Recommendation.objects.exists():
            self.stdout.write(_("The database already holds recommendations: nothing loaded."))
            admin = next((c for c in credentials_read() if c.username == DEMO_ADMIN), None)
            if admin is not None:
                self.stdout.write(self._login_line(admin))
            return
        try:
            result = demo_load()
        except ApplicationError as error:
            raise CommandError(error.message) from None
        self.stdout.write(
            _("Loaded %(count)s recommendations addressed to the %(state)s:")
            % {"count": result.total, "state": STATE["name"]}
        )
        for code, count in result.counts.items():
            self.stdout.write(f"  {code:<12} {count:>4}")
        self.stdout.write(
            _("Users (passwords saved in %(path)s):") % {"path": result.credentials_file}
        )
        roles = dict(User.Role.choices)
        for credential in result.credentials:
            self.stdout.write(
                f"  {credential.username:<12} {credential.password}  {roles[credential.role]}"
            )
        self.stdout.write(self._login_line(result.admin))

    def _login_line(self, credential: DemoCredential) -> str:
        return _("Log in at %(url)s as %(username)s / %(password)s") % {
            "url": f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/",
            "username": credential.username,
            "password": credential.password,
        }
