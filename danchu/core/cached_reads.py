"""Cached reads that the database itself invalidates.

A cached read is a named function declared with the table groups it depends on
(danchu.core.cache_groups):

    @cached_read("account", "units", key=lambda u: u.pk, keys=lambda u: {"account": [u.pk]})
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
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Generic, ParamSpec, TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from danchu.core.cache_groups import GROUPS
from danchu.core.recent import Recent

P = ParamSpec("P")
T = TypeVar("T")
TABLE = "core_generation"
SCOPED_TABLE = "core_scopedgeneration"
SUBTREE_END = "~"  # danchu.organizations.models.PATH_END: [path, path + "~") is one subtree
TIMEOUT = 3600
LOCAL_SIZE = 2048
PREDICTED = 128  # at most this many keyed and scoped tokens a user is expected to need
_MISSING = object()
recent: Recent[bytes] = Recent(LOCAL_SIZE)
# The tokens read so far in this request (None outside requests: always read afresh).
_memo: ContextVar[dict[Any, Any] | None] = ContextVar("danchu_generation_memo", default=None)
# Keyed tokens this request will want (the signed-in user's), read with the first tokens.
_expected: ContextVar[tuple[str, ...]] = ContextVar("danchu_expected_tokens", default=())
# The signed-in user of this request, and the keyed and scoped tokens each user's requests
# needed (per process: a guess that costs little when wrong).
_user: ContextVar[str | None] = ContextVar("danchu_token_user", default=None)
_user_tokens: Recent[tuple[Any, ...]] = Recent(LOCAL_SIZE)
# True while the dependency test runs reads: every read is computed, nothing is cached.
_bypass: ContextVar[bool] = ContextVar("danchu_cache_bypass", default=False)
# The tokens of whole groups (neither keyed nor scoped): a request reads them all at once.
PLAIN_GROUPS = tuple(sorted(name for name, g in GROUPS.items() if not (g.key or g.scoped)))


@dataclass(frozen=True)
class UnitScope:
    """The units a read of a scoped group depends on: every unit in the `subtrees` (paths) and
    the units at `paths`. Its token sums the write counters of those units in one query."""

    subtrees: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()


EVERY_UNIT = UnitScope(subtrees=("",))


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
        keys: Callable[..., Mapping[str, Iterable[Any] | UnitScope]] | None,
        stale: Callable[[T], bool] | None,
    ) -> None:
        unknown = [group for group in groups if group not in GROUPS]
        if unknown:
            raise ValueError(f"{function.__qualname__}: unknown cache groups {unknown}")
        keyed = [group for group in groups if GROUPS[group].key or GROUPS[group].scoped]
        if keyed and keys is None:
            raise ValueError(f"{function.__qualname__}: keyed groups {keyed} need `keys=`")
        self.function = function
        self.groups = groups
        self.name = f"{function.__module__}.{function.__qualname__}"
        self._plain = tuple(group for group in groups if group not in keyed)
        self._keyed = frozenset(keyed)
        self._key = key
        self._keys = keys
        self._stale = stale
        self.__doc__ = function.__doc__
        self.__wrapped__ = function

    def key_of(self, *args: P.args, **kwargs: P.kwargs) -> str:
        """The cache key of this call: its name, what of its arguments it depends on and the
        current tokens of its groups. It changes whenever the result may have: a fragment of
        HTML showing only the result can be cached under it (danchu.core.fragments)."""
        wanted: list[Token] = list(self._plain)
        if self._keys is not None:
            for group, values in self._keys(*args, **kwargs).items():
                assert group in self._keyed, (self.name, group)
                if isinstance(values, UnitScope):
                    wanted.append((group, values))
                else:
                    wanted += [f"{group}:{value}" for value in values]
        what = self._key(*args, **kwargs) if self._key is not None else (args, kwargs)
        current = ".".join(str(value) for value in _current(tuple(wanted)))
        full = f"read:{self.name}:{digest([what])}:{current}"
        if len(full) > 200:  # Memcached-safe keys; the digest keeps them distinct
            full = "read:" + hashlib.sha256(full.encode()).hexdigest()
        return full

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> T:
        if _bypass.get():
            return self.function(*args, **kwargs)
        full = self.key_of(*args, **kwargs)
        # The key names the tokens, so a value found for it is never outdated by a change: each
        # process keeps recent ones in memory (pickled, so every reader gets its own copy).
        kept = recent.get(full)
        value = pickle.loads(kept) if kept is not None else cache.get(full, _MISSING)  # noqa: S301
        missed = value is _MISSING or (self._stale is not None and self._stale(value))
        if settings.DANCHU_CACHE_STATS:
            count(self.name, hit=not missed)
        if missed:
            value = self.function(*args, **kwargs)
            cache.set(full, value, TIMEOUT)
            kept = None
        if kept is None:
            recent.set_many({full: pickle.dumps(value, pickle.HIGHEST_PROTOCOL)})
        return value


def cached_read(
    *groups: str,
    key: Callable[..., Any] | None = None,
    keys: Callable[..., Mapping[str, Iterable[Any] | UnitScope]] | None = None,
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


def count(name: str, *, hit: bool) -> None:
    """One more hit or miss of the cached read `name`, in the shared cache (DANCHU_CACHE_STATS)."""
    key = f"cachestats:{name}:{'hit' if hit else 'miss'}"
    if not cache.add(key, 1, timeout=None):
        cache.incr(key)


def tokens(*names: str) -> str:
    """The current tokens of `names`, as one string ("0" for a token never written)."""
    return ".".join(str(value) for value in _current(names))


def scoped_token(group: str, scope: UnitScope) -> str:
    """The token of a scoped group over `scope`: the sum of its units' write counters. Each write
    adds one to the counter of the unit it belongs to, so the sum moves with any write in the
    scope and with none outside it."""
    return str(_current(((group, scope),))[0])


# A token: a group's or a keyed token's name, or a scoped group over a UnitScope.
Token = str | tuple[str, UnitScope]


def _current(wanted: tuple[Token, ...]) -> list[Any]:
    """The values of tokens: from the request's memo, else in one query (with, during a request,
    every group token and the tokens the signed-in user's earlier requests needed)."""
    memo = _memo.get()
    if memo is not None:
        try:
            return [memo[token] for token in wanted]
        except KeyError:
            pass
    asked = wanted
    if memo is not None:  # every group comes along: the next cached read needs no query
        user = _user.get()
        if user is not None:  # and what this user's requests needed besides
            known = _user_tokens.get(user) or ()
            new = tuple(t for t in wanted if not (isinstance(t, str) and ":" not in t))
            if any(t not in known for t in new):
                _user_tokens.set_many({user: tuple(dict.fromkeys((*new, *known)))[:PREDICTED]})
            asked = (*wanted, *known)
        asked = tuple(dict.fromkeys((*asked, *PLAIN_GROUPS, *_expected.get())))
    values = _read(asked)
    if memo is not None:
        memo.update(values)
    return [values[token] for token in wanted]


