from typing import Any

from django.core.management.base import BaseCommand

from danchu.notifications.digest import send_daily_digests


class Command(BaseCommand):
    help = (
        "E-mail each person their unread notices of the last day that were not e-mailed at once "
        "(publications, corrections, consultations closed, syntheses), unless they turned the "
        "digest off. Run it daily; a second run the same day sends nothing twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Sent {send_daily_digests()} digest(s).")
