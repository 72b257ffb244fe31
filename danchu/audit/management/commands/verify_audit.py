"""`manage.py verify_audit`: recompute every audit chain and check it against the signed
checkpoints (and, with `--against FILE`, against a saved copy of the published ones); exit 1
when anything fails."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from tqdm import tqdm

from danchu.audit import verify_hooks
from danchu.audit.models import Entry
from danchu.audit.verify import verify_chain
from danchu.audit.verify_checkpoints import CheckpointResult, verify_checkpoints, verify_copies

PROGRESS_FROM = 10_000  # entries; below this the check is over before a bar would help


class Command(BaseCommand):
    help = (
        "Recompute the hash chains of the audit log, check them against the signed checkpoints "
        "and report where one is broken."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--against",
            type=Path,
            help="a saved copy of /audit/checkpoints.json, to check that none was removed",
        )

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
        signed = verify_checkpoints()
        _fail_unless(signed)
        self.stdout.write(self.style.SUCCESS(f"Signed checkpoints hold: {signed.checked}"))
        if options["against"]:
            copies = json.loads(options["against"].read_text(encoding="utf-8"))["checkpoints"]
            saved = verify_copies(copies)
            _fail_unless(saved)
            self.stdout.write(self.style.SUCCESS(f"Saved copies hold: {saved.checked}"))
        # The other apps' checks (danchu.audit.verify_hooks): silent when all is well.
        for name, check in verify_hooks.registered().items():
            if problems := check():
                raise CommandError(f"{name.capitalize()} BROKEN: " + "; ".join(problems))


def _fail_unless(result: CheckpointResult) -> None:
    if not result.ok:
        raise CommandError(
            f"Audit checkpoint {result.number} FAILS ({result.chain} #{result.seq}): "
            f"{result.reason}"
        )


class _Stream:
    """Lets tqdm redraw its line on the command's stderr (which would end each write)."""

    def __init__(self, out: OutputWrapper) -> None:
        self.out = out

    def write(self, text: str) -> None:
        self.out.write(text, ending="")

    def flush(self) -> None:
        self.out.flush()
