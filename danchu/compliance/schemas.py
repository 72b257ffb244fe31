"""The JSON shapes of the compliance and steering API: a public contract (extend, never rename
or drop). `GET /compliance/units/{id}/indicators` answers
`{"unit_id","year","counts":{"units","party_organizations","party_members","staff"},
"indicators":[{"code","met","due","rate"}]}` (issue 14), with more fields beside them."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from danchu.compliance.models import SteeringCommittee, SteeringDecision
from danchu.core.limits import MAX_AUDIENCE, Day, RecordId, text_limit

MAX_MEMBERS = 100
SteeringRoleCode = Literal["head", "deputy", "standing", "member", "secretary"]
StatusCode = Literal["open", "met", "late", "missed"]


class CountsOut(Schema):
    units: int
    party_organizations: int
    party_members: int
    staff: int


class IndicatorOut(Schema):
    code: str
    met: int = Field(description="Units that met the duty on time.")
    due: int = Field(description="Units for which the duty fell due (met, late or missed).")
    rate: float | None = Field(description="met / due, from 0 to 1; null when nothing was due.")
    late: int
    missed: int
    open: int = Field(description="Units for which the duty is not due yet.")
    self_reported: int = Field(description="Units whose result rests on an offline record.")
    title: str
    legal_basis: str
    pillar: str
    legal_duty: bool


class ScoreLineOut(Schema):
    code: str
    points: float
    earned: float


class ScoreOut(Schema):
    value: float
    rating: str
    rating_label: str
    downgraded: bool
    lines: list[ScoreLineOut]


class IndicatorsOut(Schema):
    unit_id: int
    year: int
    counts: CountsOut
    indicators: list[IndicatorOut]
    score: ScoreOut | None


class EvidenceOut(Schema):
    fact_id: int
    kind: str
    on: dt.date
    target_type: str
    target_id: str
    url: str = Field(description="Where the record can be read with the same token ('' if none).")


class ObligationOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    code: str
    title: str
    legal_basis: str
    year: int
    key: str
    due_on: dt.date
    status: str
    done_on: dt.date | None
    self_reported: bool
    evidence: list[EvidenceOut]


class ObligationPage(Schema):
    items: list[ObligationOut]
    count: int


class ChildOut(Schema):
    unit_id: int
    name: str
    kind: str
    rate: float | None
    score: float | None
    rating: str
    falling_short: list[str] = Field(
        description="Codes of the duties some unit below missed or did late."
    )
    indicators: list[IndicatorOut]


class ChildrenOut(Schema):
    unit_id: int
    year: int
    items: list[ChildOut]


class SeatIn(Schema):
    person_id: RecordId
    role: SteeringRoleCode = "member"


class CommitteeIn(Schema):
    unit_id: RecordId = Field(description="The grassroots party organisation (or committee).")
    name: str = Field(max_length=text_limit(SteeringCommittee, "name"))
    decision_number: str = Field(max_length=text_limit(SteeringDecision, "number"))
    signed_on: Day
    members: list[SeatIn] = Field(max_length=MAX_MEMBERS)
    steers: list[RecordId] = Field(default=[], max_length=MAX_AUDIENCE)


class MembersIn(Schema):
    decision_number: str = Field(max_length=text_limit(SteeringDecision, "number"))
    signed_on: Day
    add: list[SeatIn] = Field(default=[], max_length=MAX_MEMBERS)
    remove: list[RecordId] = Field(default=[], max_length=MAX_MEMBERS)
    note: str = Field(default="", max_length=2000)


class DissolveIn(Schema):
    reason: str = Field(max_length=2000)
    decision_number: str = Field(default="", max_length=text_limit(SteeringDecision, "number"))
    signed_on: Day | None = None


class MemberOut(Schema):
    person_id: int
    name: str
    role: str
    since: dt.date
    until: dt.date | None
    appointed_by: str
    removed_by: str


class DecisionOut(Schema):
    kind: str
    number: str
    signed_on: dt.date
    note: str


class CommitteeOut(Schema):
    id: int
    unit_id: int
    name: str
    established_on: dt.date
    dissolved_on: dt.date | None
    dissolution_reason: str
    steers: list[int]
    members: list[MemberOut]
    former_members: list[MemberOut]
    decisions: list[DecisionOut]


class CommitteeSummaryOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    name: str
    established_on: dt.date
    dissolved_on: dt.date | None
    members: int


class CommitteePage(Schema):
    items: list[CommitteeSummaryOut]
    count: int
