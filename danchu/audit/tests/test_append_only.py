"""The database, not only the application, refuses to change or remove audit entries."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from danchu.audit.models import Entry
from danchu.audit.verify import verify_chain

pytestmark = pytest.mark.django_db

REFUSED = [
    "UPDATE audit_entry SET action = 'people.nothing_happened' WHERE seq = %(second)s",
    "UPDATE audit_entry SET changes = changes",
    "UPDATE audit_entry SET chain = 'system'",
    "DELETE FROM audit_entry WHERE seq = %(last)s",
    "DELETE FROM audit_entry",
]


@pytest.mark.parametrize("sql", REFUSED)
def test_refuses_raw_sql(chain: list[Entry], sql: str) -> None:
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, {"second": chain[1].seq, "last": chain[-1].seq})
    assert Entry.objects.count() == 5
    assert verify_chain().ok


def test_refuses_orm_updates_and_deletes(chain: list[Entry]) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Entry.objects.filter(seq=chain[0].seq).update(actor_label="someone else")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        chain[0].delete()
    assert verify_chain().ok


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_refuses_truncate(chain: list[Entry]) -> None:
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("TRUNCATE audit_entry")
    assert Entry.objects.count() == 5
