"""Electing a People's Inspection Board in the `hall` (shared by the board's tests)."""

from __future__ import annotations

from collections.abc import Sequence

from danchu.conferences import attendance, board, booth, voting
from danchu.conferences.models import Vote
from danchu.conferences.tests.conftest import Hall
from danchu.conferences.tests.conftest import people as ids_of
from danchu.people.models import Person, User


def candidates(hall: Hall, count: int) -> list[User]:
    """Staff of the hall who may sit on the board: not the head (the first voter)."""
    return hall.voters[1 : 1 + count]


def nominate(hall: Hall, seats: int = 3, people: Sequence[User] | None = None) -> Vote:
    people = list(people) if people is not None else candidates(hall, seats)
    return board.nominate_board(
        actor=hall.world.union,
        conference=hall.conference,
        seats=seats,
        candidate_ids=ids_of(*people),
    )


def vote_in(hall: Hall, vote: Vote, ballots: Sequence[Sequence[User]]) -> Vote:
    """Open the vote, cast one secret ballot per entry (printed slips), close it."""
    voting.open_vote(actor=hall.head, vote=vote)
    tokens = booth.issue_slips(actor=hall.counters[0], vote=vote)
    for token, chosen in zip(tokens, ballots, strict=False):
        booth.cast_secret(vote_id=vote.pk, token=token, choices=list(ids_of(*chosen)))
    return voting.close_vote(actor=hall.head, vote=vote)


def elect(hall: Hall, seats: int = 3, *, end: bool = True) -> Vote:
    """Every voter chooses the first `seats` candidates; the conference then ends."""
    people = candidates(hall, seats)
    vote = vote_in(hall, nominate(hall, seats, people), [people] * len(hall.voters))
    if end:
        attendance.end_session(actor=hall.head, conference=hall.conference)
    vote.refresh_from_db()
    return vote


def roles_for(vote: Vote) -> dict[int, str]:
    elected = vote.outcome["elected"]
    return {p: "chair" if n == 0 else "member" for n, p in enumerate(elected)}


def person_of(user: User) -> Person:
    assert user.person is not None
    return user.person
