from typing import Any

from django.core.management.base import BaseCommand

from danchu.disclosures.announcing import announce_scheduled, retire_ended


class Command(BaseCommand):
    help = (
        "Notify the audience of each item scheduled for later whose time has come (in-app; "
        "by e-mail in the daily digest), and mark read the notices of items whose posting period "
        "has ended. Run it every few minutes; nothing is announced twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Announced {announce_scheduled()} scheduled item(s).")
        self.stdout.write(f"Retired {retire_ended()} notice(s) of items whose period ended.")
