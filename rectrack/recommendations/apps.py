from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    name = "rectrack.recommendations"
    label = "recommendations"
    verbose_name = _("Recommendations")

    def ready(self) -> None:
        # Not domain logic: SQLite's search triggers call a Python function (see search.sqlite).
        from rectrack.recommendations.search.sqlite import register_functions

        connection_created.connect(register_functions, dispatch_uid="rectrack_search_functions")
