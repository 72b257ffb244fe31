"""A small province for the compliance tests: the party committee, two grassroots party
organisations each leading an agency of 10 staff, a supervisor at the top, each agency's head,
and the first organisation's party secretary. The clock is the real one (facts are dated)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from danchu.compliance import refresh
from danchu.organizations.models import Unit, UnitKind
from danchu.organizations.tests.factories import UnitFactory
from danchu.people.models import Role, User
from danchu.people.tests.factories import PersonFactory
from danchu.people.tokens import make_token


@dataclass
class Province:
    root: Unit
    org: Unit
    agency: Unit
    other_org: Unit
    other: Unit
    supervisor: User
    head: User
    other_head: User
    secretary: User
    year: int


@pytest.fixture
def province(member_of: Any) -> Province:
    root = UnitFactory.create(name="Đảng bộ Khối các cơ quan tỉnh", kind=UnitKind.PARTY_COMMITTEE)
    org = UnitFactory.create(
        name="Đảng bộ Sở Tài chính", kind=UnitKind.PARTY_ORGANIZATION, parent=root
    )
    agency = UnitFactory.create(name="Sở Tài chính", parent=org)
    other_org = UnitFactory.create(
        name="Đảng bộ Sở Y tế", kind=UnitKind.PARTY_ORGANIZATION, parent=root
    )
    other = UnitFactory.create(name="Sở Y tế", parent=other_org)
    province = Province(
        root=root,
        org=org,
        agency=agency,
        other_org=other_org,
        other=other,
        supervisor=member_of(root, Role.SUPERVISOR),
        head=member_of(agency, Role.HEAD),
        other_head=member_of(other, Role.HEAD),
        secretary=member_of(org, Role.PARTY_SECRETARY),
        year=dt.date.today().year,
    )
    for unit in (agency, other):
        PersonFactory.create_batch(9, unit=unit)
    refresh.refresh_all([province.year])  # the daily run: every unit has its duties
    return province


def api(user: User | None = None) -> Client:
    headers = {"accept-language": "vi"}
    if user is not None:
        headers["authorization"] = f"Bearer {make_token(user)}"
    return Client(headers=headers)
