from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferencesConfig(AppConfig):
    name = "danchu.conferences"
    verbose_name = _("Staff conferences")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # `verify_audit` also recounts every closed vote (audit sits below this app).
        from danchu.audit import verify_hooks
        from danchu.conferences.verify import problems

        verify_hooks.register("closed votes", problems)
