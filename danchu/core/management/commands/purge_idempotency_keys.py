from typing import Any

from django.core.management.base import BaseCommand

from danchu.core.idempotency import purge_expired


class Command(BaseCommand):
    help = (
        "Delete the submission keys (forms' one-time keys, API Idempotency-Key) older than "
        "IDEMPOTENCY_KEY_TTL (a day): a repeat after that acts again. Run it daily."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Deleted {purge_expired()} expired submission key(s).")
