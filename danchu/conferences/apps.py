from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferencesConfig(AppConfig):
    name = "danchu.conferences"
    verbose_name = _("Staff conferences")
    default_auto_field = "django.db.models.BigAutoField"
