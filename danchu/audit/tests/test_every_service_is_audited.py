"""Every write service appends to the audit log (ARCHITECTURE: "Each service appends one
entry ... in the same transaction as the change"; issue 10).

The public functions of every app's `services` module (and the other modules that hold write
services, `service_rows.EXTRA_MODULES`) are listed by inspection; each is run in a small world
through its row in `service_rows.ROWS` and must append at least one entry. A new service
without a row fails here: add its row (or, if it writes nothing of record, a `NOT_WRITES` line
that says why).
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from danchu.audit.models import Entry
from danchu.audit.tests import service_rows

# Wednesday 05/03/2025, 09:00 in Hà Nội: a working morning.
NOW = dt.datetime(2025, 3, 5, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def public_services() -> list[tuple[str, Callable[..., Any]]]:
    found = []
    for module in service_rows.service_modules():
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if not name.startswith("_") and function.__module__ == module.__name__:
                found.append((f"{module.__name__}.{name}", function))
    return sorted(found)


SERVICES = public_services()
WRITES = [(name, function) for name, function in SERVICES if name not in service_rows.NOT_WRITES]


@pytest.fixture(autouse=True)
def _isolated(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(member_of: Any) -> Iterator[service_rows.World]:
    with time_machine.travel(NOW, tick=False):
        yield service_rows.make_world(member_of, NOW)


def test_the_services_are_found() -> None:
    names = {name for name, _function in SERVICES}
    assert "danchu.consultations.services.set_stance" in names
    assert "danchu.disclosures.services.publish_disclosure" in names
    assert f"{service_rows.PEOPLE_IMPORT_SERVICES}.start_import" in names


def test_every_service_has_a_row() -> None:
    missing = [name for name, _f in WRITES if name not in service_rows.ROWS]
    assert not missing, f"no row in audit/tests/service_rows.py for: {missing}"


def test_no_row_is_stale() -> None:
    names = {name for name, _function in SERVICES}
    stale = set(service_rows.ROWS) - names
    assert not stale, f"rows for services that no longer exist: {sorted(stale)}"


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "function"), WRITES, ids=[name for name, _f in WRITES])
def test_the_service_appends_an_audit_entry(
    name: str, function: Callable[..., Any], world: service_rows.World
) -> None:
    row = service_rows.ROWS.get(name)
    if row is None:
        pytest.fail(f"no row in audit/tests/service_rows.py for {name}")
    call = row(function, world)
    before = Entry.objects.count()

    call()

    assert Entry.objects.count() > before, f"{name} wrote without an audit entry"
