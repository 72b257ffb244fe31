"""Checking every parsed row of a staff import; nothing is written here.

`running` applies the clean rows `validate_rows` returns.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.errors import InvalidInput
from danchu.core.text import normalize_name_part, split_full_name
from danchu.organizations.models import PARTY_KINDS, Unit, UnitKind
from danchu.people.models import Person, User
from danchu.people.permissions import Action, can
from danchu.people.staff_import.columns import (
    ALL_COLUMNS,
    CATEGORY_KEYS,
    CATEGORY_WORDS,
    NAME_CODES,
    NO,
    ROW_KEY,
    YES,
    cell_text,
    department_units,
    key,
)

EARLIEST_BIRTH_DATE = dt.date(1940, 1, 1)
PHONE = re.compile(r"\+?[0-9(][0-9 ().\-]{5,30}")


def validate_rows(
    actor: User, unit: Unit, rows: list[dict[str, Any]]
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
    def __init__(self, actor: User, unit: Unit, rows: list[dict[str, Any]]) -> None:
        self.actor = actor
        self.unit = unit
        self.present = set().union(*(row.keys() for row in rows)) if rows else set()
        self.errors: list[dict[str, Any]] = []
        self.seen: dict[str, int] = {}
        self.today = timezone.localdate()
        codes = {cell_text(row.get("staff_code")) for row in rows} - {""}
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
            clean["email"] = self._email(cell_text(row.get("email")), number)
        if "phone" in self.present:
            clean["phone"] = self._phone(cell_text(row.get("phone")), number)
        if "position" in self.present:
            clean["position"] = self._short(row, "position", 128, number)
        clean["category"] = self._category(cell_text(row.get("category")), number)
        if "department" in self.present:
            clean["unit"] = self._department(cell_text(row.get("department")), number)
        if "party_member" in self.present:
            member = self._boolean(row, "party_member", number)
            clean["party_organization"] = self._party_org_id(number) if member else None
        if "union_member" in self.present:
            clean["union_member"] = self._boolean(row, "union_member", number)
        return clean if len(self.errors) == before else None

    def _staff_code(self, row: dict[str, Any], number: int) -> str:
        code = cell_text(row.get("staff_code"))
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
        parts = {code: normalize_name_part(cell_text(row.get(code))) for code in NAME_CODES}
        full = cell_text(row.get("full_name"))
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
        value = cell_text(row.get(code))
        if len(value) > limit:
            self.error(number, code, _too_long(limit))
        return value

    def _category(self, value: str, number: int) -> str:
        category = CATEGORY_KEYS.get(key(value))
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
            for unit in department_units(self.unit):
                for text in {unit.code, unit.name, unit.short_name} - {""}:
                    self._departments.setdefault(key(text), []).append(unit)
        matches = {u.pk: u for u in self._departments.get(key(value), [])}
        if len(matches) == 1:
            return next(iter(matches))
        if matches:
            message = _("More than one unit is named “%(value)s”; write its code instead.")
        else:
            message = _("There is no department “%(value)s” in %(unit)s.")
        self.error(number, "department", message % {"value": value, "unit": self.unit.name})
        return self.unit.pk

    def _boolean(self, row: dict[str, Any], code: str, number: int) -> bool:
        value = cell_text(row.get(code))
        if key(value) in YES:
            return True
        if key(value) not in NO:
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
