"""`manage.py seal_anonymous_batches`: seal each unit's anonymous acts of every day that is over.

Run it from the scheduler after midnight (or every few minutes: it is idempotent and seals only
days that are over, catching up on any it missed).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from danchu.anonymity.services import seal_past_days


class Command(BaseCommand):
    help = "Seal the anonymous acts of past days into the audit log (one entry per unit and day)."

    def handle(self, *args: Any, **options: Any) -> None:
        batches = seal_past_days()
        acts = sum(batch.count for batch in batches)
        self.stdout.write(f"sealed {len(batches)} batches, {acts} acts")
