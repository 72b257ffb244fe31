"""Load the obligations catalogue from every app's obligations.json (migrate does it too)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from danchu.compliance import catalogue


class Command(BaseCommand):
    help = "Load the duties of every app's obligations.json into the catalogue."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            codes = catalogue.load()
        except catalogue.CatalogueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{len(codes)} duties: {', '.join(codes)}")
