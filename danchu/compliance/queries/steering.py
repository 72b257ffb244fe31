"""Reads of the steering committees, scoped to what the user may see (None → 404): the
committees of the party units the user sees and those steering a unit they see, one committee's
members and decisions, and what the forms offer (units, members, agencies)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from danchu.compliance import permissions
from danchu.compliance.models import OfflineRecord, SteeringCommittee
from danchu.organizations.models import EMPLOYER_KINDS, PARTY_KINDS, PATH_END, Unit
from danchu.people.models import AnyUser, Person
from danchu.people.permissions import Action, unit_filter


def committees(user: AnyUser, *, active: bool | None = None) -> QuerySet[SteeringCommittee]:
    """The committees of the party units whose compliance the user sees, and those steering a
    unit they see it for (a head sees the committee that steers their agency)."""
    steering_theirs = SteeringCommittee.steers.through.objects.filter(
        permissions.visible(user, prefix="unit__"), steeringcommittee_id=OuterRef("pk")
    )
    rows = SteeringCommittee.objects.filter(
        permissions.visible(user, prefix="unit__") | Q(Exists(steering_theirs))
    )
    if active is not None:
        rows = rows.filter(dissolved_on__isnull=active)
    return (
        rows.select_related("unit")
        .annotate(n_members=Count("members", filter=Q(members__until__isnull=True)))
        .order_by("unit__path", "-established_on", "pk")
    )


def committee(user: AnyUser, pk: int) -> SteeringCommittee | None:
    return committees(user).filter(pk=pk).first()


def committee_detail(item: SteeringCommittee) -> dict[str, Any]:
    """Members now and before, decisions in date order, the agencies it steers."""
    members = list(
        item.members.select_related("person", "appointed_by", "removed_by").order_by(
            "until", "person__sort_key", "pk"
        )
    )
    return {
        "current": [m for m in members if m.until is None],
        "former": [m for m in members if m.until is not None],
        "decisions": list(item.decisions.order_by("signed_on", "pk")),
        "steers": list(item.steers.order_by("sort_key", "pk")),
    }


def offline_record(user: AnyUser, pk: int) -> OfflineRecord | None:
    return OfflineRecord.objects.filter(permissions.visible(user, prefix="unit__"), pk=pk).first()


def steerable_units(user: AnyUser) -> list[Unit]:
    """The party organisations and committees where the user may set up a committee."""
    return list(
        Unit.objects.filter(
            unit_filter(user, Action.MANAGE_STEERING), kind__in=PARTY_KINDS
        ).order_by("path")[:500]
    )


def members_to_choose(unit: Unit) -> list[Person]:
    """Who may sit on the organisation's committee: its party members and the staff of the
    units under it (Vietnamese order; at most 2,000)."""
    people = Person.objects.filter(
        Q(
            party_organization__path__gte=unit.path,
            party_organization__path__lt=unit.path + PATH_END,
        )
        | Q(unit__path__gte=unit.path, unit__path__lt=unit.path + PATH_END)
    )
    return list(people.vietnamese_order()[:2000])


def agencies_under(unit: Unit) -> list[Unit]:
    return list(Unit.objects.under(unit).filter(kind__in=EMPLOYER_KINDS).order_by("sort_key", "pk"))
