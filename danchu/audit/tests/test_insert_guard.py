"""The database refuses audit entries that do not come through `audit.record` (migration 0007)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction

from danchu import audit
from danchu.audit.guard import appending
from danchu.audit.models import ChainHead, Entry
from danchu.audit.tests.helpers import insert_copy
from danchu.audit.verify import verify_chain

pytestmark = pytest.mark.django_db


def forge_after_head(cursor: object, chain: list[Entry]) -> None:
    """A well-formed next entry of the chain: right link, right hash; only the path is wrong."""
    last = chain[-1]
    insert_copy(
        cursor,
        source=last,
        seq=last.seq + 1000,
        prev_seq=last.seq,
        prev_hash=last.hash,
        action="people.forged",
    )


def test_refuses_a_raw_insert_even_one_that_links_correctly(chain: list[Entry]) -> None:
    with (
        pytest.raises(DatabaseError, match="raw INSERT refused"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        forge_after_head(cursor, chain)
    assert Entry.objects.count() == 5
    assert verify_chain().ok


def test_refuses_a_raw_insert_in_the_transaction_of_a_real_append(chain: list[Entry]) -> None:
    def append_then_forge() -> None:
        entry = audit.record(actor=None, action="core.job_ran", unit=7)
        with connection.cursor() as cursor:
            forge_after_head(cursor, [entry])

    with pytest.raises(DatabaseError, match="raw INSERT refused"), transaction.atomic():
        append_then_forge()
    assert Entry.objects.count() == 5


def test_refuses_an_entry_that_does_not_follow_its_chain_head(chain: list[Entry]) -> None:
    # Even with the marker set, an entry must name the head's last entry.
    with (
        pytest.raises(DatabaseError, match="does not follow its chain head"),
        transaction.atomic(),
        appending(connection),
        connection.cursor() as cursor,
    ):
        insert_copy(
            cursor,
            source=chain[3],
            seq=chain[-1].seq + 1000,
            prev_seq=chain[1].seq,
            prev_hash=chain[1].hash,
            action="people.forged",
        )
    assert Entry.objects.count() == 5


def test_refuses_orm_inserts_that_bypass_record(chain: list[Entry]) -> None:
    copy = Entry.objects.get(seq=chain[-1].seq)
    copy.pk, copy.seq, copy.prev_seq, copy.prev_hash = (
        None,
        chain[-1].seq + 1000,
        copy.seq,
        copy.hash,
    )
    with pytest.raises(DatabaseError, match="raw INSERT refused"), transaction.atomic():
        copy.save(force_insert=True)


def test_lets_the_append_path_write_after_a_refusal(chain: list[Entry]) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        forge_after_head(cursor, chain)
    entry = audit.record(actor=None, action="core.job_ran", unit=7)
    assert (entry.prev_seq, entry.prev_hash) == (chain[-1].seq, chain[-1].hash)
    assert ChainHead.objects.get(pk="unit:7").seq == entry.seq
    assert verify_chain().ok


@pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="SQLite: PostgreSQL is covered by the tests above (no transaction marker)",
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("audit_log_flushable")
def test_sqlite_refuses_an_insert_from_a_connection_outside_the_app() -> None:
    """What an owner with the `sqlite3` shell meets: the trigger needs a function that only the
    app's own connections define."""
    import sqlite3

    name = connection.settings_dict["NAME"]
    outside = sqlite3.connect(name, uri=name.startswith("file:"))
    try:
        refused = "no such function: danchu_audit_appending"
        with pytest.raises(sqlite3.OperationalError, match=refused):
            outside.execute(
                "INSERT INTO audit_entry (seq, created_at, actor_label, action, target_type,"
                " target_id, chain, prev_seq, changes, digest, prev_hash, hash)"
                " VALUES (1, '2026-01-01', 'x', 'people.forged', '', '', 'system', 0, '{}',"
                " 'd', 'p', 'h')"
            )
    finally:
        outside.close()
    assert not Entry.objects.exists()
