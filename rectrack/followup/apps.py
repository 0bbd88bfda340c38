from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "rectrack.followup"
    label = "followup"
    verbose_name = _("Followup")

    def ready(self) -> None:
        from rectrack.followup import supplies

        supplies.register()
