"""Staff import files: the template, reading .xlsx/.csv safely, and validating every row.

Nothing here writes to the database: `import_services` applies the rows `validate_rows` returns.
Header cells may hold the column code ("staff_code"), the Vietnamese label ("Mã cán bộ") or both
("Mã cán bộ (staff_code)"), compared without case or diacritics.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
import zipfile
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.errors import InvalidInput
from danchu.core.text import fold, normalize_name_part, split_full_name
from danchu.organizations.models import PARTY_KINDS, Unit, UnitKind
from danchu.people.models import Person, StaffCategory
from danchu.people.permissions import Action, can

MAX_ROWS = 20_000
MAX_COLUMNS = 64
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024  # a zip bomb is a broken spreadsheet, not a long wait
EARLIEST_BIRTH_DATE = dt.date(1940, 1, 1)
PHONE = re.compile(r"\+?[0-9(][0-9 ().\-]{5,30}")
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


class FileTooLarge(InvalidInput):
    status_code = 413


class UnsupportedFile(InvalidInput):
    status_code = 415


def _key(text: str) -> str:
    """Header or code compared without case, diacritics, spaces or punctuation."""
    return re.sub(r"[^a-z0-9]+", " ", fold(text)).strip()


_HEADER_KEYS: dict[str, str] = {}
for _column in ALL_COLUMNS.values():
    for _word in (_column.code, _column.label, _column.header, *_column.aliases):
        _HEADER_KEYS[_key(_word)] = _column.code

CATEGORY_ENGLISH = {
    StaffCategory.CAN_BO: "cadre",
    StaffCategory.CONG_CHUC: "civil servant",
    StaffCategory.VIEN_CHUC: "public employee",
    StaffCategory.NGUOI_LAO_DONG: "worker",
}
_CATEGORY_KEYS: dict[str, str] = {}
for _category in StaffCategory:
    for _word in (_category.value, CATEGORY_WORDS[_category], CATEGORY_ENGLISH[_category]):
        _CATEGORY_KEYS[_key(_word)] = _category.value


# --- The template ------------------------------------------------------------------------------


def build_template(fmt: str, unit: Unit | None = None) -> bytes:
    """The empty import file (header row and one example row), as .xlsx or UTF-8 .csv with BOM."""
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([column.header for column in COLUMNS])
        writer.writerow([EXAMPLE_ROW[column.code] for column in COLUMNS])
        return ("\ufeff" + out.getvalue()).encode("utf-8")
    if fmt == "xlsx":
        return _build_xlsx(unit)
    raise ValueError(fmt)


def _build_xlsx(unit: Unit | None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Danh sách"
    sheet.append([column.header for column in COLUMNS])
    sheet.append([EXAMPLE_ROW[column.code] for column in COLUMNS])
    sheet.freeze_panes = "A2"
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(14, len(column.header) + 2)
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.cell(row=2, column=index).font = Font(italic=True, color="808080")
        if column.code in ("staff_code", "birth_date", "phone"):
            # Text cells: Excel must not drop leading zeros or re-read 03/04 as 4 March.
            for row in range(2, 1002):
                sheet.cell(row=row, column=index).number_format = "@"
    choices = {
        "category": ",".join(CATEGORY_WORDS.values()),
        "party_member": "có,không",
        "union_member": "có,không",
    }
    for code, values in choices.items():
        letter = get_column_letter([c.code for c in COLUMNS].index(code) + 1)
        validation = DataValidation(type="list", formula1=f'"{values}"', allow_blank=True)
        validation.add(f"{letter}2:{letter}1001")
        sheet.add_data_validation(validation)
    _add_lists_sheet(workbook, unit)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _add_lists_sheet(workbook: Any, unit: Unit | None) -> None:
    from openpyxl.styles import Font

    lists = workbook.create_sheet("Danh mục")
    lists.append(["Phân loại (category)", "Mã (code)", "", "Phòng ban (department)", "Mã (code)"])
    departments: list[Unit] = []
    if unit is not None:
        departments = list(_department_units(unit).exclude(pk=unit.pk).order_by("path")[:1000])
    categories = list(CATEGORY_WORDS.items())
    for i in range(max(len(categories), len(departments))):
        category = categories[i] if i < len(categories) else None
        department = departments[i] if i < len(departments) else None
        lists.append(
            [
                category[1] if category else "",
                category[0].value if category else "",
                "",
                department.name if department else "",
                department.code if department else "",
            ]
        )
    for cell in lists[1]:
        cell.font = Font(bold=True)
    for letter, width in (("A", 24), ("B", 18), ("D", 48), ("E", 24)):
        lists.column_dimensions[letter].width = width


def _department_units(unit: Unit) -> Any:
    return Unit.objects.under(unit).exclude(kind__in=PARTY_KINDS)


# --- Reading a file ----------------------------------------------------------------------------


def parse_file(uploaded: Any) -> list[dict[str, Any]]:
    """Rows of an uploaded .xlsx or .csv, keyed by column code, each with its row number.

    The type is told by content, not by name. Raises `FileTooLarge`, `UnsupportedFile` or
    `InvalidInput` (broken file, bad header row, no rows) with a message for the user.
    """
    limit = settings.DANCHU_MAX_UPLOAD_BYTES
    name = str(getattr(uploaded, "name", "") or "")
    if (getattr(uploaded, "size", 0) or 0) > limit:
        raise _too_large(limit)
    if name and not name.lower().endswith((".xlsx", ".xlsm", ".csv", ".txt")):
        raise UnsupportedFile(_("Only .xlsx and .csv files can be imported."))
    data = uploaded.read(limit + 1)
    if len(data) > limit:
        raise _too_large(limit)
    if not data.strip():
        raise InvalidInput(_("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        table = _read_xlsx(data)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnsupportedFile(
            _("Old Excel (.xls) files cannot be read. Save the file as .xlsx and try again.")
        )
    else:
        table = _read_csv(data)
    return _rows_from_table(table)


def _too_large(limit: int) -> FileTooLarge:
    return FileTooLarge(
        _("The file is larger than %(size)s. Split it into smaller files.")
        % {"size": filesizeformat(limit)}
    )


def _broken() -> InvalidInput:
    return InvalidInput(
        _("The spreadsheet could not be read; it may be damaged. Save it again as .xlsx or .csv.")
    )


def _read_xlsx(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, KeyError) as error:
        raise _broken() from error
    if b"spreadsheetml" not in types:
        raise UnsupportedFile(_("This file is neither an .xlsx spreadsheet nor a .csv file."))
    if unzipped > MAX_UNZIPPED_BYTES:
        raise _broken()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheet = workbook.worksheets[0]
                sheet.reset_dimensions()
                table = [
                    list(values)
                    for values in _limited(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True))
                ]
            finally:
                workbook.close()
    except InvalidInput:
        raise
    except Exception as error:  # openpyxl raises many kinds of error on a damaged file
        raise _broken() from error
    return table


def _limited(rows: Any) -> Any:
    """Stop a file with more data rows than MAX_ROWS (empty rows are not counted)."""
    filled = 0
    for values in rows:
        if any(value not in (None, "") for value in values):
            filled += 1
            if filled > MAX_ROWS + 1:
                raise InvalidInput(
                    _("The file has more than %(count)d rows. Split it into smaller files.")
                    % {"count": MAX_ROWS}
                )
        yield values


def _read_csv(data: bytes) -> list[list[Any]]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnsupportedFile(_("The .csv file must be saved as UTF-8 (CSV UTF-8 in Excel)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnsupportedFile(
            _("This file is neither an .xlsx spreadsheet nor a .csv file saved as UTF-8.")
        ) from error
    if "\x00" in text:
        raise UnsupportedFile(_("This file is neither an .xlsx spreadsheet nor a .csv file."))
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    try:
        return list(_limited(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)))
    except csv.Error as error:
        raise _broken() from error


def _rows_from_table(table: list[list[Any]]) -> list[dict[str, Any]]:
    filled = [i for i, row in enumerate(table) if any(_text(v) for v in row)]
    if not filled:
        raise InvalidInput(_("The file is empty."))
    # A title such as "DANH SÁCH CÁN BỘ" may sit above the header row.
    header_index = next((i for i in filled[:10] if _known_columns(table[i]) >= 2), filled[0])
    codes = _header_codes(table[header_index], row_number=header_index + 1)
    rows: list[dict[str, Any]] = []
    for number, values in enumerate(table[header_index + 1 :], start=header_index + 2):
        row = {code: _cell(code, values[i] if i < len(values) else None) for i, code in codes}
        if any(value not in (None, "") for value in row.values()) and not _is_example(row):
            rows.append({ROW_KEY: number, **row})
    if not rows:
        raise InvalidInput(_("The file contains no staff rows below the header row."))
    return rows


def _known_columns(values: list[Any]) -> int:
    return sum(1 for value in values if _key(_text(value)) in _HEADER_KEYS)


def _header_codes(header: list[Any], *, row_number: int) -> list[tuple[int, str]]:
    codes: list[tuple[int, str]] = []
    errors: list[dict[str, Any]] = []
    for index, value in enumerate(header):
        text = _text(value)
        code = _HEADER_KEYS.get(_key(text))
        inner = re.search(r"\(([^()]*)\)\s*$", text)
        if code is None and inner:
            code = _HEADER_KEYS.get(_key(inner.group(1)))
        if code is None:
            if _key(text) not in IGNORED_HEADERS:
                message = _("This column is not part of the template; rename or remove it.")
                errors.append({"row": row_number, "column": text, "message": message})
        elif code in {c for _, c in codes}:
            message = _("This column appears twice.")
            errors.append({"row": row_number, "column": text, "message": message})
        else:
            codes.append((index, code))
    present = {code for _, code in codes}
    needed = [c for c in COLUMNS if c.required and c.code not in present]
    if "full_name" in present:
        needed = [c for c in needed if c.code not in NAME_CODES]
    for column in needed:
        message = _("The required column “%(column)s” is missing.") % {"column": column.header}
        errors.append({"row": row_number, "column": column.header, "message": message})
    if errors:
        raise InvalidInput(_("The header row does not match the template."), errors=errors)
    return codes


def _text(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def _cell(code: str, value: Any) -> Any:
    """A cell as text, except dates, which stay dates (Excel serial numbers included)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float) and code == "birth_date":
        from openpyxl.utils.datetime import from_excel

        try:
            serial = from_excel(value)
        except (ValueError, OverflowError, TypeError):
            return str(value)
        return serial.date() if isinstance(serial, dt.datetime) else str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _text(value)


