"""Recompute the audit chain and say where, if anywhere, it was tampered with."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from danchu.audit.hashing import GENESIS_HASH
from danchu.audit.models import HEAD_ID, Entry, Head

CHUNK_SIZE = 2000


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_broken_seq: int | None
    reason: str


class _Walk:
    """The chain read so far: the next expected seq and the hash it must follow."""

    def __init__(self, progress: Callable[[int], object] | None) -> None:
        self.next_seq = 1
        self.prev_hash = GENESIS_HASH
        self.progress = progress

    @property
    def checked(self) -> int:
        return self.next_seq - 1

    def broken(self, seq: int | None, reason: str) -> VerifyResult:
        return VerifyResult(ok=False, checked=self.checked, first_broken_seq=seq, reason=reason)

    def read_from_next(self) -> VerifyResult | None:
        """Check every entry from `next_seq` on; the first break, or None."""
        pending = 0
        entries = Entry.objects.filter(seq__gte=self.next_seq).order_by("seq")
        for entry in entries.iterator(chunk_size=CHUNK_SIZE):
            problem = self.problem_with(entry)
            if problem:
                return self.broken(min(entry.seq, self.next_seq), problem)
            self.next_seq += 1
            self.prev_hash = entry.hash
            pending += 1
            if self.progress and pending == CHUNK_SIZE:
                self.progress(pending)
                pending = 0
        if self.progress and pending:
            self.progress(pending)
        return None

    def problem_with(self, entry: Entry) -> str:
        if entry.seq != self.next_seq:
            return _missing(self.next_seq, entry.seq - 1)
        if entry.prev_hash != self.prev_hash:
            return f"does not follow entry #{entry.seq - 1} (previous hash differs)"
        if entry.digest != entry.compute_digest():
            return "its changes do not match their digest (edited)"
        if entry.hash != entry.compute_hash():
            return "its contents do not match its hash (edited or inserted)"
        return ""


def verify_chain(*, progress: Callable[[int], object] | None = None) -> VerifyResult:
    """Recompute every digest and hash in seq order, then compare the end with the head row.

    `progress` is called with the number of entries checked since its last call. Entries appended
    while this runs are read too, so a live system is not reported broken.
    """
    walk = _Walk(progress)
    while True:
        failure = walk.read_from_next()
        if failure:
            return failure
        last = walk.checked
        head = Head.objects.filter(pk=HEAD_ID).values_list("seq", "hash").first()
        if head is None:
            return walk.broken(last, "the head row is missing") if last else _intact(0)
        head_seq, head_hash = head
        if head_seq == last:
            if head_hash != walk.prev_hash:
                return walk.broken(last, "the head names another last entry")
            return _intact(last)
        if head_seq < last:
            return walk.broken(head_seq + 1, f"lies beyond the head (#{head_seq}): inserted")
        if not Entry.objects.filter(seq__gt=last).exists():
            return walk.broken(last + 1, _missing(last + 1, head_seq) + " (tail truncated)")
        # Appended since we started reading: go on from where we stopped.


def _missing(first: int, last: int) -> str:
    if first == last:
        return f"entry #{first} is missing"
    return f"entries #{first}–#{last} are missing"


def _intact(checked: int) -> VerifyResult:
    return VerifyResult(ok=True, checked=checked, first_broken_seq=None, reason="")
