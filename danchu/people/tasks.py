"""Background work for people: tasks take ids and call one service."""

from __future__ import annotations

from django_tasks import task

from danchu.people import import_services


@task()
def import_staff_task(job_id: int) -> None:
    """Apply a validated staff import (large files; see import_services.start_import)."""
    import_services.run_import(job_id)
