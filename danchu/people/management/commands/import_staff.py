"""manage.py import_staff UNIT_CODE FILE --user USERNAME: the staff import from a terminal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from tqdm import tqdm

from danchu.core.errors import InvalidInput
from danchu.organizations.models import Unit
from danchu.people.models import User
from danchu.people.staff_import import parsing, services
from danchu.people.staff_import.models import ImportJob


class Command(BaseCommand):
    help = (
        "Import staff into a unit from an .xlsx or .csv file (the web import's template). "
        "Every row is checked first; if any row is bad nothing is imported and the command "
        "exits with status 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "unit_code", help="code of the agency, public service unit or department"
        )
        parser.add_argument("file", type=Path, help="the .xlsx or .csv file")
        parser.add_argument("--user", required=True, help="username of the person importing")
        parser.add_argument("--no-progress", action="store_true", help="hide the progress bar")
        parser.add_argument(
            "--language",
            choices=[code for code, _ in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="language of the messages about the file's rows",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate(options["language"])
        unit = Unit.objects.filter(code=options["unit_code"]).first()
        if unit is None:
            raise CommandError(f"No unit has the code {options['unit_code']!r}.")
        actor = get_user_model().objects.filter(username=options["user"]).first()
        if actor is None:
            raise CommandError(f"No user is named {options['user']!r}.")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        try:
            job = self._import(actor, unit, path, progress=not options["no_progress"])
        except PermissionDenied as error:
            raise CommandError(f"{actor} may not import staff into {unit}.") from error
        except InvalidInput as error:
            for problem in error.errors:
                self.stderr.write(
                    f"Row {problem['row']}, {problem['column']}: {problem['message']}"
                )
            raise CommandError(str(error.message)) from error
        if job.status != ImportJob.Status.DONE:
            raise CommandError(f"The import failed; nothing was changed. {job.error}".strip())
        self.stdout.write(
            self.style.SUCCESS(
                f"{job.total} rows: {job.created_count} added, {job.updated_count} updated, "
                f"{job.unchanged_count} unchanged."
            )
        )

    def _import(self, actor: User, unit: Unit, path: Path, *, progress: bool) -> ImportJob:
        with path.open("rb") as handle:
            rows = parsing.parse_file(File(handle, name=path.name))
        with tqdm(total=len(rows), unit="row", desc="Import", disable=not progress) as bar:

            def advance(done: int, total: int) -> None:
                bar.update(done - bar.n)

            return services.import_now(actor=actor, unit=unit, rows=rows, on_progress=advance)
