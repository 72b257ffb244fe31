from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "danchu.demo"
    default_auto_field = "django.db.models.BigAutoField"
