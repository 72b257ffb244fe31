"""Recording anonymous acts and sealing each day's acts into the audit log.

A service whose act must not be traced to a person or a moment calls `record_anonymous` where
others call `audit.record`, in its own transaction. The scheduler runs `seal_anonymous_batches`
(`seal_past_days`): once a day is over (plus `SEAL_GRACE`, longer than any transaction), each
chain's acts of that day get one audit entry with their count and digest. A seal is written only
for a past day and never because of an anonymous act, so the seal's own time and place in the
chain say nothing about when any of its acts happened.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from danchu import audit
from danchu.anonymity.fields import insert
from danchu.anonymity.models import AnonymousAct, SealedBatch, batch_digest
from danchu.audit.hashing import json_ready
from danchu.audit.models import chain_of
from danchu.core import idempotency

SEAL_ACTION = "anonymity.batch_sealed"
SEAL_GRACE = dt.timedelta(minutes=30)


def record_anonymous(
    *,
    action: str,
    target: models.Model,
    unit: models.Model | int | None,
    changes: dict[str, Any] | None = None,
) -> AnonymousAct:
    """Record an anonymous act in the caller's transaction: no actor, the day only.

    `target` should have a random id (`fields.RandomIdField`) and store no time finer than the
    day; `changes` must not name the actor either.
    """
    idempotency.keep_nothing()  # a one-time key row would name the sender and the time
    unit_id = int(unit.pk) if isinstance(unit, models.Model) else unit
    act = AnonymousAct(
        day=timezone.localdate(),
        chain=chain_of(unit_id),
        unit_id=unit_id,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        changes=json_ready(changes or {}),
    )
    act.digest = act.compute_digest()
    insert(act)
    return act


def sealable_before(now: dt.datetime | None = None) -> dt.date:
    """Days before this one are over (for at least SEAL_GRACE) and may be sealed."""
    return timezone.localdate((now or timezone.now()) - SEAL_GRACE)


@transaction.atomic
def seal_day(*, chain: str, day: dt.date, now: dt.datetime | None = None) -> SealedBatch | None:
    """Seal one chain's anonymous acts of one past day (idempotent: a sealed day is returned
    as it is). None when the day has no act."""
    if day >= sealable_before(now):
        raise ValueError(f"{day} is not over yet: its acts cannot be sealed")
    sealed = SealedBatch.objects.filter(chain=chain, day=day).first()
    if sealed is not None:
        return sealed
    acts = list(AnonymousAct.objects.filter(chain=chain, day=day).values_list("digest", "action"))
    if not acts:
        return None
    digests = [digest for digest, _action in acts]
    batch = SealedBatch(
        chain=chain,
        unit_id=_unit_of(chain),
        day=day,
        count=len(acts),
        digest=batch_digest(chain=chain, day=day.isoformat(), act_digests=digests),
    )
    try:
        with transaction.atomic():  # a sealer running at the same time may have won
            entry = audit.record(
                actor=None,
                action=SEAL_ACTION,
                unit=batch.unit_id,
                changes={
                    "day": day.isoformat(),
                    "count": batch.count,
                    "digest": batch.digest,
                    "actions": dict(sorted(Counter(a for _d, a in acts).items())),
                },
            )
            batch.entry_seq = entry.seq
            insert(batch)
    except IntegrityError:
        return SealedBatch.objects.get(chain=chain, day=day)
    return batch


def seal_past_days(*, now: dt.datetime | None = None) -> list[SealedBatch]:
    """Seal every chain's acts of every day that is over and not sealed yet (catches up on
    days the scheduler missed)."""
    sealed = SealedBatch.objects.filter(chain=OuterRef("chain"), day=OuterRef("day"))
    waiting = (
        AnonymousAct.objects.filter(day__lt=sealable_before(now))
        .filter(~Exists(sealed))
        .values_list("chain", "day")
        .distinct()
        .order_by("day", "chain")
    )
    batches = [seal_day(chain=chain, day=day, now=now) for chain, day in list(waiting)]
    return [batch for batch in batches if batch is not None]


def _unit_of(chain: str) -> int | None:
    return int(chain.removeprefix("unit:")) if chain.startswith("unit:") else None
