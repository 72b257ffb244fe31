"""Who may see, comment on and read the opinions of a consultation: role × phase × plan."""

from __future__ import annotations

import datetime as dt

import pytest

from danchu.consultations import permissions, queries
from danchu.consultations.models import Visibility
from danchu.consultations.tests.conftest import BASE, open_one

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

LATER = {"opens_at": BASE + dt.timedelta(days=1), "closes_at": BASE + dt.timedelta(days=10)}

# (who, phase, visibility) → (sees it, may comment, reads others' opinions, manages it)
TABLE = [
    ("head", "planned", Visibility.ALL_STAFF, (True, False, True, True)),
    ("union", "planned", Visibility.ALL_STAFF, (True, False, True, False)),
    ("staff", "planned", Visibility.ALL_STAFF, (False, False, False, False)),
    ("supervisor", "planned", Visibility.ALL_STAFF, (False, False, False, False)),
    ("head", "open", Visibility.ALL_STAFF, (True, True, True, True)),
    ("union", "open", Visibility.ALL_STAFF, (True, True, True, False)),
    ("staff", "open", Visibility.ALL_STAFF, (True, True, True, False)),
    ("dept_staff", "open", Visibility.ALL_STAFF, (True, True, True, False)),
    ("supervisor", "open", Visibility.ALL_STAFF, (True, False, True, False)),
    ("outsider", "open", Visibility.ALL_STAFF, (False, False, False, False)),
    ("staff", "open", Visibility.HEAD_ONLY, (True, True, False, False)),
    ("union", "open", Visibility.HEAD_ONLY, (True, True, True, False)),
    ("supervisor", "open", Visibility.HEAD_ONLY, (True, False, False, False)),
]


@pytest.mark.parametrize(("who", "phase", "visibility", "expected"), TABLE)
def test_role_phase_and_plan(world, who, phase, visibility, expected):
    timing = LATER if phase == "planned" else {}
    consultation = open_one(world, visibility=visibility, **timing)
    user = getattr(world, who)
    listed = queries.visible_consultations(user).filter(pk=consultation.pk).exists()
    got = (
        listed,
        permissions.can_give_opinion(user, consultation),
        listed and permissions.can_read_opinions(user, consultation),
        permissions.can_manage(user, consultation),
    )
    assert got == expected
    assert listed == permissions.can_view(user, consultation)