def _is_example(row: dict[str, Any]) -> bool:
    """The template's example row, left untouched, is not imported."""
    return row.get("staff_code") == EXAMPLE_ROW["staff_code"] and all(
        (row.get(code) or "") == value for code, value in EXAMPLE_ROW.items() if code in row
    )


# --- Validating rows ---------------------------------------------------------------------------


def validate_rows(
    actor: Any, unit: Unit, rows: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Check every row; return (clean rows ready for the import, errors by row and column).

    A clean row holds only the fields whose columns the file has (a missing column leaves that
    field of existing people alone), with `unit` and `party_organization` as unit ids.
    """
    if unit.kind in PARTY_KINDS:
        raise InvalidInput(
            _("Staff can only be imported into an agency, a public service unit or a department.")
        )
    checker = _RowChecker(actor, unit, rows)
    clean: list[dict[str, Any]] = []
    for index, row in enumerate(rows):
        result = checker.check(row, number=int(row.get(ROW_KEY) or index + 2))
        if result is not None:
            clean.append(result)
    return clean, checker.errors


class _RowChecker:
    def __init__(self, actor: Any, unit: Unit, rows: list[dict[str, Any]]) -> None:
        self.actor = actor
        self.unit = unit
        self.present = set().union(*(row.keys() for row in rows)) if rows else set()
        self.errors: list[dict[str, Any]] = []
        self.seen: dict[str, int] = {}
        self.today = timezone.localdate()
        codes = {_text(row.get("staff_code")) for row in rows} - {""}
        self.existing = _people_by_code(codes)
        self._departments: dict[str, list[Unit]] | None = None
        self._party_org: Unit | bool | None = False  # False: not looked up yet

    def error(self, number: int, code: str, message: str) -> None:
        column = ALL_COLUMNS[code].header
        self.errors.append({"row": number, "column": column, "message": message})

    def check(self, row: dict[str, Any], *, number: int) -> dict[str, Any] | None:
        before = len(self.errors)
        clean: dict[str, Any] = {"row": number, "staff_code": self._staff_code(row, number)}
        clean.update(self._names(row, number))
        if "birth_date" in self.present:
            clean["birth_date"] = self._birth_date(row.get("birth_date"), number)
        if "email" in self.present:
            clean["email"] = self._email(_text(row.get("email")), number)
        if "phone" in self.present:
            clean["phone"] = self._phone(_text(row.get("phone")), number)
        if "position" in self.present:
            clean["position"] = self._short(row, "position", 128, number)
        clean["category"] = self._category(_text(row.get("category")), number)
        if "department" in self.present:
            clean["unit"] = self._department(_text(row.get("department")), number)
        if "party_member" in self.present:
            member = self._boolean(row, "party_member", number)
            clean["party_organization"] = self._party_org_id(number) if member else None
        if "union_member" in self.present:
            clean["union_member"] = self._boolean(row, "union_member", number)
        return clean if len(self.errors) == before else None

    def _staff_code(self, row: dict[str, Any], number: int) -> str:
        code = _text(row.get("staff_code"))
        if not code:
            self.error(number, "staff_code", _("The staff code is required."))
        elif len(code) > 32:
            self.error(number, "staff_code", _("The staff code is longer than 32 characters."))
        elif code in self.seen:
            message = _("The staff code %(code)s is also used in row %(row)d.")
            self.error(number, "staff_code", message % {"code": code, "row": self.seen[code]})
        else:
            self.seen[code] = number
            person = self.existing.get(code)
            if person is not None and (
                person.unit is None or not can(self.actor, Action.MANAGE_PEOPLE, person.unit)
            ):
                message = _("The staff code %(code)s belongs to a person outside your units.")
                self.error(number, "staff_code", message % {"code": code})
        return code

    def _names(self, row: dict[str, Any], number: int) -> dict[str, str]:
        parts = {code: normalize_name_part(_text(row.get(code))) for code in NAME_CODES}
        full = _text(row.get("full_name"))
        if full and not (parts["surname"] or parts["given_name"]):
            split = (normalize_name_part(part) for part in split_full_name(full))
            parts = dict(zip(NAME_CODES, split, strict=True))
            if not parts["surname"]:
                message = _("Write the full name with at least a surname and a given name.")
                self.error(number, "full_name", message)
        elif "full_name" in self.present and not (parts["surname"] or parts["given_name"]):
            self.error(number, "full_name", _("The full name is required."))
        else:
            if not parts["surname"]:
                self.error(number, "surname", _("The surname is required."))
            if not parts["given_name"]:
                self.error(number, "given_name", _("The given name is required."))
            if "middle_name" not in self.present:
                del parts["middle_name"]  # no such column: an existing middle name stays
        for code, value in parts.items():
            limit = getattr(Person._meta.get_field(code), "max_length", 0) or 0
            if len(value) > limit:
                self.error(number, code, _too_long(limit))
        return parts

    def _birth_date(self, value: Any, number: int) -> str | None:
        if value in (None, ""):
            return None
        day = value if isinstance(value, dt.date) else _parse_date(str(value))
        if day is None:
            message = _("“%(value)s” is not a valid date; write it as dd/mm/yyyy.")
            self.error(number, "birth_date", message % {"value": value})
        elif day > self.today:
            self.error(number, "birth_date", _("The date of birth cannot be in the future."))
        elif day < EARLIEST_BIRTH_DATE:
            self.error(number, "birth_date", _("The date of birth cannot be before 1940."))
        else:
            return day.isoformat()
        return None

    def _email(self, value: str, number: int) -> str:
        try:
            if value:
                validate_email(value)
        except ValidationError:
            message = _("“%(value)s” is not a valid e-mail address.")
            self.error(number, "email", message % {"value": value})
        return value

    def _phone(self, value: str, number: int) -> str:
        if value and not PHONE.fullmatch(value):
            message = _("“%(value)s” is not a valid phone number.")
            self.error(number, "phone", message % {"value": value})
        return value

    def _short(self, row: dict[str, Any], code: str, limit: int, number: int) -> str:
        value = _text(row.get(code))
        if len(value) > limit:
            self.error(number, code, _too_long(limit))
        return value

    def _category(self, value: str, number: int) -> str:
        category = _CATEGORY_KEYS.get(_key(value))
        if not value:
            self.error(number, "category", _("The staff category is required."))
        elif category is None:
            message = _("“%(value)s” is not a staff category. Use one of: %(choices)s.")
            choices = ", ".join(CATEGORY_WORDS.values())
            self.error(number, "category", message % {"value": value, "choices": choices})
        return category or ""

    def _department(self, value: str, number: int) -> int:
        if not value:
            return self.unit.pk
        if self._departments is None:
            self._departments = {}
            for unit in _department_units(self.unit):
                for text in {unit.code, unit.name, unit.short_name} - {""}:
                    self._departments.setdefault(_key(text), []).append(unit)
        matches = {u.pk: u for u in self._departments.get(_key(value), [])}
        if len(matches) == 1:
            return next(iter(matches))
        if matches:
            message = _("More than one unit is named “%(value)s”; write its code instead.")
        else:
            message = _("There is no department “%(value)s” in %(unit)s.")
        self.error(number, "department", message % {"value": value, "unit": self.unit.name})
        return self.unit.pk

    def _boolean(self, row: dict[str, Any], code: str, number: int) -> bool:
        value = _text(row.get(code))
        if _key(value) in YES:
            return True
        if _key(value) not in NO:
            message = _("“%(value)s” is not a yes/no answer; write “có” or “không”.")
            self.error(number, code, message % {"value": value})
        return False

    def _party_org_id(self, number: int) -> int | None:
        if self._party_org is False:
            self._party_org = (
                Unit.objects.filter(
                    path__in=self.unit.ancestor_paths(), kind=UnitKind.PARTY_ORGANIZATION
                )
                .order_by("-path")
                .first()
            )
        if isinstance(self._party_org, Unit):
            return self._party_org.pk
        message = _(
            "No grassroots party organisation leads %(unit)s, "
            "so party membership cannot be recorded."
        )
        self.error(number, "party_member", message % {"unit": self.unit.name})
        return None


def _too_long(limit: int) -> str:
    return _("This value is longer than %(limit)d characters.") % {"limit": limit}


def _parse_date(text: str) -> dt.date | None:
    text = text.strip().split(" ")[0]
    for pattern, order in (
        (r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", "dmy"),
        (r"(\d{4})-(\d{1,2})-(\d{1,2})", "ymd"),
    ):
        match = re.fullmatch(pattern, text)
        if match:
            numbers = dict(zip(order, map(int, match.groups()), strict=True))
            try:
                return dt.date(numbers["y"], numbers["m"], numbers["d"])
            except ValueError:
                return None
    return None


def _people_by_code(codes: set[str]) -> dict[str, Person]:
    found: dict[str, Person] = {}
    ordered = sorted(codes)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        for person in Person.objects.filter(staff_code__in=chunk).select_related("unit"):
            found[person.staff_code or ""] = person
    return found
