"""What `rectrack export` and `rectrack report` share: the user whose view is written, and
the recommendations chosen (the list's filters as in its URL, or one of the user's saved
views), each bad value one message naming it."""

from django.conf import settings
from django.core.management.base import CommandError
from django.http import QueryDict
from django.utils.translation import gettext as _

from rectrack.accounts.models import User
from rectrack.recommendations.forms import RecommendationFilterForm
from rectrack.recommendations.selectors import RecommendationFilters


def add_selection_arguments(parser, *, user_help: str) -> None:
    parser.add_argument(
        "--filters", default="", help=_("The list's filters, as in its URL: mechanism=UPR&q=…")
    )
    parser.add_argument("--saved-view", help=_("A saved view of the user, by name."))
    parser.add_argument("--user", required=True, help=user_help)
    parser.add_argument(
        "--language",
        choices=[code for code, _name in settings.LANGUAGES],
        default=settings.LANGUAGE_CODE,
        help=_("Of the headers and statuses."),
    )


def selected_user(name: str) -> User:
    user = User.objects.filter(username=name, is_active=True).first()
    if user is None:
        raise CommandError(_("No active user %(name)r.") % {"name": name})
    return user


def selected_filters(user: User, *, filters: str, saved_view: str | None) -> RecommendationFilters:
    query = filters
    if saved_view:
        view = user.saved_views.filter(name=saved_view).first()
        if view is None:
            raise CommandError(
                _("%(user)s has no saved view %(name)r.")
                % {"user": user.username, "name": saved_view}
            )
        query = view.query_string
    form = RecommendationFilterForm(QueryDict(query))
    if not form.is_valid():
        problems = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items())
        raise CommandError(_("Invalid filters: %(problems)s") % {"problems": problems})
    return form.to_filters()
