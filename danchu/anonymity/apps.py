from django.apps import AppConfig


class AnonymityConfig(AppConfig):
    name = "danchu.anonymity"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # `verify_audit` also checks every sealed batch against its acts (audit cannot import
        # this app: it sits below it in the layers).
        from danchu.anonymity.verify import problems
        from danchu.audit import verify_hooks

        verify_hooks.register("anonymous batches", problems)
