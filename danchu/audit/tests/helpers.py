"""Lift the append-only triggers for a moment, to play the part of someone tampering."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection

from danchu.audit.models import Entry

triggers = importlib.import_module("danchu.audit.migrations.0003_append_only_triggers")
guard = importlib.import_module("danchu.audit.migrations.0007_insert_guard")


@contextmanager
def tampering() -> Iterator[Any]:
    """A raw cursor on the audit tables with their triggers dropped, as the database's owner
    could; they are recreated after."""
    triggers.drop_triggers(connection)
    guard.drop_guard(connection)
    try:
        with connection.cursor() as cursor:
            yield cursor
    finally:
        triggers.create_triggers(connection)
        guard.create_guard(connection)


def insert_copy(
    cursor: Any, *, source: Entry, seq: int, prev_seq: int, prev_hash: str, action: str
) -> None:
    """Insert a forged entry in the source's chain: its other fields, a valid hash for the new."""
    forged = Entry.objects.get(pk=source.pk)
    forged.seq, forged.prev_seq, forged.prev_hash, forged.action = seq, prev_seq, prev_hash, action
    cursor.execute(
        "INSERT INTO audit_entry (seq, created_at, actor_id, actor_label, action, target_type,"
        " target_id, unit_id, chain, prev_seq, changes, digest, prev_hash, hash)"
        " SELECT %s, created_at, actor_id, actor_label, %s, target_type, target_id, unit_id,"
        " chain, %s, changes, digest, %s, %s FROM audit_entry WHERE seq = %s",
        [seq, action, prev_seq, prev_hash, forged.compute_hash(), source.seq],
    )
