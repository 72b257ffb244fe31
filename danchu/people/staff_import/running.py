"""Applying a validated staff import job: all rows in one transaction, or none.

A row identical to the record changes nothing and logs nothing. Progress is published in the
cache while the import transaction is still open (the job row itself only changes once it commits).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from danchu.core.errors import DomainError, InvalidInput
from danchu.organizations.models import Unit
from danchu.people import services
from danchu.people.models import Person, User
from danchu.people.permissions import Action, can
from danchu.people.staff_import import progress
from danchu.people.staff_import.models import ImportJob

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int], None]


def run_import(job_id: int, *, on_progress: ProgressCallback | None = None) -> None:
    """Apply a pending job's rows, all or nothing; the job ends done or failed, never half-way."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.PENDING).update(
        status=ImportJob.Status.RUNNING
    )
    if not claimed:  # already run (a task retried, or enqueued twice)
        return
    job = ImportJob.objects.select_related("unit", "created_by").get(pk=job_id)
    progress.publish(job, processed=0)
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
        if done % progress.PROGRESS_EVERY == 0:
            progress.publish(job, processed=done)
        if on_progress is not None:
            on_progress(done, len(rows))
    return {
        "created_count": outcomes["created"],
        "updated_count": outcomes["updated"],
        "unchanged_count": outcomes["unchanged"],
    }


def _apply_row(
    actor: User,
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
    progress.publish_final(job, processed=processed)
