from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalkbConfig(AppConfig):
    name = "legalkb"
    verbose_name = _("Knowledge base")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import acts, checks  # noqa: F401  (register the passage citing signal and the system checks)
