"""Disclosures made the way the app makes them: through `publish_disclosure`, by a publisher.

`DisclosureFactory(unit=..., title=...)` publishes with the unit's head (created when `actor` is
not given); `publisher_of(unit)` and `staff_of(unit)` make accounts; the `*_bytes()` helpers build
real files of each accepted type (and a few refused ones) for the upload checks.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from danchu.disclosures.models import Category, Channel, Disclosure
from danchu.disclosures.services import publish_disclosure
from danchu.organizations.models import Unit, UnitKind
from danchu.organizations.tests.factories import UnitFactory
from danchu.people.models import Role, User
from danchu.people.tests.factories import PersonFactory, RoleAssignmentFactory, UserFactory

# --- Accounts ------------------------------------------------------------------------------------


def member(unit: Unit, role: str | None = Role.STAFF, **user_fields: Any) -> User:
    """An account whose person works in `unit` and holds `role` there (as conftest's member_of)."""
    person = PersonFactory.create(unit=unit)
    if role:
        RoleAssignmentFactory.create(person=person, unit=unit, role=role)
    return UserFactory.create(person=person, **user_fields)


def publisher_of(unit: Unit, role: str = Role.HEAD) -> User:
    return member(unit, role)


def staff_of(unit: Unit) -> User:
    return member(unit, Role.STAFF)


# --- Units ---------------------------------------------------------------------------------------


@dataclass
class Tree:
    """A province with two agencies; the first agency has two departments."""

    province: Unit
    agency: Unit
    dept_a: Unit
    dept_b: Unit
    other: Unit


def make_tree() -> Tree:
    province = UnitFactory.create(name="Ủy ban nhân dân tỉnh", kind=UnitKind.STATE_AGENCY)
    agency = UnitFactory.create(name="Sở Nội vụ", parent=province)
    return Tree(
        province=province,
        agency=agency,
        dept_a=UnitFactory.create(name="Phòng Tổ chức", parent=agency, kind=UnitKind.DEPARTMENT),
        dept_b=UnitFactory.create(name="Văn phòng Sở", parent=agency, kind=UnitKind.DEPARTMENT),
        other=UnitFactory.create(name="Sở Tài chính", parent=province),
    )


# --- Disclosures ---------------------------------------------------------------------------------


class DisclosureFactory(factory.django.DjangoModelFactory[Disclosure]):
    """Only `create` (and `create_batch`) is offered: the service does the saving."""

    class Meta:
        model = Disclosure

    unit = factory.SubFactory(UnitFactory)
    actor = factory.LazyAttribute(lambda o: publisher_of(o.unit))
    category = Category.WORK_PLAN
    title = factory.Sequence(lambda n: f"Kế hoạch công tác số {n}")
    summary = "Tóm tắt nội dung"
    body = "Nội dung **chính** của văn bản."
    channels = (Channel.INTRANET,)
    # Art. 47.2: a work plan discloses a document, whose date is required (rules.needs_source_date).
    decision_date = factory.LazyFunction(timezone.localdate)

    @classmethod
    def _create(cls, model_class: type[Disclosure], *args: Any, **kwargs: Any) -> Disclosure:
        return publish_disclosure(**kwargs)


def publish(unit: Unit, actor: User | None = None, **fields: Any) -> Disclosure:
    """Publish one item for `unit` (by `actor`, or a new head of the unit)."""
    if actor is not None:
        fields["actor"] = actor
    return DisclosureFactory.create(unit=unit, **fields)


# --- Files ---------------------------------------------------------------------------------------

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

# A complete 1×1 JPEG (JFIF, arithmetic-coded), 125 bytes.
JPEG_BYTES = bytes.fromhex(
    "ffd8ffe000104a46494600010101004800480000ffdb004300030202020203020202030303030406040404"
    "040408060605060908"
    "0a0a090809090a0c0f0c0a0b0e0b09090d110d0e0f101011100a0c12131210130f10101010ffc9000b08"
    "00"
    "01000101011100ffcc000600101005ffda0008010100003f00d2cf20ffd9"
)


def png_bytes() -> bytes:
    """A minimal valid 1×1 grey PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x80")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def docx_bytes(text: str = "Quyết định số 05/QĐ-SNV") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Khoản mục", "Dự toán"])
    sheet.append(["Chi thường xuyên", 1_200_000_000])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def plain_zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not an office document")
    return buffer.getvalue()


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>alert(document.cookie)</script></svg>"
)
HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
EXE_BYTES = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
)


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> Any:
    """An uploaded file as a form or the API would pass it (the declared type is not trusted)."""
    return SimpleUploadedFile(name, data, content_type=content_type)
