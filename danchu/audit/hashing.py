"""Canonical JSON and the hashes of the audit chain; pure functions, no database."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

GENESIS_HASH = "0" * 64  # the prev_hash of the first entry of every chain
LEGACY_CHAIN = "legacy"  # the single chain of the entries written before per-unit chains


def canonical_json(obj: Any) -> str:
    """One text per value: sorted keys, no spaces, UTF-8 as is, other types as str()."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def digest_of(obj: Any) -> str:
    """The SHA-256 (hex) of the canonical JSON of `obj`: anyone can recompute it."""
    return sha256_hex(canonical_json(obj))


def json_ready(obj: Any) -> Any:
    """`obj` as the database will give it back (dates, decimals, UUIDs as strings; tuples as lists).

    Stored changes are normalised this way so that their digest survives the round trip through
    SQLite's JSON text and PostgreSQL's jsonb.
    """
    return json.loads(canonical_json(obj))


def chain_hash(
    *,
    prev_hash: str,
    seq: int,
    created_at: dt.datetime,
    actor_id: int | None,
    actor_label: str,
    action: str,
    target_type: str,
    target_id: str,
    unit_id: int | None,
    digest: str,
    chain: str = LEGACY_CHAIN,
    prev_seq: int = 0,
) -> str:
    """SHA-256 over the previous hash and the canonical JSON of the entry's fields.

    Entries of the `legacy` chain keep the recipe they were hashed with (without `chain` and
    `prev_seq`, which were implied: one chain, the previous seq); every other entry's hash also
    covers its chain and the seq it follows, so it cannot be moved to another chain unnoticed.
    """
    fields: dict[str, object] = {
        "seq": seq,
        "created_at": created_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor_id": actor_id,
        "actor_label": actor_label,
        "action": action,
        "target_type": target_type,
        "target_id": target_id,
        "unit_id": unit_id,
        "digest": digest,
    }
    if chain != LEGACY_CHAIN:
        fields |= {"chain": chain, "prev_seq": prev_seq}
    return sha256_hex(prev_hash + canonical_json(fields))


CHECKPOINT_PREFIX = "danchu-audit-checkpoint-v1\n"  # so a checkpoint signature means nothing else


def checkpoint_message(
    *,
    number: int,
    chain: str,
    seq: int,
    hash_: str,
    signed_at: dt.datetime,
    key_id: str,
    prev_signature: str,
) -> bytes:
    """The bytes a checkpoint's signature covers: a fixed prefix and canonical JSON.

    `prev_signature` (the signature of checkpoint `number - 1`, "" for the first) chains the
    checkpoints, so that one removed from the middle of the list is noticed.
    """
    fields = {
        "number": number,
        "chain": chain,
        "seq": seq,
        "hash": hash_,
        "signed_at": signed_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "key_id": key_id,
        "prev_signature": prev_signature,
    }
    return (CHECKPOINT_PREFIX + canonical_json(fields)).encode("utf-8")
