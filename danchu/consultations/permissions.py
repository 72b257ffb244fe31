"""Who may do what with a consultation, built on the one role resolver.

While planned, only the head and the union committee see it (art. 55.2: the union works on the
plan with the head). Once open, the people consulted read the draft and give opinions; whether
they read each other's opinions is the plan's choice. Supervisors above the unit look on.
"""

from __future__ import annotations

from django.utils import timezone

from danchu.consultations.models import Consultation, Status, Subject, Visibility
from danchu.organizations.models import Unit
from danchu.people.models import AnyUser, Role
from danchu.people.permissions import Action, can, scopes_of
from danchu.people.queries import visible_units


def can_manage(user: AnyUser, consultation: Consultation) -> bool:
    return can(user, Action.MANAGE_CONSULTATIONS, consultation.unit)


def can_open_in(user: AnyUser, unit: Unit) -> bool:
    return can(user, Action.MANAGE_CONSULTATIONS, unit)


def speaks_for_union(user: AnyUser, consultation: Consultation) -> bool:
    return can(user, Action.SPEAK_FOR_UNION, consultation.unit)


def is_consulted(user: AnyUser, consultation: Consultation) -> bool:
    """Works in the consulted unit, or in one of the chosen sub-units."""
    person = getattr(user, "person", None)
    if person is None or person.unit_id is None:
        return False
    return any(person.unit.is_within(unit) for unit in consulted_units(consultation))


def consulted_units(consultation: Consultation) -> list[Unit]:
    """The chosen sub-units, or the whole unit; read once per consultation object."""
    cached: list[Unit] | None = getattr(consultation, "_consulted_units", None)
    if cached is None:
        cached = list(consultation.audience_units.all()) or [consultation.unit]
        consultation._consulted_units = cached  # type: ignore[attr-defined]
    return cached


def _is_planned(consultation: Consultation) -> bool:
    return consultation.phase(now=timezone.now()) in (Status.PLANNED, Status.UNION_PREVIEW)


def can_view(user: AnyUser, consultation: Consultation) -> bool:
    if can_manage(user, consultation) or speaks_for_union(user, consultation):
        return True
    if _is_planned(consultation):
        return False
    return is_consulted(user, consultation) or can(user, Action.VIEW_UNIT, consultation.unit)


def can_give_opinion(user: AnyUser, consultation: Consultation) -> bool:
    return is_consulted(user, consultation) and consultation.accepts_opinions(now=timezone.now())


def can_read_opinions(user: AnyUser, consultation: Consultation) -> bool:
    """The head and the union always; the others when the plan makes opinions public."""
    if can_manage(user, consultation) or speaks_for_union(user, consultation):
        return True
    return consultation.visibility == Visibility.ALL_STAFF and can_view(user, consultation)


def units_to_open_in(user: AnyUser) -> list[Unit]:
    """The units where the user may plan a consultation, in tree order."""
    return list(visible_units(user, Action.MANAGE_CONSULTATIONS).order_by("path"))


def subject_of(user: AnyUser) -> str:
    """Whose duties the reader is shown first: the head reads the head's, everyone else staff's."""
    if any(scope.role == Role.HEAD for scope in scopes_of(user)):
        return Subject.HEAD
    return Subject.STAFF
