"""The conferences API: the People's Inspection Board (Law 10/2022/QH15 art. 60, Decree 59/2023
art. 21), mounted in config/api.py beside api.py.

The union executive committee nominates the board's candidates (a secret election the chair then
opens and closes like any vote), and recognises the result within 5 working days after the
conference ends, giving each elected member a role: the board's 2-year term starts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from danchu.conferences import board, queries
from danchu.conferences.schemas import MAX_PEOPLE
from danchu.core.limits import RecordId
from danchu.people.api import WRITE_ERRORS, Id, api_user

router = Router(tags=["conferences"])

BoardRole = Literal["chair", "vice_chair", "member"]


class BoardNominationIn(Schema):
    # The service checks the 3–9 rule (art. 60.1) and says so; the schema only bounds the input.
    seats: int = Field(ge=0, le=1000)
    candidate_ids: list[RecordId] = Field(max_length=MAX_PEOPLE)


class BoardNominationOut(Schema):
    vote_id: int


class RecognitionIn(Schema):
    roles: dict[str, BoardRole] = Field(
        max_length=1000, description="Each elected member's role, by person id."
    )


class BoardMemberOut(Schema):
    person_id: int
    role: str


class BoardOut(Schema):
    body_id: int
    term_start: dt.date
    term_end: dt.date
    members: list[BoardMemberOut]


@router.post(
    "/conferences/{id}/inspection-board", response={201: BoardNominationOut, **WRITE_ERRORS}
)
def nominate_board(
    request: HttpRequest, id: Id, payload: BoardNominationIn
) -> Status[dict[str, Any]]:
    """The union executive committee nominates the People's Inspection Board: a secret
    election to `seats` seats (3–9, art. 60.1) among `candidate_ids`, none the head, a deputy
    head or the chief accountant (art. 60.2); refused in a unit of 7 staff or fewer (D59 21.2)."""
    user = api_user(request)
    vote = board.nominate_board(
        actor=user,
        conference=queries.conference(user, id),
        seats=payload.seats,
        candidate_ids=payload.candidate_ids,
    )
    return Status(201, {"vote_id": vote.pk})


@router.post("/votes/{id}/recognition", response={201: BoardOut, **WRITE_ERRORS})
def recognise_board(request: HttpRequest, id: Id, payload: RecognitionIn) -> Status[dict[str, Any]]:
    """The union executive committee recognises the board's election within 5 working days
    after the conference ends (D59 21.1): every elected member with a role, exactly one chair,
    at most 2 vice-chairs (D59 21.3). 409 while candidates are tied or once the time is over."""
    user = api_user(request)
    done = board.recognise_board(actor=user, vote=queries.vote(user, id), roles=payload.roles)
    return Status(
        201,
        {
            "body_id": done.body.pk,
            "term_start": done.body.term_start,
            "term_end": done.body.term_end,
            "members": done.members,
        },
    )
