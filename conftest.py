"""Shared fixtures: a user holding a role in a unit, a test client logged in as a user, and the
shared test world (danchu/people/tests/world.py) with its stopped clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client

from danchu.organizations.models import Unit
from danchu.people.models import User
from danchu.people.tests.factories import PersonFactory, RoleAssignmentFactory, UserFactory
from danchu.people.tests.world import BASE, World, make_world


@pytest.fixture(autouse=True)
def _tasks_run_inline(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fresh_cache(settings: Any) -> None:
    """Each test starts with an empty cache of its own (Redis in CI when REDIS_URL is set), and
    without the fragments, reads and token predictions an earlier test left in memory (its rows
    may have had the same ids): each test's query counts are those of a newly started process."""
    from django.core.cache import cache

    from danchu.core import cached_reads, fragments

    if not settings.REDIS_URL:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    fragments.recent.clear()
    cached_reads.forget_process_state()


@pytest.fixture
def member_of(db: None) -> Callable[..., User]:
    """`member_of(unit, "head")`: a user whose person works in `unit` and holds that role there."""

    def make(unit: Unit, role: str | None = "staff", **user_fields: Any) -> User:
        person = PersonFactory.create(unit=unit)
        if role:
            RoleAssignmentFactory.create(person=person, unit=unit, role=role)
        return UserFactory.create(person=person, **user_fields)

    return make


@pytest.fixture
def client_as(db: None) -> Callable[[User], Client]:
    def make(user: User) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE="vi")
        client.force_login(user)
        return client

    return make


@pytest.fixture
def world_has_union() -> bool:
    """Whether `world`'s agency has a trade union chair (an app's conftest may say no)."""
    return True


@pytest.fixture
def world(member_of: Callable[..., User], world_has_union: bool) -> World:
    """An agency with a department, its head, union chair and staff, an unrelated agency, and a
    supervisor above (see danchu/people/tests/world.py)."""
    return make_world(member_of, union=world_has_union)


@pytest.fixture
def frozen() -> Iterator[time_machine.Traveller]:
    """The clock stopped on a working morning (world.BASE)."""
    with time_machine.travel(BASE, tick=False) as clock:
        yield clock


def pytest_configure(config: pytest.Config) -> None:
    """Close connections after each request/test so the live server leaves none behind."""
    from django.conf import settings

    settings.DATABASES["default"]["CONN_MAX_AGE"] = 0


@pytest.fixture(scope="module")
def _audit_log_restored_after(django_db_blocker: Any) -> Iterator[None]:
    """Put the append-only triggers back once the module's flushes are over (chain heads are
    created on demand)."""
    from django.db import connection

    from danchu.audit.tests.helpers import triggers

    yield
    with django_db_blocker.unblock():
        triggers.drop_triggers(connection)
        triggers.create_triggers(connection)


@pytest.fixture
def audit_log_flushable(_audit_log_restored_after: None) -> Iterator[None]:
    """A transactional test ends with a flush, which the append-only triggers refuse."""
    from django.db import connection

    from danchu.audit.tests.helpers import triggers

    yield
    triggers.drop_triggers(connection)
