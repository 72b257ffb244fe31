"""Who may do what at a staff conference, built on the one role resolver.

The head plans and chairs it (art. 51.1) with the union; staff of the unit see it and take
part; the counting board issues ballots and enters paper ones; supervisors above look on. The
chair is the conference's `chair` (the head by default), and the head may not count.
"""

from __future__ import annotations

from danchu.conferences.models import Conference
from danchu.organizations.models import Unit
from danchu.people.models import AnyUser
from danchu.people.permissions import Action, can


def person_id_of(user: AnyUser) -> int | None:
    return getattr(user, "person_id", None) if getattr(user, "is_authenticated", False) else None


def can_plan(user: AnyUser, unit: Unit) -> bool:
    """Art. 51.1: the head convenes the conference (with the union)."""
    return can(user, Action.MANAGE_CONFERENCES, unit)


def can_manage(user: AnyUser, conference: Conference) -> bool:
    return can(user, Action.MANAGE_CONFERENCES, conference.unit)


def speaks_for_union(user: AnyUser, conference: Conference) -> bool:
    return can(user, Action.SPEAK_FOR_UNION, conference.unit)


def can_view(user: AnyUser, conference: Conference) -> bool:
    return can(user, Action.VIEW_UNIT, conference.unit)


def is_chair(user: AnyUser, conference: Conference) -> bool:
    """The chair runs the votes; without a named chair, whoever manages the conference."""
    person_id = person_id_of(user)
    if conference.chair_id is not None:
        return person_id is not None and person_id == conference.chair_id
    return can_manage(user, conference)


def can_check_in(user: AnyUser, conference: Conference) -> bool:
    """At the door: the head's side or the union's."""
    return can_manage(user, conference) or speaks_for_union(user, conference)
