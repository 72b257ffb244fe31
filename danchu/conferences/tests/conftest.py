"""A conference to work with: the world's agency with a few more staff, planned, in session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine

from danchu.conferences import attendance, planning, voting
from danchu.conferences.models import Conference, Kind
from danchu.people.models import Role, User
from danchu.people.tests.world import BASE, World

# The annual conference reviewing 2024, held on 10/03/2025: within 3 months of 31/12 (art. 51.1).
HELD_AT = BASE.replace(day=10, hour=8, minute=0)
EXTRA_STAFF = 6


@pytest.fixture(autouse=True)
def _quick_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Hall:
    world: World
    conference: Conference
    voters: list[User]  # every summoned staff member with an account, the head first
    counters: list[User]

    @property
    def head(self) -> User:
        return self.world.head


def people(*users: User) -> list[int]:
    """The users' person ids (every user here has a person)."""
    return [u.person_id for u in users if u.person_id is not None]


def plan(world: World, **fields: object) -> Conference:
    values: dict[str, object] = {"year": 2024, "kind": Kind.ANNUAL, "scheduled_at": HELD_AT}
    values.update(fields)
    with time_machine.travel(BASE, tick=False):
        conference, _warnings = planning.plan_conference(
            actor=world.head,
            unit=world.agency,
            **values,  # type: ignore[arg-type]
        )
    return conference


@pytest.fixture
def hall(world: World, member_of: Callable[..., User]) -> Hall:
    """Nine staff (head, staff, union chair, department staff and six more), all present, the
    conference in session, two of the extra staff on the counting board."""
    extra = [member_of(world.agency, Role.STAFF) for _ in range(EXTRA_STAFF)]
    conference = plan(world)
    voters = [world.head, world.staff, world.union, world.dept_staff, *extra]
    attendance.check_in(actor=world.head, conference=conference, person_ids=people(*voters))
    attendance.open_session(actor=world.head, conference=conference)
    counters = extra[:2]
    voting.set_counting_board(actor=world.head, conference=conference, person_ids=people(*counters))
    conference.refresh_from_db()
    return Hall(world=world, conference=conference, voters=voters, counters=counters)


def at(moment: dt.datetime) -> time_machine.travel:
    return time_machine.travel(moment, tick=False)
