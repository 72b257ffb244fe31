"""The JSON shapes of the people API: a public contract (extend, never rename or drop a field)."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema

from danchu.core.limits import text_limit
from danchu.organizations.models import Unit, UnitKind
from danchu.people.models import Person, Role, StaffCategory, User
from danchu.people.queries import party_member_count, subtree_summary


class ErrorOut(Schema):
    """Every error answer: a message to show, a stable code, and per-field details if any."""

    detail: str
    code: str
    errors: list[dict[str, Any]]


# Longer passwords are refused before hashing: a megabyte-long one only costs the server time.
PASSWORD_MAX_LENGTH = 4096


class CredentialsIn(Schema):
    # The column's limit: a longer name is no account, and the login lockout stores the name tried.
    username: str = Field(max_length=text_limit(User, "username"))
    password: str = Field(max_length=PASSWORD_MAX_LENGTH)


class TokenOut(Schema):
    token: str


class RoleOut(Schema):
    unit_id: int
    role: Role


class MeOut(Schema):
    username: str
    full_name: str
    person_id: int | None  # the id candidates, counting boards and attendance name people by
    roles: list[RoleOut]


class UnitOut(Schema):
    id: int
    name: str
    short_name: str
    code: str
    kind: UnitKind
    parent_id: int | None
    staff_count: int
    party_member_count: int

    @staticmethod
    def resolve_party_member_count(obj: Unit) -> int:
        return party_member_count(obj)


class SubtreeOut(Schema):
    units: int
    party_organizations: int
    staff: int
    party_members: int


class UnitDetailOut(UnitOut):
    subtree: SubtreeOut

    @staticmethod
    def resolve_subtree(obj: Unit) -> dict[str, int]:
        return subtree_summary(obj)


class UnitPage(Schema):
    items: list[UnitOut]
    count: int


class PersonOut(Schema):
    id: int
    full_name: str
    category: StaffCategory | None
    party_member: bool
    staff_code: str | None
    position: str
    unit_id: int | None
    party_organization_id: int | None
    union_member: bool

    @staticmethod
    def resolve_category(obj: Person) -> str | None:
        return obj.category or None


class PersonPage(Schema):
    items: list[PersonOut]
    count: int
