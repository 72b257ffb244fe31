"""The marker that lets `audit.record` past the database's insert guard (migration 0007).

PostgreSQL: a transaction-local setting, on for the one INSERT and off again after it.
SQLite has no session settings, so each of the application's connections defines a function
that answers whether this connection is appending now; a connection opened elsewhere (the
`sqlite3` shell, another program) does not define it, and its INSERT fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

SETTING = "danchu.audit_append"
SQLITE_FUNCTION = "danchu_audit_appending"


class _Flag:
    """Whether one SQLite connection is inside `appending()`; called by the trigger."""

    def __init__(self) -> None:
        self.on = False

    def __call__(self) -> int:
        return int(self.on)


def install(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """`connection_created` receiver: give each new SQLite connection its own flag."""
    if connection.vendor == "sqlite":
        flag = _Flag()
        connection.danchu_audit_appending = flag  # type: ignore[attr-defined]
        connection.connection.create_function(SQLITE_FUNCTION, 0, flag)


@contextmanager
def appending(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """Let the INSERTs of the block past the guard; must run inside a transaction.

    On failure nothing is reset by hand: the caller's savepoint rolls back, and with it the
    PostgreSQL setting; the SQLite flag is reset in any case.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, 'on', true)", [SETTING])
        yield
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, '', true)", [SETTING])
        return
    flag = getattr(connection, "danchu_audit_appending", None)
    if flag is None:  # not an application connection: the guard will refuse
        yield
        return
    flag.on = True
    try:
        yield
    finally:
        flag.on = False
