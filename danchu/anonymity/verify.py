"""Check each sealed batch against its acts and its audit entry (run by `verify_audit`)."""

from __future__ import annotations

from collections import defaultdict

from danchu.anonymity.models import AnonymousAct, SealedBatch, batch_digest
from danchu.anonymity.services import SEAL_ACTION, sealable_before
from danchu.audit.models import Entry


def problems() -> list[str]:
    """What is wrong, one line each; empty when every act and batch holds together.

    An act edited after it was recorded no longer matches its digest; an act added to, removed
    from or edited in a sealed day changes the day's count or digest; a batch row that does not
    say what its audit entry says was edited (the entry is covered by the chain's hashes).
    """
    found: list[str] = []
    by_day: dict[tuple[str, str], list[str]] = defaultdict(list)
    for act in AnonymousAct.objects.order_by("day", "digest").iterator(chunk_size=2000):
        if act.digest != act.compute_digest():
            found.append(f"anonymous act of {act.day} in {act.chain}: does not match its digest")
        by_day[(act.chain, act.day.isoformat())].append(act.digest)
    sealed = set()
    for batch in SealedBatch.objects.order_by("day", "chain"):
        day = batch.day.isoformat()
        sealed.add((batch.chain, day))
        found.extend(_batch_problems(batch, by_day.get((batch.chain, day), [])))
    found.extend(_unrecorded_seals(sealed))
    return found


def unsealed_days() -> list[tuple[str, str]]:
    """(chain, day) of acts of days that are over and still wait for their seal."""
    sealed = set(SealedBatch.objects.values_list("chain", "day"))
    waiting = AnonymousAct.objects.filter(day__lt=sealable_before()).values_list("chain", "day")
    return sorted({(c, d.isoformat()) for c, d in waiting.distinct() if (c, d) not in sealed})


def _batch_problems(batch: SealedBatch, digests: list[str]) -> list[str]:
    day = batch.day.isoformat()
    where = f"sealed batch of {day} in {batch.chain}"
    found = []
    recomputed = batch_digest(chain=batch.chain, day=day, act_digests=digests)
    if len(digests) != batch.count or recomputed != batch.digest:
        found.append(f"{where}: its acts no longer match it (added, removed or edited)")
    entry = Entry.objects.filter(seq=batch.entry_seq).first()
    expected = {"day": day, "count": batch.count, "digest": batch.digest}
    if (
        entry is None
        or entry.action != SEAL_ACTION
        or entry.chain != batch.chain
        or {key: entry.changes.get(key) for key in expected} != expected
    ):
        found.append(f"{where}: does not match its audit entry #{batch.entry_seq}")
    return found


def _unrecorded_seals(sealed: set[tuple[str, str]]) -> list[str]:
    """Seal entries of the audit log whose batch row is gone."""
    entries = Entry.objects.filter(action=SEAL_ACTION).values_list("seq", "chain", "changes")
    return [
        f"audit entry #{seq} seals {changes.get('day')} in {chain}: its batch row is missing"
        for seq, chain, changes in entries.iterator()
        if (chain, changes.get("day")) not in sealed
    ]
