"""A small world for consultations: an agency with a department, its head, union chair and
staff, an unrelated agency, and a supervisor above; the clock on a working morning."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from danchu.consultations import drafts, services
from danchu.consultations.models import Consultation, Topic
from danchu.organizations.models import Unit, UnitKind
from danchu.organizations.tests.factories import UnitFactory
from danchu.people.models import Role, User

# Wednesday 05/03/2025, 09:00 in Hà Nội.
BASE = dt.datetime(2025, 3, 5, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
# A reason for closing before the planned end (required then; issue 10, art. 55).
EARLY = "Đã đủ ý kiến; cần ban hành trước kỳ họp."
DRAFT = [
    "Chương I",
    "QUY ĐỊNH CHUNG",
    "Điều 1. Phạm vi điều chỉnh",
    "Quy chế này quy định việc thực hiện dân chủ trong hoạt động của Sở.",
    "Điều 2. Thời gian góp ý",
    "1. Thời gian góp ý là 05 ngày làm việc.",
    "2. Ý kiến được gửi qua hệ thống thông tin nội bộ.",
]


@dataclass
class World:
    upper: Unit
    agency: Unit
    dept: Unit
    other: Unit
    head: User
    union: User
    staff: User
    dept_staff: User
    outsider: User
    supervisor: User


@pytest.fixture(autouse=True)
def _isolated(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def frozen() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(BASE, tick=False) as clock:
        yield clock


@pytest.fixture
def world(member_of: Callable[..., User]) -> World:
    upper = UnitFactory.create(name="Đảng bộ Khối các cơ quan", kind=UnitKind.PARTY_COMMITTEE)
    agency = UnitFactory.create(name="Sở Nội vụ", parent=upper, code="so-noi-vu")
    dept = UnitFactory.create(name="Phòng Tổ chức", kind=UnitKind.DEPARTMENT, parent=agency)
    other = UnitFactory.create(name="Sở Y tế")
    return World(
        upper=upper,
        agency=agency,
        dept=dept,
        other=other,
        head=member_of(agency, Role.HEAD),
        union=member_of(agency, Role.UNION_CHAIR),
        staff=member_of(agency, Role.STAFF),
        dept_staff=member_of(dept, Role.STAFF),
        outsider=member_of(other, Role.STAFF),
        supervisor=member_of(upper, Role.SUPERVISOR),
    )


def open_one(world: World, **fields: Any) -> Consultation:
    values: dict[str, Any] = {
        "topic": Topic.DEMOCRACY_REGULATION,
        "title": "Dự thảo Quy chế dân chủ của Sở Nội vụ",
        "draft": drafts.split_paragraphs(DRAFT),
        "opens_at": BASE,
        "closes_at": BASE + dt.timedelta(days=9),
    }
    return services.open_consultation(actor=world.head, unit=world.agency, **(values | fields))
