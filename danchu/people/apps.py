from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "danchu.people"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from danchu.people.lockout import record_lockout

        # A leaf concern: the lockout itself is axes' own write; this appends its audit entry.
        user_locked_out.connect(record_lockout, dispatch_uid="danchu.people.record_lockout")
