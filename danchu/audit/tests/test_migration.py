"""Migrations 0004–0005: the entries written before chains become the `legacy` chain, unchanged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from danchu import audit
from danchu.audit.hashing import GENESIS_HASH, chain_hash, digest_of
from danchu.audit.models import ChainHead, Entry
from danchu.audit.tests.helpers import tampering
from danchu.audit.verify import verify_chain

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("audit", "0003_append_only_triggers")]
# Through 0005 and on to the latest, whose guards the tampering helper lifts and restores.
# Every app's latest migration: going back also unapplied the apps that depend on this one
# (the conferences, since issue 13), and the tests after this one need the whole schema.
AFTER: list[tuple[str, str]] | None = None


def migrate(targets: list[tuple[str, str]] | None) -> Any:
    """Migrate to `targets`, or (None) to every app's latest migration."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def before_chains(audit_log_flushable: None) -> Iterator[Any]:
    """The database as migration 0003 left it; migrated forward again at the end."""
    old_apps = migrate(BEFORE)
    try:
        yield old_apps
    finally:
        migrate(AFTER)


def write_old_entries(old_apps: Any, count: int) -> list[str]:
    """`count` entries as the single-chain code wrote them; their hashes."""
    OldEntry, Head = old_apps.get_model("audit", "Entry"), old_apps.get_model("audit", "Head")
    prev_hash, hashes = GENESIS_HASH, []
    for seq in range(1, count + 1):
        fields: dict[str, Any] = {
            "seq": seq,
            "created_at": dt.datetime(2026, 11, 29, 8, seq, tzinfo=dt.UTC),
            "actor_id": None,
            "actor_label": "system",
            "action": "demo.seeded",
            "target_type": "",
            "target_id": "",
            "unit_id": seq,
            "digest": digest_of({"step": seq}),
        }
        hash_ = chain_hash(prev_hash=prev_hash, **fields)  # the recipe before chains
        OldEntry.objects.create(changes={"step": seq}, prev_hash=prev_hash, hash=hash_, **fields)
        prev_hash = hash_
        hashes.append(hash_)
    Head.objects.update_or_create(pk=1, defaults={"seq": count, "hash": prev_hash})
    return hashes


def test_keeps_the_old_entries_as_the_legacy_chain(before_chains: Any) -> None:
    hashes = write_old_entries(before_chains, 3)
    migrate(AFTER)

    entries = list(Entry.objects.order_by("seq"))
    assert [(e.chain, e.seq, e.prev_seq) for e in entries] == [
        ("legacy", 1, 0),
        ("legacy", 2, 1),
        ("legacy", 3, 2),
    ]
    assert [e.hash for e in entries] == hashes
    assert list(ChainHead.objects.values_list("chain", "seq", "hash")) == [
        ("legacy", 3, hashes[-1])
    ]
    assert verify_chain().ok


def test_new_entries_follow_the_legacy_ones(before_chains: Any) -> None:
    write_old_entries(before_chains, 3)
    migrate(AFTER)

    entry = audit.record(actor=None, action="core.after", unit=5)
    assert entry.seq > 3
    assert (entry.chain, entry.prev_seq, entry.prev_hash) == ("unit:5", 0, GENESIS_HASH)
    assert (verify_chain().ok, verify_chain().checked) == (True, 4)


def test_catches_tampering_with_a_legacy_entry(before_chains: Any) -> None:
    write_old_entries(before_chains, 3)
    migrate(AFTER)

    with tampering() as cursor:
        cursor.execute("UPDATE audit_entry SET unit_id = 9 WHERE seq = 2")
    result = verify_chain()
    assert (result.ok, result.chain, result.first_broken_seq) == (False, "legacy", 2)


def test_keeps_the_log_append_only(before_chains: Any) -> None:
    write_old_entries(before_chains, 2)
    migrate(AFTER)

    with pytest.raises(Exception, match="append-only"):
        Entry.objects.filter(seq=1).update(action="x")


def test_migrates_an_empty_log_to_no_chain(before_chains: Any) -> None:
    migrate(AFTER)
    assert not ChainHead.objects.exists()
    assert verify_chain().ok
