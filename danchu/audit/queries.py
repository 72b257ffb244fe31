"""Reads of the audit log."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models

from danchu.audit.models import Checkpoint, Entry


def entries_for(target: models.Model) -> models.QuerySet[Entry]:
    """The history of one object, oldest first."""
    return Entry.objects.filter(
        target_type=target._meta.label_lower, target_id=str(target.pk)
    ).order_by("seq")


def recent_checkpoints(limit: int = 100) -> list[Checkpoint]:
    """The latest signed checkpoints, newest first."""
    return list(Checkpoint.objects.order_by("-number")[:limit])


def checkpoints_after(number: int, limit: int) -> list[Checkpoint]:
    """Checkpoints from `number + 1` on, oldest first: an outsider's copy grows by these."""
    return list(Checkpoint.objects.filter(number__gt=number).order_by("number")[:limit])


def checkpoint_covering(entry: Entry) -> Checkpoint | None:
    """The first checkpoint signed at or after `entry` in its chain: it vouches for the entry
    (the chain up to the signed head must hold it). None until the next signing round."""
    covering = Checkpoint.objects.filter(chain=entry.chain, seq__gte=entry.seq)
    return covering.order_by("number").first()


def first_entry_about(target: models.Model, actions: Iterable[str]) -> Entry | None:
    """The earliest entry about `target` with one of `actions` (its publication, say)."""
    return entries_for(target).filter(action__in=list(actions)).first()
