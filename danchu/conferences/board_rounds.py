"""The rounds of the People's Inspection Board's election at a conference: each vote with what it
adds up to, a run-off between candidates tied for the last seat continuing the vote before it.
Reads only; `board.py` decides with them."""

from __future__ import annotations

from dataclasses import dataclass

from danchu.conferences import planning
from danchu.conferences.models import Conference, Purpose, Vote


def staff_count_of(conference: Conference) -> int:
    """The unit's staff for the board's size rule: the count the conference was planned for,
    else the unit's staff list today."""
    return conference.staff_count or len(planning.staff_of(conference.unit))


def board_votes(conference: Conference) -> list[Vote]:
    return list(
        conference.votes.filter(purpose=Purpose.INSPECTION_BOARD)
        .prefetch_related("candidates")
        .order_by("pk")
    )


def _ids(values: object) -> list[int]:
    return [int(str(v)) for v in values or []] if isinstance(values, list) else []


@dataclass(frozen=True)
class Round:
    """One vote of the board's election with what it adds up to. A vote between candidates
    tied for the last seat of the vote before it (their candidates among its tied) is that
    vote's second round: it fills the seats left, and the board is those elected in both."""

    vote: Vote
    previous: Round | None  # the round it continues (a vote between the tied), or None
    board_seats: int  # the seats of the whole board, fixed by the first round
    elected: list[int]  # elected so far, this round included
    tied: list[int]  # tied for the last seat in this round

    @property
    def seats_left(self) -> int:
        return self.board_seats - len(self.elected)


def rounds(conference: Conference) -> list[Round]:
    """Every vote of the board's election at the conference as a round, oldest first."""
    found: list[Round] = []
    for vote in board_votes(conference):
        outcome = vote.outcome or {}
        before = found[-1] if found else None
        candidates = {c.person_id for c in vote.candidates.all()}
        runoff = before is not None and bool(before.tied) and candidates <= set(before.tied)
        previous = before if runoff else None
        found.append(
            Round(
                vote=vote,
                previous=previous,
                board_seats=previous.board_seats if previous else (vote.seats or 0),
                elected=[*(previous.elected if previous else []), *_ids(outcome.get("elected"))],
                tied=_ids(outcome.get("tied")),
            )
        )
    return found


def round_of(vote: Vote) -> Round:
    return next(r for r in rounds(vote.conference) if r.vote.pk == vote.pk)
