"""Cached reads that the database itself invalidates.

A cached read is a named function declared with the table groups it depends on
(danchu.core.cache_groups):

    @cached_read("people", "units", key=lambda user: user.pk)
    def publishable_units(user): ...

    @cached_read("ack", keys=lambda person_id: {"ack": [person_id]})
    def acknowledged_ids(person_id): ...

Its result is kept in the cache (Redis in production) under the function's name, its arguments
(or what `key` names of them) and the current tokens of its groups. Database triggers give a
group's token a new value whenever one of its tables is written (the ORM, bulk updates, raw
SQL, the admin and data migrations alike), inside the writing transaction; so the next read after
a change misses, in every process, and a rolled-back change takes its token with it.

`danchu/core/tests/test_cache_dependencies.py` runs every registered read with its SQL captured
and fails if it touches a table that its groups do not list.

Reading the tokens is one indexed query on a tiny table. During a request (`GenerationMiddleware`)
it happens once, for every group token at the same time, and again after any statement that is not
a SELECT, so a request that writes sees its own change. Since a key names the tokens its value was
read under, each process also keeps the most recent values in memory, in front of the shared cache.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import pickle
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Generic, ParamSpec, TypeVar

from django.apps import apps
from django.core.cache import cache
from django.db import connection

from danchu.core.cache_groups import GROUPS
from danchu.core.recent import Recent

P = ParamSpec("P")
T = TypeVar("T")
TABLE = "core_generation"
TIMEOUT = 3600
LOCAL_SIZE = 2048
_MISSING = object()
recent: Recent[bytes] = Recent(LOCAL_SIZE)
# The tokens read so far in this request (None outside requests: always read afresh).
_memo: ContextVar[dict[str, int] | None] = ContextVar("danchu_generation_memo", default=None)
# Keyed tokens this request will want (the signed-in user's), read with the first tokens.
_expected: ContextVar[tuple[str, ...]] = ContextVar("danchu_expected_tokens", default=())
# True while the dependency test runs reads: every read is computed, nothing is cached.
_bypass: ContextVar[bool] = ContextVar("danchu_cache_bypass", default=False)
# Group tokens (unkeyed) this process has been asked for: a request reads them all at once.
_groups: set[str] = set()
_groups_lock = threading.Lock()

# Every cached read, by its dotted name.
REGISTRY: dict[str, CachedRead[Any, Any]] = {}


class CachedRead(Generic[P, T]):
    """A function whose result is cached until a table of its groups changes."""

    def __init__(
        self,
        function: Callable[P, T],
        groups: tuple[str, ...],
        *,
        key: Callable[..., Any] | None,
        keys: Callable[..., dict[str, Iterable[Any]]] | None,
        stale: Callable[[T], bool] | None,
    ) -> None:
        unknown = [group for group in groups if group not in GROUPS]
        if unknown:
            raise ValueError(f"{function.__qualname__}: unknown cache groups {unknown}")
        keyed = [group for group in groups if GROUPS[group].key]
        if keyed and keys is None:
            raise ValueError(f"{function.__qualname__}: keyed groups {keyed} need `keys=`")
        self.function = function
        self.groups = groups
        self.name = f"{function.__module__}.{function.__qualname__}"
        self._plain = tuple(group for group in groups if not GROUPS[group].key)
        self._keyed = frozenset(keyed)
        self._key = key
        self._keys = keys
        self._stale = stale
        self.__doc__ = function.__doc__
        self.__wrapped__ = function

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> T:
        if _bypass.get():
            return self.function(*args, **kwargs)
        names = list(self._plain)
        if self._keys is not None:
            for group, values in self._keys(*args, **kwargs).items():
                assert group in self._keyed, (self.name, group)
                names += [f"{group}:{value}" for value in values]
        what = self._key(*args, **kwargs) if self._key is not None else (args, kwargs)
        full = f"read:{self.name}:{digest([what])}:{tokens(*names)}"
        if len(full) > 200:  # Memcached-safe keys; the digest keeps them distinct
            full = "read:" + hashlib.sha256(full.encode()).hexdigest()
        # The key names the tokens, so a value found for it is never outdated by a change: each
        # process keeps recent ones in memory (pickled, so every reader gets its own copy).
        kept = recent.get(full)
        value = pickle.loads(kept) if kept is not None else cache.get(full, _MISSING)  # noqa: S301
        if value is _MISSING or (self._stale is not None and self._stale(value)):
            value = self.function(*args, **kwargs)
            cache.set(full, value, TIMEOUT)
            kept = None
        if kept is None:
            recent.set_many({full: pickle.dumps(value, pickle.HIGHEST_PROTOCOL)})
        return value


def cached_read(
    *groups: str,
    key: Callable[..., Any] | None = None,
    keys: Callable[..., dict[str, Iterable[Any]]] | None = None,
    stale: Callable[[Any], bool] | None = None,
) -> Callable[[Callable[P, T]], CachedRead[P, T]]:
    """Declare a cached read and the groups of tables (danchu.core.cache_groups) it depends on.

    `key(*args)` names what of the arguments the result depends on (default: the arguments;
    give it when they are model objects). A keyed group's tokens come from `keys(*args)`:
    `{"ack": [person_id]}`. `stale(result)`, if given, outdates a result with time alone.
    The result must pickle; it is a copy each time, so callers may annotate what they get.
    """

    def register(function: Callable[P, T]) -> CachedRead[P, T]:
        read = CachedRead(function, groups, key=key, keys=keys, stale=stale)
        REGISTRY[read.name] = read
        return read

    return register


def tokens(*names: str) -> str:
    """The current tokens of `names`, as one string ("0" for a token never written)."""
    memo = _memo.get()
    if memo is None or not all(name in memo for name in names):
        with _groups_lock:
            _groups.update(name for name in names if ":" not in name)
            groups = sorted(_groups)
        # During a request, every group comes along: the next cached read needs no query.
        wanted = (
            tuple(dict.fromkeys([*names, *groups, *_expected.get()])) if memo is not None else names
        )
        if not wanted:
            return ""
        placeholders = ", ".join(["%s"] * len(wanted))
        sql = f"SELECT name, value FROM {TABLE} WHERE name IN ({placeholders})"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, wanted)
            values = dict.fromkeys(wanted, 0) | dict(cursor.fetchall())
        if memo is None:
            return ".".join(str(values[name]) for name in names)
        memo.update(values)
    return ".".join(str(memo[name]) for name in names)


def expect_user(user_id: Any) -> None:
    """The signed-in user's own tokens (of groups keyed by user, danchu.core.cache_groups) are
    read with the request's first tokens, not by a query of their own later."""
    if _memo.get() is not None:
        names = tuple(f"{name}:{user_id}" for name, group in GROUPS.items() if group.per_user)
        _expected.set(names)


@contextmanager
def memo_for_request() -> Iterator[None]:
    """Read tokens once per request, and again after the request writes anything."""
    reset, reset_expected = _memo.set({}), _expected.set(())

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
        _expected.reset(reset_expected)


@contextmanager
def uncached() -> Iterator[None]:
    """Every cached read computes its result (for the dependency test: all SQL is seen)."""
    reset = _bypass.set(True)
    try:
        yield
    finally:
        _bypass.reset(reset)


def digest(values: Iterable[Any]) -> str:
    """A short stable name for a list of values (unit ids, say) inside a cache key."""
    return hashlib.sha256(repr(list(values)).encode()).hexdigest()[:24]


READ_MODULES = ("queries", "permissions", "backends")


def autodiscover() -> dict[str, CachedRead[Any, Any]]:
    """Import every app's modules that may declare cached reads; the complete registry."""
    for config in apps.get_app_configs():
        if not config.name.startswith("danchu."):
            continue
        for module in READ_MODULES:
            name = f"{config.name}.{module}"
            if importlib.util.find_spec(name) is not None:
                importlib.import_module(name)
    return REGISTRY
