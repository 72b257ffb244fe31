"""`manage.py verify_audit`: recompute every audit chain; exit 1 when one is broken."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from tqdm import tqdm

from danchu.audit import checks
from danchu.audit.models import Entry
from danchu.audit.verify import verify_chain

PROGRESS_FROM = 10_000  # entries; below this the check is over before a bar would help


class Command(BaseCommand):
    help = "Recompute the hash chains of the audit log and report where one is broken."

    def handle(self, *args: Any, **options: Any) -> None:
        expected = Entry.objects.count()
        with tqdm(
            total=expected,
            unit="entries",
            file=_Stream(self.stderr),
            disable=expected < PROGRESS_FROM,
        ) as bar:
            result = verify_chain(progress=bar.update)
        if not result.ok:
            raise CommandError(
                f"Audit chain {result.chain} BROKEN at entry #{result.first_broken_seq}: "
                f"{result.reason}"
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chains intact: {result.checked} entries"))
        # The other apps' checks (danchu.audit.checks): silent when all is well.
        for name, check in checks.registered().items():
            if problems := check():
                raise CommandError(f"{name.capitalize()} BROKEN: " + "; ".join(problems))


class _Stream:
    """Lets tqdm redraw its line on the command's stderr (which would end each write)."""

    def __init__(self, out: OutputWrapper) -> None:
        self.out = out

    def write(self, text: str) -> None:
        self.out.write(text, ending="")

    def flush(self) -> None:
        self.out.flush()
