"""Signing checkpoints of the audit chains: the only write of checkpoints.

A checkpoint says, under the Ed25519 key kept outside the database (`signing.py`), that chain C
ended at entry #seq with hash H at a given time. `verify_audit` then checks that every chain
still holds the entries its checkpoints signed: rewriting a chain from some entry on (hashes
recomputed) or cutting its tail (head row moved back) breaks that, unless one has the key.
Checkpoints are not themselves audited: they would change the `system` chain they sign.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, models, transaction
from django.utils import timezone

from danchu.audit import signing
from danchu.audit.models import ChainHead, Checkpoint

LOCK_KEY = 0x6175646974  # "audit": the advisory lock that serialises signers on PostgreSQL


@transaction.atomic
def sign_checkpoints(*, chains: Iterable[str] | None = None) -> list[Checkpoint]:
    """A checkpoint for each chain (or each of `chains`) whose head moved since its last one."""
    _lock()
    last = Checkpoint.objects.order_by("-number").first()
    number, prev_signature = (last.number, last.signature) if last else (0, "")
    signed = latest_signed()
    heads = ChainHead.objects.filter(seq__gt=0).order_by("chain")
    if chains is not None:
        heads = heads.filter(chain__in=list(chains))
    made = []
    for head in heads:
        if signed.get(head.chain) == (head.seq, head.hash):
            continue
        number += 1
        checkpoint = _signed(number, head, prev_signature)
        prev_signature = checkpoint.signature
        made.append(checkpoint)
    return made


def latest_signed() -> dict[str, tuple[int, str]]:
    """Each chain's last signed (seq, hash)."""
    numbers = Checkpoint.objects.values("chain").annotate(last=models.Max("number")).values("last")
    rows = Checkpoint.objects.filter(number__in=numbers).values_list("chain", "seq", "hash")
    return {chain: (seq, hash_) for chain, seq, hash_ in rows}


def _signed(number: int, head: ChainHead, prev_signature: str) -> Checkpoint:
    checkpoint = Checkpoint(
        number=number,
        chain=head.chain,
        seq=head.seq,
        hash=head.hash,
        signed_at=timezone.now(),
        key_id=signing.current_public_key().key_id,
        prev_signature=prev_signature,
    )
    checkpoint.key_id, checkpoint.signature = signing.sign(checkpoint.message())
    checkpoint.save(force_insert=True)
    return checkpoint


def _lock() -> None:
    """Serialise signers: numbers follow one another. SQLite serialises writers already."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
