from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rectrack.accounts.models import User
from rectrack.accounts.services import api_token_create


class Command(BaseCommand):
    help = _(
        "Make a personal API token for a user, for an administrator's scripts: "
        "`rectrack token create --user NAME --name LABEL [--expires DAYS]` prints it once."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help=_("make a token and print it"))
        create.add_argument("--user", required=True, help=_("the user name it acts as"))
        create.add_argument("--name", required=True, help=_("what it is for, e.g. a script's name"))
        create.add_argument(
            "--expires",
            type=int,
            metavar="DAYS",
            help=_("days until it stops working (none: until revoked)"),
        )

    def handle(self, *args, action: str, user: str, name: str, expires: int | None, **options):
        if expires is not None and expires < 1:
            raise CommandError(_("--expires must be a number of days, 1 or more."))
        owner = User.objects.filter(username=user, is_active=True).first()
        if owner is None:
            raise CommandError(_("No active user is called %(user)s.") % {"user": user})
        try:
            token, secret = api_token_create(user=owner, name=name, expires_in_days=expires)
        except ValidationError as error:
            messages = "; ".join(
                f"{field}: {' '.join(m)}" for field, m in error.message_dict.items()
            )
            raise CommandError(messages) from None
        self.stdout.write(secret)
        until = token.expires_at.date().isoformat() if token.expires_at else _("until revoked")
        self.stderr.write(
            _("Token %(name)s for %(user)s (%(until)s): keep it secret, it is shown only once.")
            % {"name": token.name, "user": owner.username, "until": until}
        )
