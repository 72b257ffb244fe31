"""Appending to the audit log: the only write the audit app offers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone

from danchu.audit.hashing import GENESIS_HASH, digest_of, json_ready

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    from danchu.audit.models import Entry

__all__ = ["digest_of", "record"]

SYSTEM_LABEL = "system"


def record(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    target: models.Model | None = None,
    unit: models.Model | int | None = None,
    changes: dict[str, Any] | None = None,
) -> Entry:
    """Append one entry to the chain, in the caller's transaction.

    `actor` None or anonymous is recorded as "system". `changes` is stored JSON-ready (dates,
    decimals and UUIDs as strings) and digested as stored.
    """
    # Imported here: `danchu.audit` re-exports this function and is imported before models load.
    from danchu.audit.models import HEAD_ID, Entry, Head

    actor_id, actor_label = _actor(actor)
    stored = json_ready(changes or {})
    with transaction.atomic():
        # The row lock serialises appends on PostgreSQL; SQLite's IMMEDIATE transactions already do.
        head, _ = Head.objects.select_for_update().get_or_create(
            pk=HEAD_ID, defaults={"seq": 0, "hash": GENESIS_HASH}
        )
        entry = Entry(
            seq=head.seq + 1,
            created_at=timezone.now(),
            actor_id=actor_id,
            actor_label=actor_label,
            action=action,
            target_type=target._meta.label_lower if target is not None else "",
            target_id=_target_id(target),
            unit_id=unit.pk if isinstance(unit, models.Model) else unit,
            changes=stored,
            digest=digest_of(stored),
            prev_hash=head.hash,
        )
        entry.hash = entry.compute_hash()
        entry.save(force_insert=True)
        Head.objects.filter(pk=HEAD_ID).update(seq=entry.seq, hash=entry.hash)
    return entry


def _actor(actor: AbstractBaseUser | AnonymousUser | None) -> tuple[int | None, str]:
    if actor is None or actor.is_anonymous:
        return None, SYSTEM_LABEL
    return actor.pk, actor.get_username()


def _target_id(target: models.Model | None) -> str:
    if target is None:
        return ""
    if target.pk is None:
        raise ValueError(f"cannot audit an unsaved {target._meta.label}")
    return str(target.pk)
