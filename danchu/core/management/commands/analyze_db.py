from typing import Any

from django.core.management.base import BaseCommand

from danchu.core.db import analyze


class Command(BaseCommand):
    help = "Refresh the database's planner statistics (run after large imports)."

    def handle(self, *args: Any, **options: Any) -> None:
        analyze()
        self.stdout.write("Planner statistics refreshed.")
