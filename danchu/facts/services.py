from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import models

from danchu.facts.models import Fact

Subscriber = Callable[[Fact], object]
_subscribers: list[Subscriber] = []


def subscribe(subscriber: Subscriber) -> None:
    """Call `subscriber(fact)` for every fact emitted from now on, in the emitter's transaction
    (compliance marks obligations this way: facts sits below every app, and imports none)."""
    if subscriber not in _subscribers:
        _subscribers.append(subscriber)


def emit(
    *,
    kind: str,
    unit: models.Model | int,
    on: dt.date,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> Fact:
    """Record a fact in the caller's transaction (call it from services only), and tell the
    subscribers in the same transaction: what they write stands or falls with the fact."""
    fact = Fact.objects.create(
        kind=kind,
        unit_id=unit if isinstance(unit, int) else unit.pk,
        occurred_on=on,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        data=data or {},
    )
    for subscriber in _subscribers:
        subscriber(fact)
    return fact


def facts_for(target: models.Model) -> models.QuerySet[Fact]:
    return Fact.objects.filter(
        target_type=target._meta.label_lower, target_id=str(target.pk)
    ).order_by("pk")
