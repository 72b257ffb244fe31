"""What the dependency test checks of each cached read (danchu.core.cached_reads): run with every
cached read computed and its SQL captured, which tables does it touch that its declared groups
(danchu.core.cache_groups) do not cover? Each app's `tests/test_cache_dependencies.py` gives a
sample call of each of its reads (`SAMPLES`: read name → function of the test world)."""

from __future__ import annotations

import importlib
import importlib.util
import re
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from danchu.core.cache_groups import GROUPS
from danchu.core.cached_reads import CachedRead, autodiscover, uncached

SAMPLES_MODULE = "tests.test_cache_dependencies"
_TABLE = re.compile(r'\b(?:FROM|JOIN)\s+"?([A-Za-z_]\w*)"?', re.IGNORECASE)
_NOT_READS = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


def tables_in(sql: str) -> set[str]:
    return set(_TABLE.findall(sql))


def undeclared_tables(read: CachedRead[Any, Any], call: Callable[[], object]) -> set[str]:
    """The tables `call()` (a call of `read`) touches beyond its groups' tables; a statement
    that is not a read counts as undeclared too."""
    with uncached(), CaptureQueriesContext(connection) as captured:
        call()
    touched: set[str] = set()
    for query in captured.captured_queries:
        sql = query["sql"].lstrip()
        if sql.upper().startswith(_NOT_READS):
            continue
        if not sql.upper().startswith(("SELECT", "WITH")):
            touched.add(f"not a read: {sql[:60]}")
        touched |= tables_in(sql)
    covered = {table for group in read.groups for table in GROUPS[group].tables}
    # A derived table is covered when every group whose triggers write it is declared.
    covered |= {
        table
        for group in read.groups
        for table in GROUPS[group].derived
        if all(name in read.groups for name, g in GROUPS.items() if table in g.derived)
    }
    return touched - covered


def application_reads() -> dict[str, CachedRead[Any, Any]]:
    """Every cached read of the applications (not those tests declare for themselves)."""
    return {name: read for name, read in autodiscover().items() if ".tests." not in name}


def samples_of(app: str) -> dict[str, Callable[[Any], object]]:
    """The sample calls an app's tests give (none if it has no such module)."""
    name = f"{app}.{SAMPLES_MODULE}"
    if importlib.util.find_spec(name) is None:
        return {}
    samples: dict[str, Callable[[Any], object]] = importlib.import_module(name).SAMPLES
    return samples


def reads_without_samples() -> list[str]:
    missing = []
    for name in application_reads():
        app = ".".join(name.split(".")[:2])
        if name not in samples_of(app):
            missing.append(name)
    return sorted(missing)
