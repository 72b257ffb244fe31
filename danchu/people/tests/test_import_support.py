"""Helpers shared by the staff import tests (no tests here): a unit tree and files to upload."""

from __future__ import annotations

import csv
import io
from types import SimpleNamespace
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from danchu.organizations.models import UnitKind
from danchu.organizations.tests.factories import UnitFactory
from danchu.people.staff_import.columns import ALL_COLUMNS, COLUMNS

CODES = [column.code for column in COLUMNS]


def make_tree() -> SimpleNamespace:
    """Committee › party organisation › {agency › department, other agency}; a lone agency."""
    committee = UnitFactory(kind=UnitKind.PARTY_COMMITTEE, name="Đảng bộ Khối các cơ quan tỉnh")
    org = UnitFactory(kind=UnitKind.PARTY_ORGANIZATION, parent=committee, name="Đảng bộ Sở Tư pháp")
    agency = UnitFactory(
        kind=UnitKind.STATE_AGENCY, parent=org, name="Sở Tư pháp", code="so-tu-phap"
    )
    dept = UnitFactory(
        kind=UnitKind.DEPARTMENT, parent=agency, name="Phòng Hành chính", code="phong-hanh-chinh"
    )
    other = UnitFactory(kind=UnitKind.STATE_AGENCY, parent=org, name="Sở Y tế", code="so-y-te")
    lone = UnitFactory(kind=UnitKind.STATE_AGENCY, name="Ban Quản lý dự án", code="ban-qlda")
    return SimpleNamespace(
        committee=committee, org=org, agency=agency, dept=dept, other=other, lone=lone
    )


def row(staff_code: str = "SP-001", **fields: Any) -> dict[str, Any]:
    """One filled row, keyed by column code."""
    values = {
        "staff_code": staff_code,
        "surname": "Trần",
        "middle_name": "Thị",
        "given_name": "Hoa",
        "birth_date": "02/09/1990",
        "email": "tran.thi.hoa@sotuphap.gov.vn",
        "phone": "0912 345 678",
        "position": "Chuyên viên",
        "category": "công chức",
        "department": "",
        "party_member": "không",
        "union_member": "có",
    }
    values.update(fields)
    return values


def rows(count: int, prefix: str = "SP") -> list[dict[str, Any]]:
    names = ["An", "Bình", "Cường", "Dũng", "Hà", "Lan", "Minh", "Thảo"]
    return [
        row(f"{prefix}-{n:04d}", given_name=names[n % len(names)], email=f"cb{n}@example.vn")
        for n in range(1, count + 1)
    ]


def table(data: list[dict[str, Any]], codes: list[str] | None = None) -> list[list[Any]]:
    codes = codes or CODES
    return [[ALL_COLUMNS[code].header for code in codes]] + [
        [item.get(code, "") for code in codes] for item in data
    ]


def csv_bytes(data: list[dict[str, Any]], codes: list[str] | None = None, **options: Any) -> bytes:
    bom = options.pop("bom", True)
    out = io.StringIO()
    csv.writer(out, **options).writerows(table(data, codes))
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def xlsx_bytes(data: list[dict[str, Any]], codes: list[str] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for values in table(data, codes):
        sheet.append(values)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(data: bytes, name: str = "can-bo.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)
