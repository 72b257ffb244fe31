"""Recompute every audit chain and say which one, if any, was tampered with, and where."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from danchu.audit.hashing import GENESIS_HASH
from danchu.audit.models import ChainHead, Entry

CHUNK_SIZE = 2000


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_broken_seq: int | None
    reason: str
    chain: str | None = None  # the broken chain


@dataclass
class _Link:
    """Where one chain stands in the walk: its last entry's seq and hash."""

    seq: int = 0
    hash: str = GENESIS_HASH


class _Broken(Exception):
    def __init__(self, chain: str, seq: int | None, reason: str) -> None:
        super().__init__(reason)
        self.chain, self.seq, self.reason = chain, seq, reason


class _Walk:
    """Every chain read so far, checked entry by entry."""

    def __init__(self, progress: Callable[[int], object] | None) -> None:
        self.links: dict[str, _Link] = {}
        self.checked = 0
        self.pending = 0
        self.progress = progress

    def read(self, entries: Iterable[Entry]) -> None:
        for entry in entries:
            self.check(entry)
            self.links[entry.chain] = _Link(entry.seq, entry.hash)
            self.checked += 1
            self.pending += 1
            if self.progress and self.pending == CHUNK_SIZE:
                self.flush_progress()

    def flush_progress(self) -> None:
        if self.progress and self.pending:
            self.progress(self.pending)
        self.pending = 0

    def check(self, entry: Entry) -> None:
        link = self.links.get(entry.chain, _Link())
        if entry.prev_seq != link.seq:
            raise _Broken(entry.chain, *_misplaced(entry, link.seq))
        if entry.prev_hash != link.hash:
            reason = f"does not follow entry #{link.seq} (previous hash differs)"
            raise _Broken(entry.chain, entry.seq, reason)
        if entry.digest != entry.compute_digest():
            raise _Broken(entry.chain, entry.seq, "its changes do not match their digest (edited)")
        if entry.hash != entry.compute_hash():
            reason = "its contents do not match its hash (edited or inserted)"
            raise _Broken(entry.chain, entry.seq, reason)

    def catch_up(self, chain: str, head_seq: int, head_hash: str) -> None:
        """Compare one chain's end with its head row, reading what was appended since."""
        link = self.links.get(chain, _Link())
        if head_seq > link.seq:
            newer = Entry.objects.filter(chain=chain, seq__gt=link.seq).order_by("seq")
            self.read(newer.iterator(chunk_size=CHUNK_SIZE))
            link = self.links.get(chain, _Link())
        if head_seq == link.seq:
            if head_hash != link.hash:
                raise _Broken(chain, link.seq, "the head names another last entry")
            return
        if head_seq < link.seq:
            seq = self.first_after(chain, head_seq)
            raise _Broken(chain, seq, f"lies beyond the head (#{head_seq}): inserted")
        after = f"after #{link.seq}" if link.seq else "the whole chain"
        raise _Broken(chain, head_seq, f"{_missing(head_seq)} (tail truncated: {after})")

    def first_after(self, chain: str, seq: int) -> int | None:
        after = Entry.objects.filter(chain=chain, seq__gt=seq).order_by("seq")
        return after.values_list("seq", flat=True).first()


def verify_chain(*, progress: Callable[[int], object] | None = None) -> VerifyResult:
    """Recompute every digest and hash, chain by chain, then compare each end with its head.

    `progress` is called with the number of entries checked since its last call. Entries appended
    while this runs are read too, so a live system is not reported broken: within a chain, seqs
    grow in the order entries commit, and the head rows are read after the entries.
    """
    walk = _Walk(progress)
    try:
        walk.read(Entry.objects.order_by("seq").iterator(chunk_size=CHUNK_SIZE))
        walk.flush_progress()
        heads = {chain: (seq, hash_) for chain, seq, hash_ in ChainHead.objects.values_list()}
        for chain in sorted(walk.links.keys() | heads.keys()):
            if chain not in heads:
                raise _Broken(chain, walk.links[chain].seq, "the chain's head row is missing")
            walk.catch_up(chain, *heads[chain])
    except _Broken as broken:
        walk.flush_progress()
        return VerifyResult(
            ok=False,
            checked=walk.checked,
            first_broken_seq=broken.seq,
            reason=broken.reason,
            chain=broken.chain,
        )
    walk.flush_progress()
    return VerifyResult(ok=True, checked=walk.checked, first_broken_seq=None, reason="")


def _misplaced(entry: Entry, expected: int) -> tuple[int | None, str]:
    """Why `entry` does not come next in its chain, after entry #`expected`."""
    if entry.prev_seq > expected:
        if expected == 0:
            return entry.prev_seq, _missing(entry.prev_seq)
        return entry.prev_seq, f"{_missing(entry.prev_seq)} (after #{expected})"
    return entry.seq, f"does not follow entry #{expected} (names #{entry.prev_seq})"


def _missing(seq: int) -> str:
    return f"entry #{seq} is missing"
