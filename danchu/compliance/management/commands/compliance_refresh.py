"""The daily run: every unit's obligations brought in line with its facts and with today (what
fell due without a fact becomes missed), and the tallies up the tree with them."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from danchu.compliance import refresh, tallies
from danchu.organizations.models import Unit


class Command(BaseCommand):
    help = "Refresh every unit's obligations for this year and last (run daily)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, action="append", help="a year (repeatable)")
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="then recompute every tally from the units' results",
        )

    def handle(self, *args: Any, year: list[int] | None, rebuild: bool, **options: Any) -> None:
        today = timezone.localdate()
        years = year or [today.year - 1, today.year]
        units = list(Unit.objects.order_by("path"))
        changed = 0
        with tqdm(
            total=len(units),
            unit="units",
            file=sys.stderr,
            disable=len(units) < 50 or not sys.stderr.isatty(),
        ) as bar:
            for unit in units:
                with transaction.atomic():
                    changed += refresh.refresh_unit(unit, years, today=today)
                bar.update(1)
        tallies.fold()  # what a process stopped before folding left pending
        if rebuild:
            tallies.rebuild()
        self.stdout.write(f"{len(units)} units, years {years}: {changed} obligations changed.")
