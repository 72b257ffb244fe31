from django.apps import AppConfig


class DisclosuresConfig(AppConfig):
    name = "danchu.disclosures"
    default_auto_field = "django.db.models.BigAutoField"
