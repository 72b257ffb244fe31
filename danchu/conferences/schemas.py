"""The JSON shapes of the conferences API: a public contract (extend, never rename or drop)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema

from danchu.conferences.models import Conference, Vote
from danchu.core.limits import MAX_AUDIENCE, Moment, RecordId, text_limit

MAX_PEOPLE = 20_000  # a list of people in one request (staff of the largest unit)
MAX_CHOICES = 200


class ConferenceIn(Schema):
    unit_id: RecordId
    year: int = Field(ge=2000, le=2100)
    kind: Literal["annual", "extraordinary"]
    scheduled_at: Moment
    format: Literal["plenary", "delegate"] | None = None
    title: str = Field(default="", max_length=text_limit(Conference, "title"))
    venue: str = Field(default="", max_length=text_limit(Conference, "venue"))
    remote_allowed: bool = False


class WarningOut(Schema):
    code: str
    message: str


class ConferenceOut(Schema):
    id: int
    unit_id: int
    year: int
    kind: str
    format: str
    status: str
    title: str
    scheduled_at: dt.datetime
    expected_participants: int
    present: int
    quorum_met: bool
    warnings: list[WarningOut] = []


class PeopleIn(Schema):
    person_ids: list[RecordId] = Field(min_length=1, max_length=MAX_PEOPLE)


class AttendanceOut(Schema):
    present: int
    expected: int
    quorum_met: bool
    needed: int


class CountingBoardOut(Schema):
    person_ids: list[int]


class VoteIn(Schema):
    title: str = Field(max_length=text_limit(Vote, "title"))
    kind: Literal["motion", "election", "confidence"]
    secret: bool
    options: list[Literal["agree", "disagree", "abstain"]] | None = None
    candidate_ids: list[RecordId] = Field(default_factory=list, max_length=MAX_AUDIENCE)
    seats: int | None = Field(default=None, ge=1, le=1000)
    purpose: Literal["general", "resolution", "inspection_board"] = "general"


class VoteOut(Schema):
    id: int
    status: str


class TokensOut(Schema):
    tokens: list[str]


class BoothIn(Schema):
    token: str = Field(max_length=64)
    choices: list[Any] = Field(max_length=MAX_CHOICES)


class ChoicesIn(Schema):
    choices: list[Any] = Field(max_length=MAX_CHOICES)


class TrackerOut(Schema):
    tracker: str


class OpenBallotOut(Schema):
    id: int


class ResultOut(Schema):
    id: int
    title: str
    kind: str
    secret: bool
    status: str
    present: int | None
    ballots_cast: int | None
    tally: dict[str, Any]
    adopted: bool | None = None
    elected: list[int] | None = None
    tied: list[int] | None = None


class BulletinOut(Schema):
    format: str
    vote: dict[str, Any]
    # {"tracker", "choices"} (secret) or {"voter", "choices"} (open): as digested, no other key
    ballots: list[dict[str, Any]]
    ballots_cast: int
    tally: dict[str, Any]
    outcome: dict[str, Any]
    digest: str


class ConferencePage(Schema):
    items: list[ConferenceOut]
    count: int


class InvitedOut(Schema):
    notified: int
    disclosure_id: int | None


class AgendaItemIn(Schema):
    title: str = Field(min_length=1, max_length=500)


class AgendaItemOut(Schema):
    id: int
    position: int
    step: str
    title: str
