"""Lift the append-only triggers for a moment, to play the part of someone tampering."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection

from danchu.audit.models import Entry

triggers = importlib.import_module("danchu.audit.migrations.0003_append_only_triggers")


@contextmanager
def tampering() -> Iterator[Any]:
    """A raw cursor on the entry table with its triggers dropped; they are recreated after."""
    triggers.drop_triggers(connection)
    try:
        with connection.cursor() as cursor:
            yield cursor
    finally:
        triggers.create_triggers(connection)


def shift_seqs(cursor: Any, *, from_seq: int, by: int) -> None:
    """Renumber entries from `from_seq` on (in two steps, so seq stays unique at every row)."""
    cursor.execute("UPDATE audit_entry SET seq = seq + 1000000 WHERE seq >= %s", [from_seq])
    cursor.execute("UPDATE audit_entry SET seq = seq - %s WHERE seq >= 1000000", [1000000 - by])


def insert_copy(cursor: Any, *, source_seq: int, seq: int, action: str, prev_hash: str) -> None:
    """Insert a forged entry: the source entry's other fields, a valid hash for the new ones."""
    forged = Entry.objects.get(seq=source_seq)
    forged.seq, forged.action, forged.prev_hash = seq, action, prev_hash
    cursor.execute(
        "INSERT INTO audit_entry (seq, created_at, actor_id, actor_label, action, target_type,"
        " target_id, unit_id, changes, digest, prev_hash, hash)"
        " SELECT %s, created_at, actor_id, actor_label, %s, target_type, target_id, unit_id,"
        " changes, digest, %s, %s FROM audit_entry WHERE seq = %s",
        [seq, action, prev_hash, forged.compute_hash(), source_seq],
    )
