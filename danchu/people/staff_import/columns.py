"""The staff import file's columns: codes, Vietnamese headers, their aliases, and cell words.

Header cells may hold the column code ("staff_code"), the Vietnamese label ("Mã cán bộ") or both
("Mã cán bộ (staff_code)"), compared without case or diacritics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from danchu.core.text import fold
from danchu.organizations.models import PARTY_KINDS, Unit
from danchu.people.models import StaffCategory

ROW_KEY = "_row"  # the spreadsheet row number (header = 1) in each parsed row


@dataclass(frozen=True)
class Column:
    code: str
    label: str  # Vietnamese, as printed in the template's header row
    required: bool = False
    aliases: tuple[str, ...] = ()

    @property
    def header(self) -> str:
        return f"{self.label} ({self.code})"


COLUMNS: list[Column] = [
    Column("staff_code", "Mã cán bộ", True, ("mã cb", "mã nhân viên", "mã số")),
    Column("surname", "Họ", True, ("family name", "last name")),
    Column("middle_name", "Tên đệm", False, ("tên lót", "đệm")),
    Column("given_name", "Tên", True, ("first name",)),
    Column("birth_date", "Ngày sinh", False, ("date of birth", "dob")),
    Column("email", "Thư điện tử", False, ("e-mail",)),
    Column("phone", "Điện thoại", False, ("số điện thoại", "sđt")),
    Column("position", "Chức vụ", False),
    Column("category", "Phân loại", True, ("loại cán bộ", "staff category")),
    Column("department", "Phòng ban", False, ("bộ phận", "đơn vị")),
    Column("party_member", "Đảng viên", False),
    Column("union_member", "Đoàn viên công đoàn", False, ("công đoàn",)),
]
FULL_NAME = Column("full_name", "Họ và tên", False, ("họ tên", "name"))
ALL_COLUMNS = {column.code: column for column in [*COLUMNS, FULL_NAME]}
NAME_CODES = ("surname", "middle_name", "given_name")
IGNORED_HEADERS = frozenset({"", "stt", "tt", "so tt", "no"})

EXAMPLE_ROW: dict[str, str] = {
    "staff_code": "VD-0001",
    "surname": "Nguyễn",
    "middle_name": "Văn",
    "given_name": "An",
    "birth_date": "15/03/1985",
    "email": "nguyen.van.an@example.gov.vn",
    "phone": "0912 345 678",
    "position": "Chuyên viên",
    "category": "công chức",
    "department": "",
    "party_member": "có",
    "union_member": "có",
}
CATEGORY_WORDS = {
    StaffCategory.CAN_BO: "cán bộ",
    StaffCategory.CONG_CHUC: "công chức",
    StaffCategory.VIEN_CHUC: "viên chức",
    StaffCategory.NGUOI_LAO_DONG: "người lao động",
}
YES = frozenset({"co", "c", "yes", "y", "x", "1", "true", "dung"})
NO = frozenset({"khong", "k", "no", "n", "0", "false", "sai", ""})


def key(text: str) -> str:
    """Header or code compared without case, diacritics, spaces or punctuation."""
    return re.sub(r"[^a-z0-9]+", " ", fold(text)).strip()


HEADER_KEYS: dict[str, str] = {}
for _column in ALL_COLUMNS.values():
    for _word in (_column.code, _column.label, _column.header, *_column.aliases):
        HEADER_KEYS[key(_word)] = _column.code

CATEGORY_ENGLISH = {
    StaffCategory.CAN_BO: "cadre",
    StaffCategory.CONG_CHUC: "civil servant",
    StaffCategory.VIEN_CHUC: "public employee",
    StaffCategory.NGUOI_LAO_DONG: "worker",
}
CATEGORY_KEYS: dict[str, str] = {}
for _category in StaffCategory:
    for _word in (_category.value, CATEGORY_WORDS[_category], CATEGORY_ENGLISH[_category]):
        CATEGORY_KEYS[key(_word)] = _category.value


def cell_text(value: Any) -> str:
    """A cell's text with its runs of white space made one space."""
    return "" if value is None else " ".join(str(value).split())


def department_units(unit: Unit) -> Any:
    """The units staff can be imported into below `unit` (itself included; party bodies not)."""
    return Unit.objects.under(unit).exclude(kind__in=PARTY_KINDS)