def _read(asked: tuple[Token, ...]) -> dict[Token, Any]:
    """One query for all of `asked` (0 for a token never written)."""
    names = [token for token in asked if isinstance(token, str)]
    parts: list[str] = []
    params: list[Any] = []
    if names:
        parts.append(f"SELECT name, value FROM {TABLE} WHERE name IN ({_marks(names)})")  # noqa: S608
        params += names
    scoped = [token for token in asked if not isinstance(token, str)]
    for number, (group, scope) in enumerate(scoped):
        ranges = ["(unit_path >= %s AND unit_path < %s)"] * len(scope.subtrees)
        if scope.paths:
            ranges.append(f"unit_path IN ({_marks(scope.paths)})")
        parts.append(
            f"SELECT '#{number}', CAST(COALESCE(SUM(counter), 0) AS bigint) "  # noqa: S608
            f"FROM {SCOPED_TABLE} WHERE name = %s AND ({' OR '.join(ranges) or '1 = 0'})"
        )
        params.append(group)
        for path in scope.subtrees:
            params += [path, path + SUBTREE_END]
        params += scope.paths
    rows: dict[str, Any] = {}
    if parts:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            rows = dict(cursor.fetchall())
    values: dict[Token, Any] = {name: rows.get(name, 0) for name in names}
    for number, token in enumerate(scoped):
        values[token] = rows[f"#{number}"]
    return values


def _marks(values: Iterable[Any]) -> str:
    return ", ".join(["%s"] * len(list(values)))


def expect_user(user_id: Any) -> None:
    """The signed-in user's own tokens (of groups keyed by user, danchu.core.cache_groups, and
    those their earlier requests needed) are read with the request's first tokens, not by
    queries of their own later."""
    if _memo.get() is not None:
        names = tuple(f"{name}:{user_id}" for name, group in GROUPS.items() if group.per_user)
        _expected.set(names)
        _user.set(str(user_id))


def expect_person(person_id: Any) -> None:
    """The signed-in user's person's own tokens (of groups keyed by person) are read with the
    request's next tokens, not by a query of their own later."""
    if _memo.get() is not None and person_id is not None:
        names = tuple(f"{name}:{person_id}" for name, group in GROUPS.items() if group.per_person)
        _expected.set(tuple(dict.fromkeys((*_expected.get(), *names))))


@contextmanager
def memo_for_request() -> Iterator[None]:
    """Read tokens once per request, and again after the request writes anything."""
    resets = (_memo.set({}), _expected.set(()), _user.set(None))

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
        for variable, reset in zip((_memo, _expected, _user), resets, strict=True):
            variable.reset(reset)  # type: ignore[attr-defined]


def forget_process_state() -> None:
    """Forget what this process kept and learned (values, each user's tokens): as a newly
    started process. Tests start each from here, so their query counts do
    not depend on which tests ran before in the same process."""
    recent.clear()
    _user_tokens.clear()


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
