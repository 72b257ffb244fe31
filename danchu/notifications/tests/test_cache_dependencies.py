"""Each cached read of notifications runs with its SQL captured: it may touch only the tables of
the groups it declares (danchu.core.cache_check)."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest

from danchu.core.cache_check import undeclared_tables
from danchu.core.cached_reads import REGISTRY
from danchu.notifications import queries
from danchu.notifications.services import notify
from danchu.people.tests.factories import UserFactory

SAMPLES: dict[str, Callable[[Any], object]] = {
    "danchu.notifications.queries.unread_count_of": lambda w: queries.unread_count_of(w.user.pk),
}


@pytest.fixture
def world(db: None) -> SimpleNamespace:
    user = UserFactory.create()
    notify(recipients=[user], code="disclosures.answer")
    return SimpleNamespace(user=user)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_the_read_touches_only_the_tables_of_its_groups(name: str, world: SimpleNamespace) -> None:
    read = REGISTRY[name]
    assert undeclared_tables(read, lambda: SAMPLES[name](world)) == set()
