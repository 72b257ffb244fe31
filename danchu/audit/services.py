"""Appending to the audit log: the only write the audit app offers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import connection, models, transaction
from django.utils import timezone

from danchu.audit.guard import appending
from danchu.audit.hashing import digest_of, json_ready

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    from danchu.audit.models import ChainHead, Entry

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
    """Append one entry to its unit's chain, in the caller's transaction.

    `actor` None or anonymous is recorded as "system". Without `unit`, the unit is the target's
    own `unit_id` when it has one; an entry of no unit goes to the `system` chain. `changes` is
    stored JSON-ready (dates, decimals and UUIDs as strings) and digested as stored.
    """
    # Imported here: `danchu.audit` re-exports this function and is imported before models load.
    from danchu.audit.models import Entry, chain_of
    from danchu.core import idempotency

    actor_id, actor_label = _actor(actor)
    stored = json_ready(changes or {})
    unit_id = _unit_id(unit, target)
    chain = chain_of(unit_id)
    with transaction.atomic():
        idempotency.bind_write()  # the request's one-time key is used by this write
        head = _locked_head(chain)
        entry = Entry(
            seq=_next_seq(),
            created_at=timezone.now(),
            actor_id=actor_id,
            actor_label=actor_label,
            action=action,
            target_type=target._meta.label_lower if target is not None else "",
            target_id=_target_id(target),
            unit_id=unit_id,
            chain=chain,
            prev_seq=head.seq,
            changes=stored,
            digest=digest_of(stored),
            prev_hash=head.hash,
        )
        entry.hash = entry.compute_hash()
        with appending(connection):  # the database refuses entries from anywhere else
            entry.save(force_insert=True)
        type(head).objects.filter(pk=chain).update(seq=entry.seq, hash=entry.hash)
    return entry


def _locked_head(chain: str) -> ChainHead:
    """The chain's head row, locked until the caller's transaction ends; created if new.

    Only this row is locked: appends to other chains go on. A new chain's row is inserted with
    ON CONFLICT DO NOTHING (SQLite: INSERT OR IGNORE), so two first appends cannot both create it.
    """
    from danchu.audit.models import ChainHead

    heads = ChainHead.objects.select_for_update()
    head = heads.filter(pk=chain).first()
    if head is None:
        ChainHead.objects.bulk_create([ChainHead(chain=chain)], ignore_conflicts=True)
        head = heads.get(pk=chain)
    return head


def _next_seq() -> int:
    """The next sequence number of the whole log, taken while the chain's head is locked.

    PostgreSQL: a sequence (`audit_entry_seq`, migration 0005), which locks no row; a rolled-back
    append leaves a gap, which verification allows. SQLite serialises writers (IMMEDIATE
    transactions), so the largest seq plus one, as SQLite's own rowids, is safe there.
    """
    from danchu.audit.models import Entry

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval('audit_entry_seq')")
            return int(cursor.fetchone()[0])
    last = Entry.objects.aggregate(last=models.Max("seq"))["last"]
    return (last or 0) + 1


def _unit_id(unit: models.Model | int | None, target: models.Model | None) -> int | None:
    if isinstance(unit, models.Model):
        return int(unit.pk)
    if unit is not None:
        return unit
    derived = getattr(target, "unit_id", None)
    return derived if isinstance(derived, int) else None


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
