"""Background work of the staff import: the task takes a job id and runs it."""

from __future__ import annotations

from django_tasks import task

from danchu.people.staff_import import running


@task()
def import_staff_task(job_id: int) -> None:
    """Apply a validated staff import (large files; see services.start_import)."""
    running.run_import(job_id)
