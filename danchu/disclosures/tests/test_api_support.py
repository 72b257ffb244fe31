"""What the disclosures API tests share: a small unit tree with one user per role, a client per
user, and items published through the service (this module holds no tests)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.test import Client

from danchu.disclosures import services
from danchu.disclosures.models import Category, Disclosure
from danchu.organizations.models import Unit, UnitKind
from danchu.organizations.tests.factories import UnitFactory
from danchu.people.models import Role, User
from danchu.people.tokens import make_token

URL = "/api/v1/disclosures"
# A Wednesday morning in Hà Nội: deadlines counted in working days stay predictable.
BASE = dt.datetime(2025, 3, 5, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
PDF = b"%PDF-1.4\n% a tiny test file\n"

Member = Callable[..., User]


@dataclass
class World:
    upper: Unit  # the party committee above the agency, where the supervisor sits
    agency: Unit  # the disclosing unit
    dept: Unit  # a department of the agency
    other: Unit  # an unrelated agency
    head: User  # the publisher
    staff: User  # staff of the agency
    dept_staff: User  # staff of the department
    outsider: User  # staff of the other agency
    supervisor: User  # supervises the whole subtree of `upper`, works there


def make_world(member_of: Member) -> World:
    upper = UnitFactory.create(name="Đảng bộ Khối các cơ quan", kind=UnitKind.PARTY_COMMITTEE)
    agency = UnitFactory.create(name="Sở Tài chính", parent=upper)
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
    )


def publish(head: User, unit: Unit, **fields: Any) -> Disclosure:
    """An item published through the service, as the API would."""
    values: dict[str, Any] = {
        "category": Category.WORK_PLAN,
        "title": "Kế hoạch công tác năm 2025",
        "body": "Nội dung kế hoạch.",
        **fields,
    }
    return services.publish_disclosure(actor=head, unit=unit, **values)


def client_for(user: User | None) -> Client:
    """A client sending the user's bearer token (none for an anonymous caller)."""
    headers = {"accept-language": "en"}
    if user is not None:
        headers["authorization"] = f"Bearer {make_token(user)}"
    return Client(headers=headers)


def post_json(user: User | None, url: str, body: Any = None) -> Any:
    return client_for(user).post(url, {} if body is None else body, content_type="application/json")


def get(user: User | None, url: str, **params: Any) -> Any:
    return client_for(user).get(url, params)


def new_item(unit: Unit, **fields: Any) -> dict[str, Any]:
    """A valid body for POST /api/v1/disclosures."""
    return {
        "unit_id": unit.pk,
        "category": "budget_finance",
        "title": "Quyết toán ngân sách năm 2024",
        "body": "Tổng thu: 1.200 triệu đồng.",
        **fields,
    }
