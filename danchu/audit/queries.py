"""Reads of the audit log."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from danchu.audit.models import Checkpoint, Entry
from danchu.audit.signing import trusted_keys
from danchu.audit.verify_checkpoints import as_copy


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


PAGE = 1000  # checkpoints per page of the public list


def published_page(after: int) -> dict[str, Any]:
    """The public list from checkpoint `after + 1` on: the trusted keys, up to `PAGE`
    checkpoints as signed, and where the next page starts (None at the end)."""
    page = checkpoints_after(after, PAGE)
    return {
        "keys": [
            {"key_id": key.key_id, "public_key": key.raw_b64, "current": key.current}
            for key in trusted_keys().values()
        ],
        "checkpoints": [as_copy(checkpoint) for checkpoint in page],
        "next_after": page[-1].number if len(page) == PAGE else None,
    }
