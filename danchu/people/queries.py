"""Reads scoped to what the viewer may see. What is not visible is absent (views answer 404)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.utils import timezone

from danchu.core.queries import search_folded, subquery_count
from danchu.organizations.models import PARTY_KINDS, Unit, UnitKind, UnitQuerySet
from danchu.people.models import Person, PersonQuerySet, RoleAssignment
from danchu.people.permissions import Action, is_superuser, reach_roots, unit_filter


def visible_units(user: Any, action: Action = Action.VIEW_UNIT) -> UnitQuerySet:
    return Unit.objects.filter(unit_filter(user, action))


def root_units(user: Any) -> UnitQuerySet:
    """The tops of the user's reach: the forest the user navigates."""
    if is_superuser(user):
        return Unit.objects.filter(parent__isnull=True)
    return Unit.objects.filter(path__in=reach_roots(user))


def search_units(units: UnitQuerySet, q: str) -> UnitQuerySet:
    result: UnitQuerySet = search_folded(units, q)
    return result


def with_counts(units: QuerySet[Unit]) -> QuerySet[Unit]:
    """Annotate `staff_count` and `party_member_count` over each unit's subtree.

    A party unit counts the members registered in the party organisations under it; any other
    unit counts the party members who work under it.
    """
    under = {"unit__path__gte": OuterRef("path"), "unit__path__lt": Concat(OuterRef("path"), Value("~"))}
    party_under = {
        "party_organization__path__gte": OuterRef("path"),
        "party_organization__path__lt": Concat(OuterRef("path"), Value("~")),
    }
    return units.annotate(
        staff_count=subquery_count(Person.objects.filter(**under)),
        party_by_unit=subquery_count(Person.objects.filter(party_organization__isnull=False, **under)),
        party_by_org=subquery_count(Person.objects.filter(**party_under)),
    )


def party_member_count(unit: Unit) -> int:
    count: int = getattr(unit, "party_by_org" if unit.kind in PARTY_KINDS else "party_by_unit")
    return count


def subtree_summary(unit: Unit) -> dict[str, int]:
    """Figures for a unit's whole subtree, computed from the records."""
    below = Unit.objects.under(unit, include_self=False)
    people = Person.objects.in_units_under(unit)
    if unit.kind in PARTY_KINDS:
        members = Person.objects.filter(
            party_organization__path__gte=unit.path, party_organization__path__lt=unit.path_end
        )
    else:
        members = people.filter(party_organization__isnull=False)
    units = below.aggregate(
        units=Count("pk"),
        party_organizations=Count("pk", filter=Q(kind=UnitKind.PARTY_ORGANIZATION)),
    )
    return {
        **units,
        "staff": people.count(),
        "party_members": members.count(),
    }


def breadcrumbs(user: Any, unit: Unit) -> list[Unit]:
    """The ancestors of `unit` the user may see, root first."""
    return list(visible_units(user).filter(path__in=unit.ancestor_paths()).order_by("path"))


def visible_people(user: Any) -> PersonQuerySet:
    return Person.objects.filter(unit_filter(user, Action.VIEW_PEOPLE, prefix="unit__"))


def people_under(user: Any, unit: Unit, q: str = "") -> PersonQuerySet:
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
