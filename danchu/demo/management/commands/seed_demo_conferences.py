"""Add the demo staff conferences to a unit (last year's, held; the coming one, planned)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danchu.conferences.models import Conference
from danchu.demo.conferences import seed_conferences
from danchu.organizations.models import Unit


class Command(BaseCommand):
    help = "Add demo staff conferences to a unit: last year's held, with its votes; the next one."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", default="so-noi-vu", help="unit code (default: so-noi-vu)")
        parser.add_argument("--if-empty", action="store_true", help="skip if the unit has any")

    def handle(self, *args: Any, unit: str, if_empty: bool, **options: Any) -> None:
        target = Unit.objects.filter(code=unit).first()
        if target is None:
            if if_empty:
                return
            raise CommandError(f"No unit with code {unit!r}.")
        if if_empty and Conference.objects.filter(unit=target).exists():
            return
        done = seed_conferences(target)
        self.stdout.write(f"{len(done)} conferences added to {target.name}.")
