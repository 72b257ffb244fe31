from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from danchu import audit
from danchu.audit.models import Entry


@pytest.fixture
def user(db: None) -> Any:
    return get_user_model().objects.create_user(username="lan.nguyen", password="mật-khẩu-dài-1")


@pytest.fixture
def chain(user: Any) -> list[Entry]:
    """Five entries, the first by the system, the rest by `user` about `user`."""
    entries = [audit.record(actor=None, action="core.started")]
    for step in range(2, 6):
        entries.append(
            audit.record(
                actor=user,
                action="people.user_changed",
                target=user,
                unit=step,
                changes={"step": step, "ghi_chú": f"lần {step}"},
            )
        )
    return entries
