"""Who sees compliance and who steers, built on the one role resolver.

A supervisor sees every unit of their subtree; a unit's head (and deputies, its party secretary
and steering committee members) see their own unit. The party organisation's secretary, or a
supervisor above it, sets up, consolidates and dissolves its steering committee.
"""

from __future__ import annotations

from django.db.models import Q

from danchu.compliance.models import SteeringCommittee
from danchu.organizations.models import PARTY_KINDS, Unit
from danchu.people.models import AnyUser
from danchu.people.permissions import Action, can, unit_filter


def can_view(user: AnyUser, unit: Unit) -> bool:
    return can(user, Action.VIEW_COMPLIANCE, unit)


def visible(user: AnyUser, *, prefix: str = "") -> Q:
    """The units (through `<prefix>path`) whose compliance the user may see."""
    return unit_filter(user, Action.VIEW_COMPLIANCE, prefix=prefix)


def can_steer(user: AnyUser, unit: Unit) -> bool:
    """Set up a steering committee in `unit` (a party organisation or committee)."""
    return unit.kind in PARTY_KINDS and can(user, Action.MANAGE_STEERING, unit)


def can_manage(user: AnyUser, committee: SteeringCommittee) -> bool:
    return can(user, Action.MANAGE_STEERING, committee.unit)
