"""The shared test world: a small unit tree with one account per role, and the clock it runs on.

The root conftest.py exposes it as the fixtures `world` (a `World`) and `frozen` (the clock stopped
at `BASE`). Apps add what is theirs (items, consultations) in their own test helpers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from danchu.organizations.models import Unit, UnitKind
from danchu.organizations.tests.factories import UnitFactory
from danchu.people.models import Role, User

# A Wednesday morning in Hà Nội (05/03/2025, 09:00): deadlines in working days stay predictable.
BASE = dt.datetime(2025, 3, 5, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@dataclass
class World:
    upper: Unit  # the party committee above the agency, where the supervisor sits
    agency: Unit  # the agency that discloses and consults
    dept: Unit  # a department of the agency
    other: Unit  # an unrelated agency
    head: User  # the agency's head
    staff: User  # staff of the agency
    dept_staff: User  # staff of the department
    outsider: User  # staff of the other agency
    supervisor: User  # supervises the subtree of `upper`
    union_chair: User | None = None  # the agency's trade union chair, when the world has one

    @property
    def union(self) -> User:
        assert self.union_chair is not None, "this world has no union chair (world_has_union)"
        return self.union_chair


def make_world(member_of: Callable[..., User], *, union: bool = True) -> World:
    """The world; without `union`, the agency has no trade union chair (one person fewer)."""
    upper = UnitFactory.create(name="Đảng bộ Khối các cơ quan", kind=UnitKind.PARTY_COMMITTEE)
    agency = UnitFactory.create(name="Sở Tài chính", parent=upper, code="so-tai-chinh")
    dept = UnitFactory.create(name="Phòng Ngân sách", kind=UnitKind.DEPARTMENT, parent=agency)
    other = UnitFactory.create(name="Sở Y tế")
    return World(
        upper=upper,
        agency=agency,
        dept=dept,
        other=other,
        head=member_of(agency, Role.HEAD),
        staff=member_of(agency, Role.STAFF),
        dept_staff=member_of(dept, Role.STAFF),
        outsider=member_of(other, Role.STAFF),
        supervisor=member_of(upper, Role.SUPERVISOR),
        union_chair=member_of(agency, Role.UNION_CHAIR) if union else None,
    )
