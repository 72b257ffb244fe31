from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from danchu.core.db import analyze
from danchu.demo.disclosures import seed_disclosures
from danchu.disclosures.models import Disclosure
from danchu.organizations.models import Unit


class Command(BaseCommand):
    help = "Add past disclosures to a unit of the demo (or thousands, for benchmarks)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", default="so-noi-vu", help="unit code (default: so-noi-vu)")
        parser.add_argument("--count", type=int, default=36)
        parser.add_argument("--if-empty", action="store_true", help="skip if the unit has any")

    def handle(self, *args: Any, unit: str, count: int, if_empty: bool, **options: Any) -> None:
        target = Unit.objects.filter(code=unit).first()
        if target is None:
            if if_empty:
                return
            raise CommandError(f"No unit with code {unit!r}.")
        if if_empty and Disclosure.objects.filter(unit=target).exists():
            return
        with tqdm(total=count, unit=" rows", desc="disclosures", disable=count < 1000) as bar:
            written = seed_disclosures(target, count=count, progress=bar.update)
        analyze()
        self.stdout.write(f"{written:,} disclosures added to {target.name}.")
