from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models

from danchu.facts.models import Fact


def emit(
    *,
    kind: str,
    unit: models.Model | int,
    on: dt.date,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> Fact:
    """Record a fact in the caller's transaction (call it from services only)."""
    return Fact.objects.create(
        kind=kind,
        unit_id=unit if isinstance(unit, int) else unit.pk,
        occurred_on=on,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        data=data or {},
    )


def facts_for(target: models.Model) -> models.QuerySet[Fact]:
    return Fact.objects.filter(
        target_type=target._meta.label_lower, target_id=str(target.pk)
    ).order_by("pk")
