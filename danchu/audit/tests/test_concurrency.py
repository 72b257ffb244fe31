"""Appends to different units' chains never wait on each other (issue 15); to one chain they do."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import OperationalError, connection, connections, transaction

from danchu import audit
from danchu.audit.tests.helpers import at_once
from danchu.audit.verify import verify_chain

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks are PostgreSQL's: SQLite serialises every writer by design",
    ),
    pytest.mark.django_db(transaction=True),
]

LOCK_TIMEOUT = "3s"  # far longer than an append, far shorter than the test's patience


def holding_an_append_open(unit: int, release: threading.Event) -> tuple[threading.Thread, list]:
    """A thread that appends in `unit` and keeps its transaction open until `release`."""
    appended = threading.Event()
    failures: list[BaseException] = []

    def run() -> None:
        try:
            with transaction.atomic():
                audit.record(actor=None, action="test.held_open", unit=unit)
                appended.set()
                release.wait(timeout=30)
        except BaseException as error:  # reported by the test, not lost in the thread
            failures.append(error)
        finally:
            appended.set()
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    assert appended.wait(timeout=30)
    return thread, failures


def in_a_thread(work: Callable[[], object]) -> BaseException | None:
    """Run `work` in its own connection and transaction, with a lock timeout; its error or None."""
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
                work()
            outcome.append(None)
        except BaseException as error:
            outcome.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=30)
    return outcome[0]


def test_an_append_in_another_unit_commits_while_one_is_held_open(
    audit_log_flushable: None,
) -> None:
    release = threading.Event()
    holder, failures = holding_an_append_open(1, release)
    try:
        error = in_a_thread(lambda: audit.record(actor=None, action="test.other", unit=2))
        system = in_a_thread(lambda: audit.record(actor=None, action="test.system"))
    finally:
        release.set()
        holder.join(timeout=30)
    assert (error, system, failures) == (None, None, [])
    assert verify_chain().ok


def test_an_append_in_the_same_unit_waits_for_the_one_held_open(
    audit_log_flushable: None,
) -> None:
    """The control: the test above would see a wait if there were one."""
    release = threading.Event()
    holder, failures = holding_an_append_open(1, release)
    try:
        error = in_a_thread(lambda: audit.record(actor=None, action="test.same", unit=1))
    finally:
        release.set()
        holder.join(timeout=30)
    assert isinstance(error, OperationalError)
    assert "lock timeout" in str(error)
    assert failures == []
    assert verify_chain().ok


def test_first_appends_to_a_new_chain_at_once_create_its_head_once(
    audit_log_flushable: None,
) -> None:

    def append(_n: int, ready: Callable[[], None]) -> None:
        ready()
        audit.record(actor=None, action="test.first", unit=3)

    at_once(8, append)
    result = verify_chain()
    assert (result.ok, result.checked) == (True, 8)
