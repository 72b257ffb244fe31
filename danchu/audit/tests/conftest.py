from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from danchu import audit
from danchu.audit.models import Entry

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
