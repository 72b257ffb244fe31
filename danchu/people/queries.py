"""Reads scoped to what the viewer may see. What is not visible is absent (views answer 404)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Max, QuerySet
from django.utils import timezone

from danchu.core.cached_reads import cached_read
from danchu.core.queries import search_folded
from danchu.organizations.models import (
    PARTY_KINDS,
    Unit,
    UnitKind,
    UnitQuerySet,
)
from danchu.people.models import AnyUser, Headcount, Person, PersonQuerySet, Role, RoleAssignment
from danchu.people.permissions import (
    Action,
    can,
    is_superuser,
    reach_roots,
    scopes_of,
    unit_filter,
)


def visible_units(user: AnyUser, action: Action = Action.VIEW_UNIT) -> UnitQuerySet:
    return Unit.objects.filter(unit_filter(user, action))


def visible_unit(user: AnyUser, pk: int, action: Action = Action.VIEW_UNIT) -> Unit | None:
    """The unit `pk` if the user may do `action` on it (the rule of `visible_units`), else None."""
    unit = unit_by_id(pk)
    return unit if unit is not None and can(user, action, unit) else None


@cached_read("units")
def unit_by_id(pk: int) -> Unit | None:
    """The unit `pk`, whoever asks (cached until the unit tree changes)."""
    return Unit.objects.filter(pk=pk).first()


@cached_read("units", key=lambda unit: unit.pk)
def units_under(unit: Unit) -> list[int]:
    """The ids of the unit and every unit below it (cached until the unit tree changes)."""
    return list(Unit.objects.under(unit).values_list("pk", flat=True))


def root_units(user: AnyUser) -> UnitQuerySet:
    """The tops of the user's reach: the forest the user navigates."""
    if is_superuser(user):
        return Unit.objects.filter(parent__isnull=True)
    return Unit.objects.filter(path__in=reach_roots(user))


def visible_units_by_id(user: AnyUser, ids: Iterable[int]) -> list[Unit]:
    """The units of `ids` that the user can see (fewer than asked: some are not visible)."""
    return list(visible_units(user).filter(pk__in=set(ids)))


def unit_list(
    user: AnyUser, *, parent: Unit | None = None, q: str = "", kind: str = ""
) -> UnitQuerySet:
    """Units as the unit pages and the API list them: the children of `parent`; else, with a
    `q` or `kind`, every unit the user can see that matches; else the user's roots."""
    units: UnitQuerySet
    if parent is not None:
        units = visible_units(user).filter(parent=parent).order_by("sort_key", "pk")
    elif q or kind:
        units = visible_units(user).order_by("sort_key", "pk")
    else:
        units = root_units(user).order_by("path")
    if kind:
        units = units.filter(kind=kind)
    return search_units(units, q) if q else units


def visible_person(user: AnyUser, pk: int) -> Person | None:
    """One person the user may see, with their unit and party organisation."""
    people = visible_people(user).select_related("unit", "party_organization")
    return people.filter(pk=pk).first()


def search_units(units: UnitQuerySet, q: str) -> UnitQuerySet:
    result: UnitQuerySet = search_folded(units, q)
    return result


def attach_counts(units: list[Unit], *, party: bool = True) -> list[Unit]:
    """Set `staff_count` and `party_member_count` on each unit, for its whole subtree: one query
    on the figures the database keeps up to date (`Headcount`), whatever the size of the tree.
    A party unit counts the members registered in the party organisations under it; any other
    unit counts the party members who work under it. With `party=False` only `staff_count` is
    set (the units need not have their kind loaded)."""
    kept = headcounts_of(units)
    for unit in units:
        figures = kept.get(unit.pk)
        unit.staff_count = figures.staff if figures else 0  # type: ignore[attr-defined]
        unit.party_by_unit = figures.party_by_unit if figures else 0  # type: ignore[attr-defined]
        unit.party_by_org = figures.party_by_org if figures else 0  # type: ignore[attr-defined]
        if party:
            unit.party_member_count = party_member_count(unit)  # type: ignore[attr-defined]
    return units


def headcounts_of(units: Iterable[Unit]) -> dict[int, Headcount]:
    """The kept subtree figures of `units`, by unit id (one query)."""
    ids = [unit.pk for unit in units]
    return {h.unit_id: h for h in Headcount.objects.filter(unit_id__in=ids)} if ids else {}


def party_member_count(unit: Unit) -> int:
    count: int = getattr(unit, "party_by_org" if unit.kind in PARTY_KINDS else "party_by_unit")
    return count


def subtree_summary(unit: Unit) -> dict[str, int]:
    """Figures for the units below `unit` and the people of its whole subtree (kept figures)."""
    figures = headcounts_of([unit]).get(unit.pk) or Headcount(unit=unit, units=1)
    return {
        "units": figures.units - 1,
        "party_organizations": figures.party_organizations
        - int(unit.kind == UnitKind.PARTY_ORGANIZATION),
        "staff": figures.staff,
        "party_members": figures.party_by_org
        if unit.kind in PARTY_KINDS
        else figures.party_by_unit,
    }


def breadcrumbs(user: AnyUser, unit: Unit) -> list[Unit]:
    """The ancestors of `unit` the user may see, root first."""
    return list(visible_units(user).filter(path__in=unit.ancestor_paths()).order_by("path"))


def visible_people(user: AnyUser) -> PersonQuerySet:
    return Person.objects.filter(unit_filter(user, Action.VIEW_PEOPLE, prefix="unit__"))


def people_under(user: AnyUser, unit: Unit, q: str = "") -> PersonQuerySet:
    """People working in `unit` or below it, visible to `user`, in Vietnamese order."""
    people = visible_people(user).in_units_under(unit).select_related("unit", "party_organization")
    if q:
        people = search_folded(people, q)
    return people.vietnamese_order()


def active_roles(person: Person, *, on: Any = None) -> QuerySet[RoleAssignment]:
    return (
        RoleAssignment.objects.active(on or timezone.localdate())
        .filter(person=person)
        .select_related("unit")
        .order_by("unit__path", "role")
    )


def last_counted_login_failure(username: str | None, address: str | None) -> dt.datetime | None:
    """When the last wrong password of this name from this address was counted (django-axes'
    record, kept until the cool-off ends): a lockout lasts the cool-off from then."""
    from axes.models import AccessAttempt  # axes' models load with the apps

    attempts = AccessAttempt.objects.filter(username=username, ip_address=address)
    last: dt.datetime | None = attempts.aggregate(last=Max("attempt_time"))["last"]
    return last


# --- What the home page shows of the unit tree (danchu.home) ----------------------------------


def supervised_roots(user: AnyUser) -> list[Unit]:
    """The tops of the subtrees the user oversees from above (a supervisor's, or a superuser's
    whole tree): the home page summarises the units below them."""
    if is_superuser(user):
        return list(Unit.objects.filter(parent__isnull=True).order_by("sort_key", "pk"))
    tops: list[str] = []
    for path in sorted({s.path for s in scopes_of(user) if s.role == Role.SUPERVISOR}):
        if not tops or not path.startswith(tops[-1]):
            tops.append(path)
    return list(Unit.objects.filter(path__in=tops).order_by("path")) if tops else []


def children_of(user: AnyUser, units: list[Unit]) -> list[Unit]:
    """The units directly below `units` that the user sees, in one query, in tree order."""
    if not units:
        return []
    children = visible_units(user).filter(parent_id__in=[unit.pk for unit in units])
    return list(children.order_by("sort_key", "pk"))
