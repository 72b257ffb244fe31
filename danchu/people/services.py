"""Every write on units, people and roles: permission, state, write, audit — in one transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from danchu import audit
from danchu.core.errors import InvalidInput
from danchu.core.text import fold
from danchu.core.validation import validate
from danchu.facts.services import emit
from danchu.organizations.models import EMPLOYER_KINDS, Unit, UnitKind
from danchu.organizations.tree import depth_of, path_for
from danchu.people.models import Person, RoleAssignment, User
from danchu.people.naming import normalize_names, refresh_derived
from danchu.people.permissions import Action, can, is_superuser

# Which kinds of unit may sit under which (None: a root).
ALLOWED_PARENTS: dict[str, tuple[str | None, ...]] = {
    UnitKind.PARTY_COMMITTEE: (None, UnitKind.PARTY_COMMITTEE),
    UnitKind.PARTY_ORGANIZATION: (UnitKind.PARTY_COMMITTEE,),
    UnitKind.STATE_AGENCY: (None, UnitKind.PARTY_ORGANIZATION, UnitKind.STATE_AGENCY),
    UnitKind.PUBLIC_SERVICE_UNIT: (None, UnitKind.PARTY_ORGANIZATION, *EMPLOYER_KINDS),
    UnitKind.DEPARTMENT: (*EMPLOYER_KINDS, UnitKind.DEPARTMENT),
}

PERSON_FIELDS = (
    "staff_code",
    "surname",
    "middle_name",
    "given_name",
    "birth_date",
    "email",
    "phone",
    "position",
    "category",
    "unit",
    "party_organization",
    "union_member",
)


@transaction.atomic
def create_unit(
    *, actor: User, parent: Unit | None, name: str, kind: str, code: str = "", short_name: str = ""
) -> Unit:
    """Add a unit to the tree under `parent` (a root only for a superuser)."""
    if parent is None and not is_superuser(actor):
        raise PermissionDenied
    if parent is not None and not can(actor, Action.MANAGE_UNITS, parent):
        raise PermissionDenied
    if (parent.kind if parent else None) not in ALLOWED_PARENTS.get(kind, ()):
        raise InvalidInput(_("A unit of this kind cannot be placed there."))
    unit = Unit(
        parent=parent,
        name=" ".join(name.split()),
        kind=kind,
        short_name=short_name.strip(),
        code=code or slugify(fold(name))[:64],
        path="-",
        search_text=fold(f"{name} {short_name}"),
    )
    validate(unit, exclude=["path"])
    unit.save()
    unit.path = path_for(parent_path=parent.path if parent else "", pk=unit.pk)
    unit.depth = depth_of(unit.path)
    unit.save(update_fields=["path", "depth"])
    audit.record(
        actor=actor,
        action="organizations.unit_created",
        target=unit,
        unit=unit,
        changes={"name": unit.name, "kind": kind, "parent": parent.pk if parent else None},
    )
    return unit


@transaction.atomic
def move_unit(*, actor: User, unit: Unit, parent: Unit) -> Unit:
    """Place the unit (with everything under it) under another parent: a reorganisation. The
    actor manages both the old parent and the new one; the paths below are rewritten, and the
    fact `unit.moved` lets compliance move its tallies with the subtree."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    old_parent = unit.parent
    if old_parent is None or not can(actor, Action.MANAGE_UNITS, old_parent):
        raise PermissionDenied
    if not can(actor, Action.MANAGE_UNITS, parent):
        raise PermissionDenied
    if parent.is_within(unit):
        raise InvalidInput(_("A unit cannot be placed under itself."))
    if parent.kind not in ALLOWED_PARENTS.get(unit.kind, ()):
        raise InvalidInput(_("A unit of this kind cannot be placed there."))
    if parent.pk == old_parent.pk:
        return unit
    old_path = unit.path
    new_path = path_for(parent_path=parent.path, pk=unit.pk)
    subtree = list(Unit.objects.under(unit).select_for_update().order_by("path"))
    for member in subtree:
        member.path = new_path + member.path[len(old_path) :]
        member.depth = depth_of(member.path)
    # Through a temporary path first: the unique index must never see two units on one path.
    for member in subtree:
        Unit.objects.filter(pk=member.pk).update(path=f"~{member.pk}")
    for member in subtree:
        Unit.objects.filter(pk=member.pk).update(path=member.path, depth=member.depth)
    Unit.objects.filter(pk=unit.pk).update(parent=parent)
    unit.refresh_from_db()
    audit.record(
        actor=actor,
        action="organizations.unit_moved",
        target=unit,
        unit=unit,
        changes={"from": old_parent.pk, "to": parent.pk},
    )
    emit(
        kind="unit.moved",
        unit=unit,
        on=timezone.localdate(),
        target=unit,
        data={"old_path": old_path, "new_path": unit.path, "from": old_parent.pk, "to": parent.pk},
    )
    return unit


