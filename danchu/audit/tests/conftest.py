from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from danchu import audit
from danchu.audit.models import Entry
from danchu.audit.tests.helpers import triggers

UNIT = 7  # the unit of the `chain` fixture's entries
OTHER_UNIT = 8


@pytest.fixture
def user(db: None) -> Any:
    return get_user_model().objects.create_user(username="lan.nguyen", password="mật-khẩu-dài-1")


@pytest.fixture
def chain(user: Any) -> list[Entry]:
    """Five entries of unit 7's chain, the first by the system, the rest by `user` about `user`."""
    entries = [audit.record(actor=None, action="core.started", unit=UNIT)]
    for step in range(2, 6):
        entries.append(
            audit.record(
                actor=user,
                action="people.user_changed",
                target=user,
                unit=UNIT,
                changes={"step": step, "ghi_chú": f"lần {step}"},
            )
        )
    return entries


@pytest.fixture
def other_chain(chain: list[Entry], user: Any) -> list[Entry]:
    """Three entries of unit 8's chain and one of the system chain, after and between `chain`'s."""
    return [
        audit.record(actor=user, action="people.user_changed", target=user, unit=OTHER_UNIT),
        audit.record(actor=None, action="core.job_ran"),
        audit.record(actor=user, action="people.user_changed", target=user, unit=OTHER_UNIT),
        audit.record(actor=user, action="people.user_changed", target=user, unit=OTHER_UNIT),
    ]


@pytest.fixture(scope="module")
def _append_only_restored_after(django_db_blocker: Any) -> Iterator[None]:
    """Put the append-only triggers back once the module's flushes are over."""
    yield
    with django_db_blocker.unblock():
        triggers.drop_triggers(connection)
        triggers.create_triggers(connection)


@pytest.fixture
def audit_log_flushable(_append_only_restored_after: None) -> Iterator[None]:
    """A transactional test ends with a flush, which the append-only triggers refuse."""
    yield
    triggers.drop_triggers(connection)
