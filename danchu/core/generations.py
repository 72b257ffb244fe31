"""Generation tokens: cached reads that the database itself invalidates.

A token names a group of tables (`people`: users, persons and role assignments). Database triggers
give the group's row in `core_generation` a new random value whenever a row of one of its tables
is inserted, updated or deleted: through the ORM, a bulk update, raw SQL, the admin or a data
migration alike, and inside the writing transaction, so the new token becomes visible with the
data it stands for. A read cached under the tokens of what it depends on is therefore seen to be
stale by the very next request after a change, in every process; a rolled-back change takes its
token with it, and random values never come back after a restore.

Per-row tokens (`watch_rows`) follow one column instead: `ack:<person id>` changes when that
person's acknowledgements do, so one reader's acknowledgement leaves everyone else's cache alone.

Reading the tokens is one indexed query on a tiny table (well under the cost of building one ORM
query). During a request (`GenerationMiddleware`) the tokens are read once, with every group
token at the same time, and read again after any statement that is not a SELECT, so a request
that writes sees its own change. Entries live in the default cache (Redis in production) for at
most `TIMEOUT` seconds; since a key names the tokens its value was read under, each process also
keeps the most recent values in memory, in front of the shared cache.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.operations.special import RunPython
from django.db.migrations.state import StateApps

from danchu.core.recent import Recent

T = TypeVar("T")
TABLE = "core_generation"
TIMEOUT = 3600
LOCAL_SIZE = 2048
_MISSING = object()
recent: Recent[bytes] = Recent(LOCAL_SIZE)
# The tokens read so far in this request (None outside requests: always read afresh).
_memo: ContextVar[dict[str, int] | None] = ContextVar("danchu_generation_memo", default=None)
# Group tokens (no ":") this process has been asked for: a request reads them all at once.
_groups: set[str] = set()
_groups_lock = threading.Lock()


def tokens(*names: str) -> str:
    """The current tokens of `names`, as one string ("0" for a group never written)."""
    memo = _memo.get()
    if memo is None or not all(name in memo for name in names):
        with _groups_lock:
            _groups.update(name for name in names if ":" not in name)
            groups = sorted(_groups)
        # During a request, every group comes along: the next cached read needs no query.
        wanted = tuple(dict.fromkeys([*names, *groups])) if memo is not None else names
        placeholders = ", ".join(["%s"] * len(wanted))
        sql = f"SELECT name, value FROM {TABLE} WHERE name IN ({placeholders})"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, wanted)
            values = dict.fromkeys(wanted, 0) | dict(cursor.fetchall())
        if memo is None:
            return ".".join(str(values[name]) for name in names)
        memo.update(values)
    return ".".join(str(memo[name]) for name in names)


@contextmanager
def memo_for_request() -> Iterator[None]:
    """Read tokens once per request, and again after the request writes anything."""
    reset = _memo.set({})

    def forget_after_writes(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if sql.lstrip()[:6].upper() != "SELECT":
            memo = _memo.get()
            if memo:
                memo.clear()
        return execute(sql, params, many, context)

    try:
        with connection.execute_wrapper(forget_after_writes):
            yield
    finally:
        _memo.reset(reset)


def cached(
    key: str,
    depends: Iterable[str],
    compute: Callable[[], T],
    *,
    stale: Callable[[T], bool] | None = None,
) -> T:
    """`compute()`, or its cached result while no table in `depends` has changed since (and,
    with `stale`, while `stale(result)` is false: for results that time alone outdates).

    `key` must name everything else the result depends on (user, filters, day). The result must
    pickle; it is a copy each time, so callers may annotate what they get.
    """
    names = tuple(depends)
    full = f"gen:{key}:{tokens(*names)}"
    if len(full) > 200:  # Memcached-safe keys; the digest keeps them distinct
        full = "gen:" + hashlib.sha256(full.encode()).hexdigest()
    # The key names the tokens, so a value found for it is never outdated by a change: each
    # process keeps recent ones in memory (pickled, so every reader gets its own copy).
    kept = recent.get(full)
    value = pickle.loads(kept) if kept is not None else cache.get(full, _MISSING)  # noqa: S301
    if value is _MISSING or (stale is not None and stale(value)):
        value = compute()
        cache.set(full, value, TIMEOUT)
        kept = None
    if kept is None:
        recent.set_many({full: pickle.dumps(value, pickle.HIGHEST_PROTOCOL)})
    return value


def digest(values: Iterable[Any]) -> str:
    """A short stable name for a list of values (unit ids, say) inside a cache key."""
    return hashlib.sha256(repr(list(values)).encode()).hexdigest()[:24]


# --- Triggers (created by the migrations of the apps that own the tables) ---------------------
# The SQL below is built from the migrations' own constants (table, column and token names),
# never from input.

_PG_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION danchu_new_generation(token text) RETURNS void AS $$
BEGIN
    INSERT INTO {TABLE} (name, value)
    VALUES (token, floor((random() - 0.5) * 9.2e18)::bigint)
    ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION danchu_table_changed() RETURNS trigger AS $$
BEGIN
    PERFORM danchu_new_generation(TG_ARGV[0]);
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION danchu_row_changed() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM danchu_new_generation(TG_ARGV[0] || COALESCE(to_jsonb(OLD) ->> TG_ARGV[1], ''));
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM danchu_new_generation(TG_ARGV[0] || COALESCE(to_jsonb(NEW) ->> TG_ARGV[1], ''));
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
"""  # noqa: S608


