"""Fill an empty database with the demo province (see danchu.demo.plan and danchu.demo.province)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from danchu.core.db import analyze
from danchu.demo import province
from danchu.organizations.models import Unit


class Command(BaseCommand):
    help = (
        "Create the demo province: Bắc Giang's provincial agencies, their 72 grassroots party "
        "organisations, about 12,000 staff (4,706 party members), roles, bodies and demo accounts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (quietly) when the database already has units.",
        )
        parser.add_argument(
            "--factor",
            type=float,
            default=1.0,
            help="Scale the number of organisations and people (10: 720 organisations, "
            "about 120,000 staff). At 1 the figures of the case are exact.",
        )

    def handle(self, *args: Any, if_empty: bool, factor: float, **options: Any) -> None:
        if Unit.objects.exists():
            if if_empty:
                return
            raise CommandError("The database already has units; seed_demo needs an empty one.")
        if not 0 < factor <= 100:
            raise CommandError("--factor must be greater than 0 and at most 100.")
        started = time.monotonic()
        with tqdm(total=0, unit=" rows", desc="seed_demo", disable=options["verbosity"] < 1) as bar:

            def set_total(total: int) -> None:
                bar.total = total
                bar.refresh()

            counts = province.seed(factor=factor, on_total=set_total, progress=bar.update)
        analyze()  # statistics for the query planner, now that the tables are full
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo province created in {elapsed:.1f} s: {counts['units']:,} units, "
                f"{counts['party_organizations']:,} party organisations, "
                f"{counts['staff']:,} staff, {counts['party_members']:,} party members, "
                f"{counts['accounts']} demo accounts."
            )
        )
