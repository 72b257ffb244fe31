"""The conferences API: extraordinary requests, delegates, a second call, the written ballot
(Law 10/2022/QH15 arts. 50–51)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from danchu.conferences import calls, queries
from danchu.conferences.api import conference_out
from danchu.conferences.models import ExtraordinaryRequest
from danchu.conferences.schemas import ConferenceOut
from danchu.core.limits import Moment, RecordId
from danchu.people.api import WRITE_ERRORS, Id, api_user
from danchu.people.queries import visible_unit

router = Router(tags=["conferences"])


class RequestIn(Schema):
    unit_id: RecordId
    proposer: str = Field(pattern="^(union|head|staff)$")
    reason: str = Field(min_length=1, max_length=4000)


class RequestOut(Schema):
    id: int
    unit_id: int
    proposer: str
    status: str
    supporters: int
    staff: int
    needed: int


class DelegatesIn(Schema):
    department_id: RecordId
    person_ids: list[RecordId] = Field(max_length=20000)


class SeatsIn(Schema):
    seats: dict[int, int]


class SecondCallIn(Schema):
    scheduled_at: Moment


class WrittenBallotIn(Schema):
    force_majeure: str = Field(default="", max_length=2000)


def request_out(request: ExtraordinaryRequest) -> dict[str, Any]:
    return {
        "id": request.pk,
        "unit_id": request.unit_id,
        "proposer": request.proposer,
        "status": request.status,
        "supporters": queries.supporters(request),
        "staff": request.staff_at_opening,
        "needed": calls.supporters_needed(request.staff_at_opening),
    }


@router.post("/conference-requests", response={201: RequestOut, **WRITE_ERRORS})
def open_request(request: HttpRequest, payload: RequestIn) -> Status[dict[str, Any]]:
    """Ask for an extraordinary conference (art. 50.1): the union executive committee, the
    head, or staff — a staff request is granted once a third of staff have signed."""
    user = api_user(request)
    unit = visible_unit(user, payload.unit_id)
    if unit is None:
        raise Http404
    opened = calls.open_request(
        actor=user, unit=unit, proposer=payload.proposer, reason=payload.reason
    )
    return Status(201, request_out(opened))


@router.post("/conference-requests/{id}/support", response={200: RequestOut, **WRITE_ERRORS})
def support_request(request: HttpRequest, id: Id) -> dict[str, Any]:
    """Sign a staff request (once; signing again changes nothing)."""
    user = api_user(request)
    signed = calls.support_request(actor=user, request=queries.extraordinary_request(user, id))
    return request_out(signed)


@router.post("/conferences/{id}/delegate-seats", response={200: dict[str, int], **WRITE_ERRORS})
def allot_delegates(request: HttpRequest, id: Id, payload: SeatsIn) -> dict[str, int]:
    """Allot the seats of a delegate conference per sub-unit (art. 51.2.b): {unit id: seats}."""
    user = api_user(request)
    total = calls.allot_delegates(
        actor=user, conference=queries.conference(user, id), seats=payload.seats
    )
    return {"seats": total}


@router.post("/conferences/{id}/delegates", response={200: dict[str, list[int]], **WRITE_ERRORS})
def choose_delegates(request: HttpRequest, id: Id, payload: DelegatesIn) -> dict[str, list[int]]:
    """The delegates of one sub-unit, at most its seats, from its own staff."""
    user = api_user(request)
    department = visible_unit(user, payload.department_id)
    if department is None:
        raise Http404
    chosen = calls.choose_delegates(
        actor=user, conference=queries.conference(user, id), department=department,
        person_ids=payload.person_ids,
    )  # fmt: skip
    return {"person_ids": chosen}


@router.post("/conferences/{id}/second-call", response={201: ConferenceOut, **WRITE_ERRORS})
def second_call(request: HttpRequest, id: Id, payload: SecondCallIn) -> Status[dict[str, Any]]:
    """Convene again a conference that ended without its quorum (art. 50.2)."""
    user = api_user(request)
    second = calls.convene_second_call(
        actor=user, conference=queries.conference(user, id), scheduled_at=payload.scheduled_at
    )
    return Status(201, conference_out(second))


@router.post("/conferences/{id}/written-ballot", response={201: ConferenceOut, **WRITE_ERRORS})
def written_ballot(
    request: HttpRequest, id: Id, payload: WrittenBallotIn
) -> Status[dict[str, Any]]:
    """The head proposes the written ballot of art. 50.2 (after a second call without quorum,
    or on force majeure); it runs once the union agrees (`POST …/written-ballot/agree`)."""
    user = api_user(request)
    written = calls.propose_written_ballot(
        actor=user, conference=queries.conference(user, id), force_majeure=payload.force_majeure
    )
    return Status(201, conference_out(written))


@router.post(
    "/conferences/{id}/written-ballot/agree", response={200: ConferenceOut, **WRITE_ERRORS}
)
def agree_written_ballot(request: HttpRequest, id: Id) -> dict[str, Any]:
    """The union executive committee agrees to the written ballot."""
    user = api_user(request)
    return conference_out(
        calls.agree_written_ballot(actor=user, conference=queries.conference(user, id))
    )
