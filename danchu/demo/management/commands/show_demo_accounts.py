from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from danchu.demo.accounts import DEMO_ACCOUNTS


class Command(BaseCommand):
    help = "Print the demo accounts and the address to open (used by `make run`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", default="8000")

    def handle(self, *args: Any, port: str, **options: Any) -> None:
        translation.activate("en")
        self.stdout.write(f"\n  danchu is starting at http://127.0.0.1:{port}/\n")
        self.stdout.write(f"  Demo accounts (password: {settings.DEMO_PASSWORD}):")
        for username, description in DEMO_ACCOUNTS:
            self.stdout.write(f"    {username:<10} {description}")
        self.stdout.write("")
