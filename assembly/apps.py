from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssemblyConfig(AppConfig):
    """The session's own business: agenda, votes, elections and appointments by the congress."""

    name = "assembly"
    verbose_name = _("Session business")
    default_auto_field = "django.db.models.BigAutoField"
