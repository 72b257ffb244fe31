"""Lift the append-only triggers for a moment, to play the part of someone tampering; and what
tests of real concurrency (threads, each on its own connection) need."""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.conf import settings
from django.db import connection, connections

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


def rewrite_from(cursor: Any, chain: list[Entry], start: int) -> None:
    """Rewrite `chain` from its entry `start` on, hashes recomputed and the head moved: a chain
    that is consistent in itself, as the database's owner could leave it."""
    prev_hash = chain[start - 1].hash if start else chain[0].prev_hash
    for original in chain[start:]:
        forged = Entry.objects.get(pk=original.pk)
        forged.actor_label, forged.prev_hash = "system", prev_hash
        forged.hash = forged.compute_hash()
        cursor.execute(
            "UPDATE audit_entry SET actor_label = %s, prev_hash = %s, hash = %s WHERE seq = %s",
            [forged.actor_label, forged.prev_hash, forged.hash, forged.seq],
        )
        prev_hash = forged.hash
    move_head(cursor, chain[-1].chain, chain[-1].seq, prev_hash)


def truncate_to(cursor: Any, chain: list[Entry], keep: int) -> None:
    """Delete `chain`'s entries after the first `keep`, and move its head back to match."""
    for entry in chain[keep:]:
        cursor.execute("DELETE FROM audit_entry WHERE seq = %s", [entry.seq])
    move_head(cursor, chain[0].chain, chain[keep - 1].seq, chain[keep - 1].hash)


def move_head(cursor: Any, chain: str, seq: int, hash_: str) -> None:
    cursor.execute(
        "UPDATE audit_chainhead SET seq = %s, hash = %s WHERE chain = %s", [seq, hash_, chain]
    )


def threads_share_the_test_database() -> bool:
    """PostgreSQL, or SQLite with a file-based test database (DANCHU_SQLITE_TEST_PATH): threads,
    each on its own connection, then see the same rows."""
    database = settings.DATABASES["default"]
    if not database["ENGINE"].endswith("sqlite3"):
        return True
    return bool(database.get("TEST", {}).get("NAME"))


T = TypeVar("T")


def at_once(count: int, act: Callable[[int, Callable[[], None]], T]) -> list[T]:
    """Run `act(n, ready)` in `count` threads, each on its own database connection: each does
    what it must before the race, calls `ready()`, and all go on together. The results in the
    order they came; an error in any thread is raised here, in the test's."""
    start = threading.Barrier(count)
    results: list[T] = []
    errors: list[BaseException] = []

    def ready() -> None:
        start.wait(timeout=30)

    def run(n: int) -> None:
        try:
            results.append(act(n, ready))
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if errors:
        raise errors[0]
    assert len(results) == count, "a thread did not finish"
    return results
