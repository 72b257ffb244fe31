from django.apps import AppConfig
from django.db.backends.signals import connection_created


class AuditConfig(AppConfig):
    name = "danchu.audit"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from danchu.audit import checks, guard

        connection_created.connect(guard.install, dispatch_uid="danchu.audit.guard")
        checks.register()
