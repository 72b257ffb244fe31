"""Open consultations whose time has come, remind before closing, close those that are over.

Run it every few minutes from the scheduler (cron, systemd timer); each step is idempotent.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from danchu.consultations import clock


class Command(BaseCommand):
    help = "Open, remind and close consultations on time."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = clock.advance()
        self.stdout.write("opened {opened}, reminded {reminded}, closed {closed}".format(**counts))
