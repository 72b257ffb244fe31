"""Check the signed checkpoints, and the chains against them.

Each checkpoint must follow the one before it (number and previous signature), carry a valid
signature by a trusted key, and name an entry its chain still holds, with the same hash. A chain
rewritten from some entry on (hashes recomputed) or cut short (head row moved back) fails here
even though its links are consistent, unless the one who changed it also has the key.
Copies of the published checkpoints (`/audit/checkpoints.json`) can be checked the same way,
which also catches checkpoints removed from the end of the list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from danchu.audit.models import Checkpoint, Entry
from danchu.audit.signing import PublicKey, trusted_keys

BATCH = 1000


@dataclass(frozen=True)
class CheckpointResult:
    ok: bool
    checked: int  # checkpoints
    reason: str = ""
    number: int | None = None  # the failing checkpoint
    chain: str | None = None
    seq: int | None = None


class _Failed(Exception):
    def __init__(self, checkpoint: Checkpoint, reason: str) -> None:
        super().__init__(reason)
        self.checkpoint, self.reason = checkpoint, reason


def verify_checkpoints() -> CheckpointResult:
    """Every stored checkpoint, in order, and the entries they signed."""
    checkpoints = Checkpoint.objects.order_by("number").iterator(chunk_size=BATCH)
    return _run(checkpoints, _in_sequence)


def verify_copies(copies: Iterable[dict[str, Any]]) -> CheckpointResult:
    """Checkpoints saved from the public list: each still stored, unchanged, and still true."""
    return _run((_from_copy(copy) for copy in copies), _still_stored)


def _run(checkpoints: Iterable[Checkpoint], extra: Any) -> CheckpointResult:
    keys: dict[str, PublicKey] | None = None  # read at the first checkpoint: none, no key needed
    checked = 0
    state: dict[str, Any] = {"number": 0, "signature": ""}
    try:
        for batch in _batches(iter(checkpoints)):
            entries = _entries({c.seq for c in batch})
            keys = keys if keys is not None else trusted_keys()
            for checkpoint in batch:
                extra(checkpoint, state)
                _signed(checkpoint, keys)
                _holds(checkpoint, entries.get(checkpoint.seq))
                checked += 1
    except _Failed as failed:
        c = failed.checkpoint
        return CheckpointResult(False, checked, failed.reason, c.number, c.chain, c.seq)
    return CheckpointResult(True, checked)


def _in_sequence(checkpoint: Checkpoint, state: dict[str, Any]) -> None:
    expected = state["number"] + 1
    if checkpoint.number != expected:
        raise _Failed(checkpoint, f"checkpoint {expected} is missing")
    if checkpoint.prev_signature != state["signature"]:
        raise _Failed(checkpoint, f"does not follow checkpoint {expected - 1} (signature differs)")
    state["number"], state["signature"] = checkpoint.number, checkpoint.signature


def _still_stored(checkpoint: Checkpoint, state: dict[str, Any]) -> None:
    stored = Checkpoint.objects.filter(number=checkpoint.number).first()
    if stored is None or stored.signature != checkpoint.signature:
        raise _Failed(checkpoint, "the copy's checkpoint is no longer stored (removed or replaced)")


def _signed(checkpoint: Checkpoint, keys: dict[str, PublicKey]) -> None:
    key = keys.get(checkpoint.key_id)
    if key is None:
        raise _Failed(checkpoint, f"signed by an unknown key {checkpoint.key_id}")
    if not key.verify(checkpoint.signature, checkpoint.message()):
        raise _Failed(checkpoint, "its signature does not verify (forged or edited)")


def _holds(checkpoint: Checkpoint, entry: tuple[str, str] | None) -> None:
    where = f"entry #{checkpoint.seq} of {checkpoint.chain}"
    if entry is None:
        raise _Failed(checkpoint, f"{where}, which it signed, is missing (chain truncated)")
    if entry != (checkpoint.chain, checkpoint.hash):
        raise _Failed(checkpoint, f"{where} is not the one it signed (chain rewritten)")


def _entries(seqs: set[int]) -> dict[int, tuple[str, str]]:
    rows = Entry.objects.filter(seq__in=seqs).values_list("seq", "chain", "hash")
    return {seq: (chain, hash_) for seq, chain, hash_ in rows}


def _from_copy(copy: dict[str, Any]) -> Checkpoint:
    return Checkpoint(
        number=int(copy["number"]),
        chain=str(copy["chain"]),
        seq=int(copy["seq"]),
        hash=str(copy["hash"]),
        signed_at=dt.datetime.fromisoformat(str(copy["signed_at"])),
        key_id=str(copy["key_id"]),
        prev_signature=str(copy["prev_signature"]),
        signature=str(copy["signature"]),
    )


def as_copy(checkpoint: Checkpoint) -> dict[str, Any]:
    """A checkpoint as published (JSON): everything needed to check its signature."""
    return {
        "number": checkpoint.number,
        "chain": checkpoint.chain,
        "seq": checkpoint.seq,
        "hash": checkpoint.hash,
        "signed_at": checkpoint.signed_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "key_id": checkpoint.key_id,
        "prev_signature": checkpoint.prev_signature,
        "signature": checkpoint.signature,
    }


def _batches(items: Iterator[Checkpoint]) -> Iterator[list[Checkpoint]]:
    while batch := list(islice(items, BATCH)):
        yield batch
