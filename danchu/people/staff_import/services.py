"""Starting a staff import: validate every row, then apply them now, or in a task if many.

Each row goes through people.services.create_person / update_person (see `running`), so every
change is checked and audited like a hand edit.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from danchu.core.errors import InvalidInput
from danchu.organizations.models import Unit
from danchu.people.models import User
from danchu.people.permissions import Action, can
from danchu.people.staff_import import running, tasks
from danchu.people.staff_import.models import ImportJob
from danchu.people.staff_import.validation import validate_rows

SYNC_LIMIT = 200  # up to this many rows are imported during the request


@transaction.atomic
def start_import(*, actor: User, unit: Unit, rows: list[dict[str, Any]]) -> ImportJob:
    """Validate `rows` (from parsing.parse_file) and import them now, or in a task if many."""
    job = _create_job(actor=actor, unit=unit, rows=rows)
    if job.total <= SYNC_LIMIT:
        running.run_import(job.pk)
        job.refresh_from_db()
    else:
        job_id = job.pk
        transaction.on_commit(lambda: tasks.import_staff_task.enqueue(job_id))
    return job


def import_now(
    *,
    actor: User,
    unit: Unit,
    rows: list[dict[str, Any]],
    on_progress: running.ProgressCallback | None,
) -> ImportJob:
    """Validate and import in this process, reporting each row (the management command)."""
    job = _create_job(actor=actor, unit=unit, rows=rows)
    running.run_import(job.pk, on_progress=on_progress)
    job.refresh_from_db()
    return job


def _create_job(*, actor: User, unit: Unit, rows: list[dict[str, Any]]) -> ImportJob:
    if not can(actor, Action.MANAGE_PEOPLE, unit):
        raise PermissionDenied
    clean, errors = validate_rows(actor, unit, rows)
    if errors:
        message = ngettext(
            "Nothing was imported: %(count)d problem was found in the file.",
            "Nothing was imported: %(count)d problems were found in the file.",
            len(errors),
        )
        raise InvalidInput(message % {"count": len(errors)}, errors=errors)
    if not clean:
        raise InvalidInput(_("The file contains no staff rows below the header row."))
    return ImportJob.objects.create(unit=unit, created_by=actor, total=len(clean), rows=clean)
