from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "danchu.organizations"
    default_auto_field = "django.db.models.BigAutoField"
