"""Seed the demo province's compliance history (steering committees, conferences, boards)."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from danchu.compliance.models import SteeringCommittee
from danchu.demo.compliance import seed_compliance
from danchu.organizations.models import Unit, UnitKind


class Command(BaseCommand):
    help = (
        "Seed the demo's steering committees, conference history and boards, then compute duties."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true", help="skip if any committee exists")

    def handle(self, *args: Any, if_empty: bool, **options: Any) -> None:
        if if_empty and SteeringCommittee.objects.exists():
            return
        orgs = Unit.objects.filter(kind=UnitKind.PARTY_ORGANIZATION).count()
        with tqdm(
            total=orgs, unit="organisations", file=sys.stderr, disable=not sys.stderr.isatty()
        ) as bar:
            done = seed_compliance(progress=bar.update)
        self.stdout.write(
            f"{done['committees']} steering committees; history of {done['units']} organisations."
        )
