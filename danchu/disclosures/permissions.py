"""Who may do what with disclosures, built on the one role resolver."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from danchu.disclosures.models import Disclosure, Status
from danchu.organizations.models import Unit
from danchu.people.permissions import Action, can, roles_in


def can_publish(user: Any, unit: Unit) -> bool:
    """The head or the records clerk of the unit (or of a unit above it)."""
    return can(user, Action.PUBLISH_DISCLOSURES, unit)


def can_manage(user: Any, disclosure: Disclosure) -> bool:
    return can_publish(user, disclosure.unit)


def can_see_acknowledgements(user: Any, disclosure: Disclosure) -> bool:
    """Publishers, and supervisors above the unit (read-only)."""
    if can_manage(user, disclosure):
        return True
    roles = roles_in(user, disclosure.unit)
    return bool(roles) and not roles <= {"staff"}


def is_live(disclosure: Disclosure) -> bool:
    """Published, current and not scheduled for later."""
    return disclosure.status == Status.PUBLISHED and not disclosure.is_scheduled(now=timezone.now())
