from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danchu.consultations.models import Consultation
from danchu.core.db import analyze
from danchu.demo.consultations import seed_consultations, seed_large
from danchu.organizations.models import Unit


class Command(BaseCommand):
    help = (
        "Add demo consultations to a unit (or one large draft with many opinions, for benchmarks)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", default="so-noi-vu", help="unit code (default: so-noi-vu)")
        parser.add_argument("--if-empty", action="store_true", help="skip if the unit has any")
        parser.add_argument("--large", nargs=2, type=int, metavar=("PARAGRAPHS", "OPINIONS"))

    def handle(self, *args: Any, unit: str, if_empty: bool, large: Any, **options: Any) -> None:
        target = Unit.objects.filter(code=unit).first()
        if target is None:
            if if_empty:
                return
            raise CommandError(f"No unit with code {unit!r}.")
        if if_empty and Consultation.objects.filter(unit=target).exists():
            return
        if large:
            consultation = seed_large(target, paragraphs=large[0], opinions=large[1])
            self.stdout.write(
                f"Consultation {consultation.pk}: {large[0]} paragraphs, {large[1]} opinions."
            )
        else:
            done = seed_consultations(target)
            self.stdout.write(f"{len(done)} consultations added to {target.name}.")
        analyze()
