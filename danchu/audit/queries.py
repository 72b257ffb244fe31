"""Reads of the audit log."""

from __future__ import annotations

from django.db import models

from danchu.audit.models import Entry


def entries_for(target: models.Model) -> models.QuerySet[Entry]:
    """The history of one object, oldest first."""
    return Entry.objects.filter(
        target_type=target._meta.label_lower, target_id=str(target.pk)
    ).order_by("seq")