def _sqlite_set(token_sql: str) -> str:
    return (
        f"INSERT INTO {TABLE} (name, value) VALUES ({token_sql}, random()) "  # noqa: S608
        "ON CONFLICT (name) DO UPDATE SET value = excluded.value;"
    )


def _trigger_name(table: str, suffix: str) -> str:
    return f"danchu_gen_{table}_{suffix}"


_EVENTS = ("insert", "update", "delete")


def watch_tables(name: str, tables: Iterable[str]) -> RunPython:
    """A migration operation: any change to `tables` gives token `name` a new value."""
    tables = tuple(tables)

    def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        postgres = schema_editor.connection.vendor == "postgresql"
        if postgres:
            schema_editor.execute(_PG_FUNCTIONS)
        for table in tables:
            if postgres:
                schema_editor.execute(
                    f"CREATE TRIGGER {_trigger_name(table, 'stmt')} "
                    f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION danchu_table_changed('{name}')"
                )
            else:
                for event in _EVENTS:
                    schema_editor.execute(
                        f"CREATE TRIGGER {_trigger_name(table, event)} AFTER {event.upper()} "
                        f"ON {table} BEGIN {_sqlite_set(repr(name))} END"
                    )

    names = {"postgresql": ["stmt"], "sqlite": list(_EVENTS)}
    return RunPython(forward, _dropper(tables, names), elidable=False)


def watch_rows(prefix: str, table: str, column: str) -> RunPython:
    """A migration operation: a change to a row of `table` gives token `<prefix><column value>`
    a new value (for the old and the new row of an update). A table may have several."""

    def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(_PG_FUNCTIONS)
            schema_editor.execute(
                f"CREATE TRIGGER {_trigger_name(table, f'{column}_row')} "
                f"AFTER INSERT OR UPDATE OR DELETE ON {table} FOR EACH ROW "
                f"EXECUTE FUNCTION danchu_row_changed('{prefix}', '{column}')"
            )
            return
        rows = {"insert": ("NEW",), "update": ("OLD", "NEW"), "delete": ("OLD",)}
        for event, records in rows.items():
            body = " ".join(
                _sqlite_set(f"'{prefix}' || COALESCE({r}.{column}, '')") for r in records
            )
            schema_editor.execute(
                f"CREATE TRIGGER {_trigger_name(table, f'{column}_{event}')} "
                f"AFTER {event.upper()} ON {table} BEGIN {body} END"
            )

    names = {"postgresql": [f"{column}_row"], "sqlite": [f"{column}_{e}" for e in _EVENTS]}
    return RunPython(forward, _dropper((table,), names), elidable=False)


def _dropper(
    tables: tuple[str, ...], suffixes: dict[str, list[str]]
) -> Callable[[StateApps, BaseDatabaseSchemaEditor], None]:
    def backward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        postgres = schema_editor.connection.vendor == "postgresql"
        for table in tables:
            for suffix in suffixes["postgresql" if postgres else "sqlite"]:
                on = f" ON {table}" if postgres else ""
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {_trigger_name(table, suffix)}{on}")

    return backward
