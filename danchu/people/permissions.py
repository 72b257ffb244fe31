"""The one permission resolver: may this user do X on this unit?

Every role assignment (person, unit, role, valid from/to) gives rights on the unit it names and on
everything under it (departments belong to their agency; a supervisor reaches the whole subtree).
Lists are filtered with `unit_filter`, so what a user may not see is simply absent (404).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import Q
from django.utils import timezone

from danchu.core.cached_reads import cached_read
from danchu.organizations.models import PATH_END, Unit
from danchu.people.models import AnyUser, Role, RoleAssignment


class Action(StrEnum):
    VIEW_UNIT = "view_unit"
    VIEW_PEOPLE = "view_people"
    MANAGE_PEOPLE = "manage_people"
    MANAGE_UNITS = "manage_units"
    MANAGE_ROLES = "manage_roles"
    # Law 10/2022/QH15 art. 46: the head discloses (in practice through the records clerk).
    PUBLISH_DISCLOSURES = "publish_disclosures"
    # Art. 55.1: the head plans and runs consultations and answers every opinion.
    MANAGE_CONSULTATIONS = "manage_consultations"
    # Art. 55.2: the union committee takes part in the plan and gives its own opinion.
    SPEAK_FOR_UNION = "speak_for_union"
    # Art. 51.1: the head convenes and chairs the staff conference, with the union.
    MANAGE_CONFERENCES = "manage_conferences"
    # Law 10/2022 art. 8.3 and the Party's steering (LEGAL-CATALOGUE §10): who sees how well a
    # unit carries out democracy, and who sets up and consolidates the steering committees.
    VIEW_COMPLIANCE = "view_compliance"
    MANAGE_STEERING = "manage_steering"


_VIEW = frozenset({Action.VIEW_UNIT, Action.VIEW_PEOPLE})
_MANAGE = _VIEW | {Action.MANAGE_PEOPLE}

_HEAD = _MANAGE | {
    Action.MANAGE_UNITS,
    Action.MANAGE_ROLES,
    Action.PUBLISH_DISCLOSURES,
    Action.MANAGE_CONSULTATIONS,
    Action.MANAGE_CONFERENCES,
    Action.VIEW_COMPLIANCE,
}

ROLE_GRANTS: dict[str, frozenset[Action]] = {role.value: _VIEW for role in Role}
ROLE_GRANTS |= {
    Role.HEAD: _HEAD,
    Role.UNION_CHAIR: _VIEW | {Action.SPEAK_FOR_UNION},
    Role.UNION_COMMITTEE: _VIEW | {Action.SPEAK_FOR_UNION},
    Role.DEPUTY_HEAD: _MANAGE | {Action.VIEW_COMPLIANCE},
    Role.RECORDS_CLERK: _MANAGE | {Action.PUBLISH_DISCLOSURES},
    Role.SUPERVISOR: _VIEW | {Action.MANAGE_UNITS, Action.VIEW_COMPLIANCE, Action.MANAGE_STEERING},
    Role.PARTY_SECRETARY: _VIEW | {Action.VIEW_COMPLIANCE, Action.MANAGE_STEERING},
    Role.STEERING_COMMITTEE: _VIEW | {Action.VIEW_COMPLIANCE},
}


# The table groups (danchu.core.cache_groups) a user's identity and reach are read from: the
# account's own user row, person and role assignments, and the unit tree their paths come from.
IDENTITY = ("account", "units")


def account_of(user_id: Any) -> dict[str, list[Any]]:
    """The `keys=` of a cached read of one account's identity or reach: its own token only, so
    another account's sign-in, roles or import leave it alone (issue 15)."""
    return {"account": [user_id]}


@dataclass(frozen=True)
class Scope:
    unit_id: int
    path: str
    role: str

    def covers(self, unit: Unit) -> bool:
        return unit.path.startswith(self.path)


def scopes_of(user: AnyUser, *, on: dt.date | None = None) -> tuple[Scope, ...]:
    """The user's active role scopes on a day (today): kept on the user object for the request,
    and in the cache until any role, person or unit changes."""
    person_id: int | None = getattr(user, "person_id", None)
    if not getattr(user, "is_authenticated", False) or not person_id:
        return ()
    day = on or timezone.localdate()
    attribute = f"_danchu_scopes_{day.isoformat()}"
    scopes: tuple[Scope, ...] | None = getattr(user, attribute, None)
    if scopes is None:
        scopes = read_scopes(user.pk, person_id, day)
        setattr(user, attribute, scopes)
    return scopes


@cached_read(*IDENTITY, keys=lambda user_id, person_id, day: account_of(user_id))
def read_scopes(user_id: Any, person_id: int, day: dt.date) -> tuple[Scope, ...]:
    """The role scopes, active on `day`, of the person of account `user_id`."""
    rows = (
        RoleAssignment.objects.active(day)
        .filter(person_id=person_id)
        .values_list("unit_id", "unit__path", "role")
        .order_by("unit__path", "role")
    )
    return tuple(Scope(unit_id, path, role) for unit_id, path, role in rows)


def is_superuser(user: AnyUser) -> bool:
    return bool(getattr(user, "is_active", False) and getattr(user, "is_superuser", False))


def can(user: AnyUser, action: Action, unit: Unit) -> bool:
    if is_superuser(user):
        return True
    return any(action in ROLE_GRANTS[s.role] and s.covers(unit) for s in scopes_of(user))


def roles_in(user: AnyUser, unit: Unit) -> set[str]:
    """Role codes the user holds on `unit` or any unit above it."""
    return {s.role for s in scopes_of(user) if s.covers(unit)}


def reach_roots(user: AnyUser, action: Action = Action.VIEW_UNIT) -> list[str]:
    """The minimal set of subtree paths where the user may do `action`."""
    paths = sorted({s.path for s in scopes_of(user) if action in ROLE_GRANTS[s.role]})
    roots: list[str] = []
    for path in paths:
        if not roots or not path.startswith(roots[-1]):
            roots.append(path)
    return roots


def unit_filter(user: AnyUser, action: Action, *, prefix: str = "") -> Q:
    """A filter on a unit path (`<prefix>path`) limited to what the user may do `action` on."""
    if is_superuser(user):
        return Q()
    condition = Q(pk__in=[])
    for path in reach_roots(user, action):
        condition |= Q(**{f"{prefix}path__gte": path, f"{prefix}path__lt": path + PATH_END})
    return condition
