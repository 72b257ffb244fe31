"""Each cached read of people runs with its SQL captured: it may touch only the tables of the
groups it declares (danchu.core.cache_check)."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from danchu.core.cache_check import undeclared_tables
from danchu.core.cached_reads import REGISTRY
from danchu.organizations.tests.factories import UnitFactory
from danchu.people import backends, permissions, queries
from danchu.people.models import Role

SAMPLES: dict[str, Callable[[Any], object]] = {
    "danchu.people.backends.load_user": lambda w: backends.load_user(w.user.pk),
    "danchu.people.permissions.read_scopes": lambda w: permissions.read_scopes(
        w.user.pk, w.user.person_id, timezone.localdate()
    ),
    "danchu.people.queries.unit_by_id": lambda w: queries.unit_by_id(w.child.pk),
    "danchu.people.queries.units_under": lambda w: queries.units_under(w.root),
}


@pytest.fixture
def world(member_of: Any) -> SimpleNamespace:
    root = UnitFactory.create()
    child = UnitFactory.create(parent=root)
    return SimpleNamespace(root=root, child=child, user=member_of(child, Role.HEAD))


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_the_read_touches_only_the_tables_of_its_groups(name: str, world: SimpleNamespace) -> None:
    read = REGISTRY[name]
    assert undeclared_tables(read, lambda: SAMPLES[name](world)) == set()
