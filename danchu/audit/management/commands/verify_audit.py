"""`manage.py verify_audit`: recompute the audit chain; exit 1 when it is broken."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from tqdm import tqdm

from danchu.audit.models import HEAD_ID, Head
from danchu.audit.verify import verify_chain

PROGRESS_FROM = 10_000  # entries; below this the check is over before a bar would help


class Command(BaseCommand):
    help = "Recompute the hash chain of the audit log and report the first broken entry."

    def handle(self, *args: Any, **options: Any) -> None:
        head = Head.objects.filter(pk=HEAD_ID).first()
        expected = head.seq if head else 0
        with tqdm(
            total=expected,
            unit="entries",
            file=_Stream(self.stderr),
            disable=expected < PROGRESS_FROM,
        ) as bar:
            result = verify_chain(progress=bar.update)
        if not result.ok:
            raise CommandError(
                f"Audit chain BROKEN at entry #{result.first_broken_seq}: {result.reason}"
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {result.checked} entries"))


class _Stream:
    """Lets tqdm redraw its line on the command's stderr (which would end each write)."""

    def __init__(self, out: OutputWrapper) -> None:
        self.out = out

    def write(self, text: str) -> None:
        self.out.write(text, ending="")

    def flush(self) -> None:
        self.out.flush()
