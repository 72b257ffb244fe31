"""What the contention benchmark observes besides latency: lock waits, sampled from
`pg_stat_activity` and `pg_locks` while the load runs, and the cache statistics the server keeps
in Redis under `DANCHU_CACHE_STATS=1` (`cachestats:<read name>:hit` / `:miss`)."""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import psycopg
import redis
from psycopg import sql

# Every backend of this database that waits for a lock, once per backend blocking it, with what
# it waits on: the table of the lock it waits for; or, when it waits for another transaction to
# end (a row lock), the table of the row: the tuple lock it holds meanwhile, else (INSERT … ON
# CONFLICT waits without one) a row of a known single-row hot spot that the blocking transaction
# has written or locked (its xmax), with `audit_head` named when the waiting statement reads it.
WAITS_SQL = """
WITH waits AS (
    SELECT w.application_name AS waiter, b.application_name AS blocker, w.query,
        (SELECT l.transactionid FROM pg_locks l
          WHERE l.pid = w.pid AND NOT l.granted AND l.locktype = 'transactionid' LIMIT 1) AS xid,
        coalesce(
            (SELECT l.relation::regclass::text FROM pg_locks l
              WHERE l.pid = w.pid AND NOT l.granted AND l.relation IS NOT NULL LIMIT 1),
            (SELECT l.relation::regclass::text FROM pg_locks l
              WHERE l.pid = w.pid AND l.locktype = 'tuple' LIMIT 1),
            (SELECT l.locktype FROM pg_locks l WHERE l.pid = w.pid AND NOT l.granted LIMIT 1),
            'unknown') AS waited_on
    FROM pg_stat_activity w
    CROSS JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS blocking(pid)
    JOIN pg_stat_activity b ON b.pid = blocking.pid
    WHERE w.datname = current_database() AND w.pid <> pg_backend_pid()
)
SELECT waiter, blocker, CASE WHEN waited_on <> 'transactionid' THEN waited_on {hot}
    ELSE 'a row (table unknown)' END, left(regexp_replace(query, '\\s+', ' ', 'g'), 60)
FROM waits
"""
HOT_SPOTS = {  # table: the extra condition naming it (its row's xmax is the awaited transaction)
    "audit_head": "query ILIKE '%audit_head%'",
    "core_generation": "TRUE",
}
HOT_TABLE = "core_generation"
CROSS, SAME, UNKNOWN = "cross-unit", "same unit", "unit unknown"


def client_of(application_name: str) -> tuple[str, str] | None:
    """(kind, unit id) from `bench:<kind>:<unit id>` (bench/contention_hooks.py), else None."""
    parts = application_name.split(":")
    if len(parts) != 3 or parts[0] != "bench":
        return None
    return parts[1], parts[2]


@dataclass
class LockWaits:
    samples: int = 0
    with_wait: int = 0  # samples in which some backend waited on a lock held by another
    with_cross_unit: int = 0  # … in which a write of one unit waited on another unit's
    on_hot_table: int = 0  # … in which some backend waited on a row of core_generation
    waits: Counter[tuple[str, str]] = field(default_factory=Counter)  # (table, relation) → n
    kinds: Counter[tuple[str, str]] = field(default_factory=Counter)  # (waiter, blocker) → n
    statements: Counter[str] = field(default_factory=Counter)  # the waiting statement → n
    errors: Counter[str] = field(default_factory=Counter)

    def add(self, rows: list[tuple[str, str, str, str]]) -> None:
        self.samples += 1
        relations = set()
        hot = False
        for waiter_name, blocker_name, table, statement in rows:
            self.statements[statement] += 1
            waiter, blocker = client_of(waiter_name), client_of(blocker_name)
            if waiter is None or blocker is None:
                relation = UNKNOWN
            else:
                relation = SAME if waiter[1] == blocker[1] else CROSS
            relations.add(relation)
            hot = hot or table == HOT_TABLE
            self.waits[table, relation] += 1
            self.kinds[waiter[0] if waiter else "?", blocker[0] if blocker else "?"] += 1
        self.with_wait += bool(rows)
        self.with_cross_unit += CROSS in relations
        self.on_hot_table += hot

    def total(self, relation: str | None = None, table: str | None = None) -> int:
        return sum(
            n
            for (t, r), n in self.waits.items()
            if (relation is None or r == relation) and (table is None or t == table)
        )


class LockSampler(threading.Thread):
    """Samples lock waits every `interval` seconds until `stop()`; one connection of its own."""

    def __init__(self, database_url: str, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.url, self.interval = database_url, interval
        self.result = LockWaits()
        self._stopping = threading.Event()

    def stop(self) -> LockWaits:
        self._stopping.set()
        self.join(timeout=10)
        return self.result

    def run(self) -> None:
        try:
            with psycopg.connect(
                self.url, autocommit=True, application_name="bench-sampler"
            ) as conn:
                statement = waits_sql(conn)
                while not self._stopping.is_set():
                    started = time.monotonic()
                    rows = conn.execute(statement).fetchall()
                    self.result.add([(str(a), str(b), str(t), str(q)) for a, b, t, q in rows])
                    self._stopping.wait(max(0.0, self.interval - (time.monotonic() - started)))
        except psycopg.Error as error:
            self.result.errors[type(error).__name__] += 1


def waits_sql(conn: psycopg.Connection[Any]) -> sql.Composed:
    """WAITS_SQL with a branch for each hot spot that exists in this database."""
    branches = []
    for table, condition in HOT_SPOTS.items():
        if conn.execute("SELECT to_regclass(%s)", [table]).fetchone() in (None, (None,)):
            continue
        branches.append(
            sql.SQL(
                "WHEN {condition} AND EXISTS (SELECT 1 FROM {table} WHERE xmax = xid) THEN {name}"
            ).format(
                condition=sql.SQL(condition),  # a constant above
                table=sql.Identifier(table),
                name=sql.Literal(table),
            )
        )
    return sql.SQL(WAITS_SQL).format(hot=sql.SQL(" ").join(branches))


# --- cache statistics ---------------------------------------------------------------------------

# Django's key format for the default cache is `<KEY_PREFIX>:<version>:<key>` (`:1:cachestats:…`
# here); any prefix and version will do.
STATS_PATTERN = "*cachestats:*"
STATS_MARK = "cachestats:"


def cache_stats(redis_url: str) -> dict[str, dict[str, int]]:
    """{read name: {"hit": n, "miss": n}} from the counters, empty when there are none."""
    client = redis.Redis.from_url(redis_url)
    stats: dict[str, dict[str, int]] = {}
    for key in client.scan_iter(match=STATS_PATTERN, count=1000):
        name, _, outcome = key.decode().split(STATS_MARK, 1)[1].rpartition(":")
        value = client.get(key)
        if outcome in {"hit", "miss"} and value is not None and value.isdigit():
            stats.setdefault(name, {"hit": 0, "miss": 0})[outcome] = int(value)
    return stats


def reset_cache_stats(redis_url: str) -> None:
    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=STATS_PATTERN, count=1000))
    if keys:
        client.delete(*keys)
