from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    """Voters' opinions from a deputy's or a station's code, followed to an answer."""

    name = "intake"
    verbose_name = _("Voters' opinions")
    default_auto_field = "django.db.models.BigAutoField"