def _check_person_units(actor: User, person: Person) -> None:
    if person.unit is None or not can(actor, Action.MANAGE_PEOPLE, person.unit):
        raise PermissionDenied
    org = person.party_organization
    if org is not None and org.kind != UnitKind.PARTY_ORGANIZATION:
        raise InvalidInput(_("The party organisation must be a grassroots party organisation."))


@transaction.atomic
def create_person(*, actor: User, **fields: Any) -> Person:
    """Add a staff member to a unit the actor manages."""
    person = Person(**{k: v for k, v in fields.items() if k in PERSON_FIELDS})
    _check_person_units(actor, person)
    normalize_names(person)
    person.staff_code = (person.staff_code or "").strip() or None
    refresh_derived(person)
    validate(person)
    person.save()
    audit.record(
        actor=actor,
        action="people.person_created",
        target=person,
        unit=person.unit_id,
        changes=_person_changes(person, PERSON_FIELDS),
    )
    return person


@transaction.atomic
def update_person(*, actor: User, person: Person, **fields: Any) -> Person:
    """Change a person's record; returns it unchanged (and writes nothing) when nothing differs."""
    if person.unit is None or not can(actor, Action.MANAGE_PEOPLE, person.unit):
        raise PermissionDenied
    changed = [k for k in PERSON_FIELDS if k in fields and getattr(person, k) != fields[k]]
    if not changed:
        return person
    for key in changed:
        setattr(person, key, fields[key])
    _check_person_units(actor, person)
    normalize_names(person)
    refresh_derived(person)
    validate(person)
    person.save()
    audit.record(
        actor=actor,
        action="people.person_updated",
        target=person,
        unit=person.unit_id,
        changes=_person_changes(person, changed),
    )
    return person


def _person_changes(person: Person, keys: Any) -> dict[str, Any]:
    changes = {}
    for key in keys:
        value = getattr(person, f"{key}_id" if key in ("unit", "party_organization") else key)
        changes[key] = value.isoformat() if isinstance(value, dt.date) else value
    return changes


@transaction.atomic
def assign_role(
    *,
    actor: User,
    person: Person,
    unit: Unit,
    role: str,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> RoleAssignment:
    """Give `person` a role in `unit` for a term."""
    if not can(actor, Action.MANAGE_ROLES, unit):
        raise PermissionDenied
    assignment = RoleAssignment(
        person=person,
        unit=unit,
        role=role,
        valid_from=valid_from or timezone.localdate(),
        valid_to=valid_to,
    )
    validate(assignment)
    assignment.save()
    audit.record(
        actor=actor,
        action="people.role_assigned",
        target=assignment,
        unit=unit,
        changes={
            "person": person.pk,
            "role": role,
            "valid_from": str(assignment.valid_from),
            "valid_to": str(valid_to) if valid_to else None,
        },
    )
    return assignment


@transaction.atomic
def end_role(
    *, actor: User, assignment: RoleAssignment, on: dt.date | None = None
) -> RoleAssignment:
    """Close a role assignment's term (kept as history, never deleted)."""
    if not can(actor, Action.MANAGE_ROLES, assignment.unit):
        raise PermissionDenied
    end = on or timezone.localdate()
    if end < assignment.valid_from:
        raise InvalidInput(_("A term cannot end before it starts."))
    assignment.valid_to = end
    assignment.save(update_fields=["valid_to"])
    audit.record(
        actor=actor,
        action="people.role_ended",
        target=assignment,
        unit=assignment.unit_id,
        changes={"valid_to": str(end)},
    )
    return assignment


@transaction.atomic
def record_login_lockout(*, username: str, address: str, until: dt.datetime) -> None:
    """Audit a login lockout (danchu.people.lockout): the name tried, the address, and until when;
    never the password. The account, when the name is one, is the entry's target."""
    account = User.objects.filter(username=username).first()
    audit.record(
        actor=None,
        action="people.login_locked_out",
        target=account,
        changes={"username": username[:150], "address": address, "until": until},
    )
