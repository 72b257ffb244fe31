"""Who may do what with disclosures, built on the one role resolver."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from danchu.disclosures.models import Disclosure, Status
from danchu.disclosures.queries import audience_people
from danchu.organizations.models import Unit
from danchu.people.models import AnyUser, Person, Role, User
from danchu.people.permissions import Action, can, reach_roots, roles_in, scopes_of


def can_publish(user: AnyUser, unit: Unit) -> bool:
    """The head or the records clerk of the unit (or of a unit above it)."""
    return can(user, Action.PUBLISH_DISCLOSURES, unit)


def can_manage(user: AnyUser, disclosure: Disclosure) -> bool:
    return can_publish(user, disclosure.unit)


# Besides publishers: supervisors above the unit, the deputy heads, and the People's Inspection
# Board, which supervises how the unit implements democracy (Law 10/2022/QH15 art. 61).
ACKNOWLEDGEMENT_READERS = frozenset(
    {
        Role.SUPERVISOR, Role.DEPUTY_HEAD, Role.INSPECTION_CHAIR, Role.INSPECTION_VICE_CHAIR,
        Role.INSPECTION_MEMBER,
    }
)  # fmt: skip


def can_see_acknowledgements(user: AnyUser, disclosure: Disclosure) -> bool:
    """Who has and has not read an item: publishers and the roles above, read-only."""
    if can_manage(user, disclosure):
        return True
    return bool(roles_in(user, disclosure.unit) & ACKNOWLEDGEMENT_READERS)


def is_live(disclosure: Disclosure) -> bool:
    """Published, current and not scheduled for later."""
    return disclosure.status == Status.PUBLISHED and not disclosure.is_scheduled(now=timezone.now())


def can_acknowledge(user: AnyUser, disclosure: Disclosure) -> bool:
    """ "Tôi đã đọc" is for the people the item addresses: those working in its audience (the
    chosen sub-units, else the whole unit). Whether the item is still current is its state,
    checked by the service (`is_live`)."""
    person = getattr(user, "person", None)
    if person is None:
        return False
    return audience_people(disclosure).filter(pk=person.pk).exists()


def can_remind(user: AnyUser, disclosure: Disclosure) -> bool:
    """Reminding those who have not read a live item: its publishers."""
    return can_manage(user, disclosure) and is_live(disclosure)


def can_see_register(user: AnyUser, unit: Unit) -> bool:
    """The unit's register (sổ công khai): whoever may view the unit."""
    return can(user, Action.VIEW_UNIT, unit)


def can_ask(user: AnyUser) -> bool:
    """Questions about an item come from people (an account without a person has no name)."""
    return getattr(user, "person", None) is not None


def can_request_information(user: AnyUser, unit: Unit) -> bool:
    """Art. 48.4 (Law 10/2022/QH15): the unit's own staff — working in it (or a sub-unit), or
    holding a role in it or a sub-unit — may ask it for information. A supervisor, or a role
    in a unit above, is not its staff."""
    person = getattr(user, "person", None)
    if person and person.unit_id and person.unit.is_within(unit):
        return True
    return any(s.role != Role.SUPERVISOR and s.path.startswith(unit.path) for s in scopes_of(user))


def publishing_tops(user: AnyUser, units: list[Unit]) -> list[Unit]:
    """Of the units the user publishes for, those at the top of their reach (the inbox offers
    "publish" for each: a sub-unit is chosen on the form)."""
    roots = reach_roots(user, Action.PUBLISH_DISCLOSURES)
    return [unit for unit in units if unit.path in roots]


def person_of(actor: User) -> Person:
    """The actor's person (who acknowledges, asks, requests); refused for an account without one."""
    person = getattr(actor, "person", None)
    if person is None:
        raise PermissionDenied
    return person
