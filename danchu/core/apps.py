from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "danchu.core"
    default_auto_field = "django.db.models.BigAutoField"
