"""The reads behind the home page: what is waiting for the user in each role they hold, from the
queries of disclosures, consultations and people (each scoped to what the user may see there).

Which roles apply is read from the user's reach (`reach_roots`), the same rule the permissions
use: staff work in a unit; the head (and the records clerk) publish disclosures or run
consultations; the union committee speaks for the union; a supervisor (or the platform's
superuser) oversees the units below.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from danchu.consultations import todo as consultations
from danchu.consultations.rules import REMINDER_WORKING_DAYS
from danchu.core.workdays import add_working_days
from danchu.disclosures.queries import publishable_units
from danchu.disclosures.queries import todo as disclosures
from danchu.organizations.models import Unit
from danchu.people import queries as people
from danchu.people.models import AnyUser
from danchu.people.permissions import Action, reach_roots

# Not a rule of the Law: what the home page calls "answered recently" (there is no record of
# when the person last looked). An answer stays on the home page for two weeks after it came.
RECENT_ANSWER_DAYS = 14

# How many of the units below a supervisor's top unit the home page lists, those with late items
# and the most items first (the unit page lists them all).
MAX_UNITS_LISTED = 20


@dataclass(frozen=True)
class StaffTodo:
    unread: int
    awaiting_opinion: list[int]  # consultation ids
    answered: disclosures.Answered
    since: dt.date


@dataclass(frozen=True)
class HeadTodo:
    units: list[Unit]  # the units the user publishes for, tree order
    scheduled: disclosures.Scheduled
    requests: disclosures.ToAnswer
    opinions: dict[int, int]  # consultation id -> opinions not answered
    ending: list[int]  # consultation ids closing within REMINDER_WORKING_DAYS
    ended: list[int]  # closed, synthesis not published
    ending_by: dt.date


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    staff: int  # the whole subtree's
    party_members: int
    published: int  # items first published this year
    late: int  # of which after their art. 47.2 due date


@dataclass(frozen=True)
class UnitGroup:
    """A top unit the user oversees, then the units directly below it."""

    rows: list[UnitRow]
    more: bool  # units below were left out (the unit page lists them all)

    @property
    def root(self) -> Unit:
        return self.rows[0].unit


def is_staff(user: AnyUser) -> bool:
    person = getattr(user, "person", None)
    return person is not None and person.unit_id is not None


def is_head(user: AnyUser) -> bool:
    return bool(
        reach_roots(user, Action.PUBLISH_DISCLOSURES)
        or reach_roots(user, Action.MANAGE_CONSULTATIONS)
    )


def speaks_for_union(user: AnyUser) -> bool:
    return bool(reach_roots(user, Action.SPEAK_FOR_UNION))


def staff_todo(user: AnyUser) -> StaffTodo:
    since = timezone.now() - dt.timedelta(days=RECENT_ANSWER_DAYS)
    return StaffTodo(
        unread=disclosures.unread_count(user),
        awaiting_opinion=consultations.awaiting_opinion_of(user),
        answered=disclosures.answered_since(user, since),
        since=timezone.localdate(since),
    )


def head_todo(user: AnyUser) -> HeadTodo:
    today = timezone.localdate()
    ending_by = add_working_days(today, REMINDER_WORKING_DAYS)
    until = timezone.make_aware(dt.datetime.combine(ending_by + dt.timedelta(days=1), dt.time.min))
    return HeadTodo(
        units=publishable_units(user),
        scheduled=disclosures.scheduled(user),
        requests=disclosures.requests_to_answer(user, today=today),
        opinions=consultations.opinions_to_answer(user),
        ending=consultations.ending_by(user, until),
        ended=consultations.ended_without_synthesis(user),
        ending_by=ending_by,
    )


def union_todo(user: AnyUser) -> list[int]:
    """Consultations waiting for the union committee's opinion."""
    return consultations.awaiting_union(user)


def overview(user: AnyUser) -> list[UnitGroup]:
    """A supervisor's units with their figures (empty when the user oversees none), the units
    with late items, then with the most items, first: five queries whatever their number."""
    roots = people.supervised_roots(user)
    if not roots:
        return []
    below = people.children_of(user, roots)
    units = [*roots, *below]
    people.attach_counts(units)
    figures = disclosures.unit_figures(units, today=timezone.localdate())

    def row(unit: Unit) -> UnitRow:
        counts = figures[unit.pk]
        return UnitRow(
            unit,
            unit.staff_count,  # type: ignore[attr-defined]
            unit.party_member_count,  # type: ignore[attr-defined]
            counts["published"],
            counts["late"],
        )

    groups = []
    for root in roots:
        rows = sorted(
            (row(unit) for unit in below if unit.parent_id == root.pk),
            key=lambda r: (-r.late, -r.published),  # stable: tree order among equals
        )
        groups.append(
            UnitGroup([row(root), *rows[:MAX_UNITS_LISTED]], len(rows) > MAX_UNITS_LISTED)
        )
    return groups
