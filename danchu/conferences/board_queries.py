"""Reads for the People's Inspection Board pages (Law 10/2022/QH15 art. 60, Decree 59/2023
art. 21): the board's elections at a conference, who may stand, the recognised board."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from danchu.conferences import board_rounds, rules
from danchu.conferences.models import (
    BoardRecognition,
    Conference,
    Participant,
    Vote,
    VoteStatus,
)
from danchu.organizations.models import Body, BodyMember, BodyRole
from danchu.people.models import Person, RoleAssignment

ROLE_ORDER: dict[str, int] = {BodyRole.CHAIR: 0, BodyRole.VICE_CHAIR: 1, BodyRole.MEMBER: 2}


@dataclass
class Election:
    vote: Vote
    candidates: list[Person]
    elected: list[Person] = field(default_factory=list)  # in this vote
    tied: list[Person] = field(default_factory=list)
    votes_for: dict[int, int] = field(default_factory=dict)
    runoff: bool = False  # a vote between candidates tied in the vote before
    members: list[Person] = field(default_factory=list)  # elected so far, earlier rounds too
    seats_left: int = 0

    @property
    def closed(self) -> bool:
        return self.vote.status == VoteStatus.CLOSED

    @property
    def rows(self) -> list[tuple[Person, int, str]]:
        """Each candidate with their votes and "elected", "tied" or "" (not elected)."""
        elected = {p.pk for p in self.elected}
        tied = {p.pk for p in self.tied}
        return [
            (
                person,
                self.votes_for.get(person.pk, 0),
                "elected" if person.pk in elected else "tied" if person.pk in tied else "",
            )
            for person in self.candidates
        ]


@dataclass
class Board:
    body: Body
    members: list[BodyMember]
    recognised_on: dt.date


def elections(conference: Conference) -> list[Election]:
    """The board's votes at the conference, oldest first, with their people (3 queries)."""
    found = board_rounds.rounds(conference)
    ids = {c.person_id for r in found for c in r.vote.candidates.all()}
    people = {p.pk: p for p in Person.objects.filter(pk__in=ids)}
    return [
        Election(
            vote=r.vote,
            candidates=[people[c.person_id] for c in r.vote.candidates.all()],
            elected=[people[p] for p in _ids((r.vote.outcome or {}).get("elected"))],
            tied=[people[p] for p in r.tied],
            votes_for={int(k): v for k, v in (r.vote.tally or {}).items()},
            runoff=r.previous is not None,
            members=[people[p] for p in r.elected],
            seats_left=r.seats_left,
        )
        for r in found
    ]


def _ids(values: object) -> list[int]:
    return [int(str(v)) for v in values] if isinstance(values, list) else []


def to_recognise(conference: Conference) -> Election | None:
    """The latest election of the board, once closed, while nothing is recognised."""
    found = elections(conference)
    if not found or not found[-1].closed:
        return None
    if BoardRecognition.objects.filter(vote__conference=conference).exists():
        return None
    return found[-1]


def nominees(conference: Conference) -> list[Person]:
    """Who may stand (art. 60.2): the summoned participants, without the head, the deputy
    heads and the chief accountant, sorted by given name."""
    barred = RoleAssignment.objects.active(timezone.localdate()).filter(
        unit=conference.unit, role__in=rules.BOARD_EXCLUDED_ROLES
    )
    summoned = Participant.objects.filter(conference=conference, summoned=True)
    return list(
        Person.objects.filter(pk__in=summoned.values("person_id"))
        .exclude(pk__in=barred.values("person_id"))
        .vietnamese_order()
    )


def recognised(conference: Conference) -> Board | None:
    """The board recognised from this conference's election, with its members (2 queries)."""
    recognition = (
        BoardRecognition.objects.filter(vote__conference=conference).select_related("body").first()
    )
    if recognition is None:
        return None
    members = sorted(
        BodyMember.objects.filter(body=recognition.body).select_related("person"),
        key=lambda m: (ROLE_ORDER.get(m.role, 9), m.person.sort_key, m.person.pk),
    )
    return Board(body=recognition.body, members=members, recognised_on=recognition.recognised_on)


def people(ids: list[int]) -> list[Person]:
    found = {p.pk: p for p in Person.objects.filter(pk__in=ids)}
    return [found[i] for i in ids if i in found]


def staff_count(conference: Conference) -> int:
    return board_rounds.staff_count_of(conference)
