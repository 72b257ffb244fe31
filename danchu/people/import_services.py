"""The staff import: validate every row, then apply all of them in one transaction, or none.

Each row goes through services.create_person / update_person, so every change is checked and
audited like a hand edit, and a row identical to the record changes nothing and logs nothing.
Progress is published in the cache while the import transaction is still open (the job row itself
only changes once it commits).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from danchu.core.errors import DomainError, InvalidInput
from danchu.organizations.models import Unit
from danchu.people import services, tasks
from danchu.people.import_models import ImportJob
from danchu.people.imports import validate_rows
from danchu.people.models import Person
from danchu.people.permissions import Action, can

logger = logging.getLogger(__name__)

SYNC_LIMIT = 200  # up to this many rows are imported during the request
PROGRESS_EVERY = 100
PROGRESS_TIMEOUT = 24 * 60 * 60

ProgressCallback = Callable[[int, int], None]


@transaction.atomic
def start_import(*, actor: Any, unit: Unit, rows: list[dict[str, Any]]) -> ImportJob:
    """Validate `rows` (from imports.parse_file) and import them now, or in a task if many."""
    job = _create_job(actor=actor, unit=unit, rows=rows)
    if job.total <= SYNC_LIMIT:
        run_import(job.pk)
        job.refresh_from_db()
    else:
        job_id = job.pk
        transaction.on_commit(lambda: tasks.import_staff_task.enqueue(job_id))
    return job


def import_now(
    *, actor: Any, unit: Unit, rows: list[dict[str, Any]], on_progress: ProgressCallback | None
) -> ImportJob:
    """Validate and import in this process, reporting each row (the management command)."""
    job = _create_job(actor=actor, unit=unit, rows=rows)
    run_import(job.pk, on_progress=on_progress)
    job.refresh_from_db()
    return job


def _create_job(*, actor: Any, unit: Unit, rows: list[dict[str, Any]]) -> ImportJob:
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


def run_import(job_id: int, *, on_progress: ProgressCallback | None = None) -> None:
    """Apply a pending job's rows, all or nothing; the job ends done or failed, never half-way."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.PENDING).update(
        status=ImportJob.Status.RUNNING
    )
    if not claimed:  # already run (a task retried, or enqueued twice)
        return
    job = ImportJob.objects.select_related("unit", "created_by").get(pk=job_id)
    _publish(job, processed=0)
    try:
        counts = _apply(job, on_progress)
    except (DomainError, PermissionDenied) as error:
        message = getattr(error, "message", "") or _("You may not import staff into this unit.")
        _finish(job, status=ImportJob.Status.FAILED, error=str(message))
    except Exception:
        logger.exception("Staff import %s failed", job_id)
        _finish(job, status=ImportJob.Status.FAILED, error=_("An unexpected error occurred."))
    else:
        _finish(job, status=ImportJob.Status.DONE, counts=counts)


@transaction.atomic
def _apply(job: ImportJob, on_progress: ProgressCallback | None) -> dict[str, int]:
    actor, target = job.created_by, job.unit
    if not can(actor, Action.MANAGE_PEOPLE, target):
        raise PermissionDenied
    rows: list[dict[str, Any]] = job.rows
    units = Unit.objects.in_bulk(
        {target.pk}
        | {row[key] for row in rows for key in ("unit", "party_organization") if row.get(key)}
    )
    existing = _people_by_code([row["staff_code"] for row in rows])
    outcomes: Counter[str] = Counter()
    for done, row in enumerate(rows, start=1):
        try:
            outcomes[_apply_row(actor, target, row, existing, units)] += 1
        except DomainError as error:
            raise InvalidInput(
                _("Row %(row)d: %(message)s") % {"row": row["row"], "message": error.message}
            ) from error
        if done % PROGRESS_EVERY == 0:
            _publish(job, processed=done)
        if on_progress is not None:
            on_progress(done, len(rows))
    return {
        "created_count": outcomes["created"],
        "updated_count": outcomes["updated"],
        "unchanged_count": outcomes["unchanged"],
    }


def _apply_row(
    actor: Any,
    target: Unit,
    row: dict[str, Any],
    existing: dict[str, Person],
    units: dict[int, Unit],
) -> str:
    fields = {key: value for key, value in row.items() if key != "row"}
    for key in ("unit", "party_organization"):
        if key in fields:
            fields[key] = units[fields[key]] if fields[key] else None
    if fields.get("birth_date"):
        fields["birth_date"] = dt.date.fromisoformat(fields["birth_date"])
    person = existing.get(row["staff_code"])
    if person is None:
        fields.setdefault("unit", target)
        services.create_person(actor=actor, **fields)
        return "created"
    if "unit" not in fields and (person.unit is None or not person.unit.is_within(target)):
        fields["unit"] = target  # joins the unit imported into; departments within it are kept
    if all(getattr(person, key) == value for key, value in fields.items()):
        return "unchanged"
    services.update_person(actor=actor, person=person, **fields)
    return "updated"


def _people_by_code(codes: list[str]) -> dict[str, Person]:
    found: dict[str, Person] = {}
    for start in range(0, len(codes), 500):
        people = Person.objects.filter(staff_code__in=codes[start : start + 500])
        for person in people.select_related("unit", "party_organization"):
            found[person.staff_code or ""] = person
    return found


def _finish(
    job: ImportJob, *, status: str, error: str = "", counts: dict[str, int] | None = None
) -> None:
    processed = job.total if status == ImportJob.Status.DONE else 0
    # The rows (names, dates of birth, phones) are kept only until the job has run.
    ImportJob.objects.filter(pk=job.pk).update(
        status=status, processed=processed, error=error, rows=[], **(counts or {})
    )
    cache.set(progress_key(job.pk), {"processed": processed, "total": job.total}, PROGRESS_TIMEOUT)


def progress_key(job_id: int) -> str:
    return f"people:import-job:{job_id}:progress"


def _publish(job: ImportJob, *, processed: int) -> None:
    cache.set(progress_key(job.pk), {"processed": processed, "total": job.total}, PROGRESS_TIMEOUT)


def progress(job: ImportJob) -> dict[str, Any]:
    """The job's status and row counts, live from the cache while it runs."""
    processed = job.processed
    if not job.is_finished:
        live = cache.get(progress_key(job.pk))
        if live:
            processed = min(int(live.get("processed", 0)), job.total)
    return {
        "status": job.status,
        "processed": processed,
        "total": job.total,
        "percent": round(100 * processed / job.total) if job.total else 0,
        "finished": job.is_finished,
    }
