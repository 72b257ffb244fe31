"""`manage.py sign_audit_checkpoints`: sign the head of every audit chain that moved (scheduler)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from danchu.audit.checkpoints import sign_checkpoints


class Command(BaseCommand):
    help = "Sign a checkpoint of each audit chain whose head moved since its last checkpoint."

    def handle(self, *args: Any, **options: Any) -> None:
        made = sign_checkpoints()
        last = f", up to checkpoint {made[-1].number}" if made else ""
        self.stdout.write(f"Signed {len(made)} checkpoint(s){last}.")
