from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalkbConfig(AppConfig):
    name = "legalkb"
    verbose_name = _("Knowledge base")
