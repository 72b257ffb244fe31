"""Every cached read has a sample call in its app's tests (which check its declared groups), and
the check catches a read that touches a table its groups do not cover."""

from __future__ import annotations

import pytest
from django.db import connection

from danchu.core.cache_check import reads_without_samples, tables_in, undeclared_tables
from danchu.core.cache_groups import GROUPS
from danchu.core.cached_reads import REGISTRY, cached_read


def test_every_cached_read_has_a_sample_call():
    assert reads_without_samples() == []


@cached_read("units")
def misdeclared() -> int:
    """Reads persons while declaring only the unit tree."""
    with connection.cursor() as cursor:
        cursor.execute(
            'SELECT COUNT(*) FROM "people_person" INNER JOIN "organizations_unit" ON 1=1'
        )
        return int(cursor.fetchone()[0])


@pytest.mark.django_db
def test_a_read_touching_a_table_outside_its_groups_is_caught():
    assert undeclared_tables(REGISTRY[f"{__name__}.misdeclared"], misdeclared) == {"people_person"}


def test_tables_are_found_in_from_and_join_clauses():
    sql = (
        'SELECT 1 FROM "a" INNER JOIN "b" ON x LEFT OUTER JOIN c ON y WHERE z IN (SELECT 1 FROM d)'
    )
    assert tables_in(sql) == {"a", "b", "c", "d"}


@pytest.mark.django_db
def test_every_table_of_every_group_has_the_trigger_of_its_token():
    """A group listed without the migration that installs its triggers would never move."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT event_object_table, action_statement FROM information_schema.triggers"
            )
        else:
            cursor.execute("SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
        triggers = cursor.fetchall()
    missing = []
    for name, group in GROUPS.items():
        token = f"'{name}:'" if group.key else f"'{name}'"
        for table in group.tables:
            if not any(on == table and token in sql for on, sql in triggers):
                missing.append((name, table))
    assert missing == []


@cached_read("staff", keys=lambda: {"staff": []})
def half_declared() -> int:
    """Reads the subtree figures, which unit writes change too, declaring only the staff."""
    with connection.cursor() as cursor:
        cursor.execute('SELECT COUNT(*) FROM "people_headcount"')
        return int(cursor.fetchone()[0])


@pytest.mark.django_db
def test_a_table_derived_from_two_groups_needs_both() -> None:
    assert undeclared_tables(REGISTRY[f"{__name__}.half_declared"], half_declared) == {
        "people_headcount"
    }
