"""The consultation clock: open what is due, remind before closing, close what is over.

Run by `manage.py advance_consultations` every few minutes; each step is idempotent and takes
its row lock, so two runs at once do each thing once. Closing (on time or early, by the head)
is here too, because both end the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from danchu import audit
from danchu.consultations import notices
from danchu.consultations.models import Consultation, Status
from danchu.consultations.rules import REMINDER_WORKING_DAYS
from danchu.core.workdays import add_working_days
from danchu.facts.services import emit
from danchu.people.models import User

Step = Callable[[Consultation, dt.datetime], bool]


def advance(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Open what is due, remind two working days before closing, close what is over."""
    now = now or timezone.now()
    counts = {"opened": 0, "reminded": 0, "closed": 0}
    for consultation in Consultation.objects.filter(status=Status.PLANNED, opens_at__lte=now):
        counts["opened"] += _advance_one(consultation.pk, now=now, step=_open_due)
    for consultation in Consultation.objects.filter(status=Status.OPEN, reminded_at__isnull=True):
        counts["reminded"] += _advance_one(consultation.pk, now=now, step=_remind_due)
    for consultation in Consultation.objects.filter(status=Status.OPEN, closes_at__lte=now):
        counts["closed"] += _advance_one(consultation.pk, now=now, step=_close_due)
    return counts


def _advance_one(pk: int, *, now: dt.datetime, step: Step) -> int:
    with transaction.atomic():
        consultation = Consultation.objects.select_for_update().get(pk=pk)
        return int(step(consultation, now))


def _open_due(consultation: Consultation, now: dt.datetime) -> bool:
    if consultation.status != Status.PLANNED or consultation.opens_at > now:
        return False
    consultation.status = Status.OPEN
    consultation.save(update_fields=["status"])
    audit.record(actor=None, action="consultations.opened_on_time", target=consultation)
    notices.announce_opening(consultation)
    return True


def _remind_due(consultation: Consultation, now: dt.datetime) -> bool:
    closes_on = timezone.localdate(consultation.closes_at)
    today = timezone.localdate(now)
    if consultation.reminded_at or add_working_days(today, REMINDER_WORKING_DAYS) < closes_on:
        return False
    if consultation.closes_at <= now:
        return False
    consultation.reminded_at = now
    consultation.save(update_fields=["reminded_at"])
    notices.notify_consulted(consultation, "consultation.closing")
    return True


def _close_due(consultation: Consultation, now: dt.datetime) -> bool:
    if consultation.status != Status.OPEN or consultation.closes_at > now:
        return False
    close(consultation, actor=None, now=now)
    return True


def is_early(consultation: Consultation, *, now: dt.datetime) -> bool:
    """Closing now would cut the planned period short (the unit's minimum included)."""
    return now < consultation.closes_at


def close(
    consultation: Consultation, *, actor: User | None, now: dt.datetime, reason: str = ""
) -> None:
    """Close it (the row is locked by the caller). Before the planned end the reason is kept,
    audited and emitted with the fact, which marks the consultation as shortened."""
    shortened = is_early(consultation, now=now)
    consultation.status = Status.CLOSED
    consultation.closed_at = now
    consultation.early_close_reason = reason if shortened else None
    consultation.save(update_fields=["status", "closed_at", "early_close_reason"])
    changes = {"shortened": True, "reason": reason} if shortened else None
    audit.record(actor=actor, action="consultations.closed", target=consultation, changes=changes)
    emit(
        kind="consultation.closed",
        unit=consultation.unit,
        on=timezone.localdate(now),
        target=consultation,
        data={
            "topic": consultation.topic,
            "opinions": consultation.opinions.count(),
            "shortened": shortened,
            "planned_close": timezone.localdate(consultation.closes_at).isoformat(),
        },
    )
    notices.notify_consulted(consultation, "consultation.closed")
