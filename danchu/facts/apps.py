from django.apps import AppConfig


class FactsConfig(AppConfig):
    name = "danchu.facts"
    default_auto_field = "django.db.models.BigAutoField"
