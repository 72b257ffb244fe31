"""A running import's progress, published in the cache while its transaction is still open."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache

from danchu.people.staff_import.models import ImportJob

PROGRESS_EVERY = 100
PROGRESS_TIMEOUT = 24 * 60 * 60


def progress_key(job_id: int) -> str:
    return f"people:import-job:{job_id}:progress"


def publish(job: ImportJob, *, processed: int) -> None:
    """While the job runs: how many rows are done."""
    _store(job, processed)


def publish_final(job: ImportJob, *, processed: int) -> None:
    """Once the job has ended (done: every row; failed: none)."""
    _store(job, processed)


def _store(job: ImportJob, processed: int) -> None:
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
