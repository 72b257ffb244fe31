"""What the disclosure page tests share: a unit tree with one account per role, and items
published through the service by the head (this module holds no tests)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from danchu.disclosures import services
from danchu.disclosures.models import Category, Disclosure
from danchu.organizations.models import Unit, UnitKind
from danchu.organizations.tests.factories import UnitFactory
from danchu.people.models import Role, User

# A Wednesday morning in Hà Nội: deadlines counted in working days stay predictable.
BASE = dt.datetime(2025, 3, 5, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
PDF = b"%PDF-1.4\n% a tiny test file\n%%EOF\n"
XSS = "<script>alert(1)</script>"


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
    supervisor: User  # supervises the subtree of `upper`


def make_world(member_of: Callable[..., User]) -> World:
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
    )


def publish(head: User, unit: Unit, **fields: Any) -> Disclosure:
    values: dict[str, Any] = {
        "category": Category.BUDGET_FINANCE,
        "title": "Kế hoạch tài chính năm 2025",
        "summary": "Tóm tắt",
        "body": "Nội dung **chính**.",
        "decision_date": timezone.localdate(),  # art. 47.2: required for a budget item
    }
    return services.publish_disclosure(actor=head, unit=unit, **(values | fields))


def pdf(name: str = "Quyết định công khai.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def form_data(unit: Unit, **fields: Any) -> dict[str, Any]:
    """A valid POST of the publish form."""
    data = {
        "unit": str(unit.pk),
        "category": Category.WORK_PLAN,
        "title": "Kế hoạch công tác quý II",
        "summary": "",
        "body": "Nội dung",
        "decision_date": f"{timezone.localdate():%d/%m/%Y}",  # art. 47.2: required for a plan
        "document_number": "",
        "channels": ["intranet"],
        "confidentiality": "none",
        "timing": "now",
        "late_reason": "",
    }
    return data | fields


def page_of(response: Any) -> str:
    return str(response.content.decode())


def without_csrf(response: Any) -> str:
    """The page with its per-response CSRF tokens blanked, to compare two responses."""
    return re.sub(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+', r"\1", page_of(response))
