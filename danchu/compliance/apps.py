from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "danchu.compliance"
    verbose_name = _("Steering and compliance")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from danchu.compliance.refresh import on_fact
        from danchu.facts.services import subscribe

        subscribe(on_fact)
        post_migrate.connect(_load_catalogue, sender=self)


def _load_catalogue(sender: Any, **kwargs: Any) -> None:
    """Every migrate loads the catalogue from the apps' obligations.json files."""
    from danchu.compliance import catalogue

    catalogue.load()
