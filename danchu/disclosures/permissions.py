"""Who may do what with disclosures, built on the one role resolver."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from danchu.disclosures.models import Disclosure, Status
from danchu.organizations.models import Unit
from danchu.people.models import Role
from danchu.people.permissions import Action, can, roles_in


def can_publish(user: Any, unit: Unit) -> bool:
    """The head or the records clerk of the unit (or of a unit above it)."""
    return can(user, Action.PUBLISH_DISCLOSURES, unit)


def can_manage(user: Any, disclosure: Disclosure) -> bool:
    return can_publish(user, disclosure.unit)


# Besides publishers: supervisors above the unit, the deputy heads, and the People's Inspection
# Board, which supervises how the unit implements democracy (Law 10/2022/QH15 art. 61).
ACKNOWLEDGEMENT_READERS = frozenset(
    {
        Role.SUPERVISOR, Role.DEPUTY_HEAD, Role.INSPECTION_CHAIR, Role.INSPECTION_VICE_CHAIR,
        Role.INSPECTION_MEMBER,
    }
)  # fmt: skip


def can_see_acknowledgements(user: Any, disclosure: Disclosure) -> bool:
    """Who has and has not read an item: publishers and the roles above, read-only."""
    if can_manage(user, disclosure):
        return True
    return bool(roles_in(user, disclosure.unit) & ACKNOWLEDGEMENT_READERS)


def is_live(disclosure: Disclosure) -> bool:
    """Published, current and not scheduled for later."""
    return disclosure.status == Status.PUBLISHED and not disclosure.is_scheduled(now=timezone.now())
