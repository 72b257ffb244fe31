from typing import Any

from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandParser

from danchu.core.files import orphan_files

HOUR = 60 * 60


class Command(BaseCommand):
    help = (
        "Delete stored files that no record names (left by a write that failed or a process "
        "that stopped mid-way). Files younger than --older-than seconds are kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--older-than", type=int, default=HOUR, help="seconds (default 3600)")
        parser.add_argument("--dry-run", action="store_true", help="list them, delete nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        storage = storages["default"]
        orphans = orphan_files(older_than=options["older_than"], storage=storage)
        for name in orphans:
            if not options["dry_run"]:
                storage.delete(name)
            if options["verbosity"] > 1:
                self.stdout.write(name)
        verb = "Would delete" if options["dry_run"] else "Deleted"
        self.stdout.write(f"{verb} {len(orphans)} file(s) that no record names.")
