"""Compare each unit's kept subtree figures with the records, and rewrite those that differ."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from danchu.people import headcounts


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--check", action="store_true", help="report only; exit 1 if any differ"
        )

    def handle(self, *args: Any, check: bool = False, **options: Any) -> None:
        wrong = headcounts.differences()
        if check:
            for pk, (kept, counted) in sorted(wrong.items())[:20]:
                self.stdout.write(f"unit {pk}: kept {kept}, counted {counted}")
            if wrong:
                raise SystemExit(1)
            self.stdout.write("Every unit's figures match the records.")
            return
        fixed = headcounts.repair()
        self.stdout.write(f"{fixed} units' figures rewritten.")
