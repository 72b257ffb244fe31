"""The staff conference API (hội nghị cán bộ, công chức, viên chức; Law 10/2022/QH15 arts. 50–52).

Reads go through `queries` (what the user may not see is 404); writes call the same services as
the pages. The booth (`POST /booth/{vote_id}/ballots`) takes no login: the token is the voter's
only credential, and the endpoint logs nothing.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Status

from danchu.conferences import attendance, booth, planning, preparation, queries, voting
from danchu.conferences.errors import Refused
from danchu.conferences.models import Conference
from danchu.conferences.schemas import (
    AgendaItemIn,
    AgendaItemOut,
    AttendanceOut,
    BoothIn,
    BulletinOut,
    ChoicesIn,
    ConferenceIn,
    ConferenceOut,
    ConferencePage,
    CountingBoardOut,
    InvitedOut,
    OpenBallotOut,
    PeopleIn,
    ResultOut,
    TokensOut,
    TrackerOut,
    VoteIn,
    VoteOut,
)
from danchu.core.pagination import window
from danchu.people.api import ERRORS, WRITE_ERRORS, Id, Limit, Offset, api_user
from danchu.people.queries import visible_unit

router = Router(tags=["conferences"])


def conference_out(
    conference: Conference, warnings: list[dict[str, str]] | None = None
) -> dict[str, Any]:
    counted = getattr(conference, "n_expected", None)  # annotated on lists (queries)
    quorum = (
        attendance.Quorum(present=conference.n_present, expected=counted)  # type: ignore[attr-defined]
        if counted is not None
        else attendance.quorum_of(conference)
    )
    fields = ("id", "unit_id", "year", "kind", "format", "status", "title", "scheduled_at")
    return {
        **{field: getattr(conference, field) for field in fields},
        "expected_participants": quorum.expected,
        "present": quorum.present,
        "quorum_met": quorum.met,
        "warnings": warnings or [],
    }


@router.post("/conferences", response={201: ConferenceOut, **WRITE_ERRORS})
def plan_conference(request: HttpRequest, payload: ConferenceIn) -> Status[dict[str, Any]]:
    """Plan a conference (the head). `format` defaults to plenary; delegate is refused below
    100 staff unless the unit is marked dispersed (art. 51.2). Warnings do not refuse."""
    user = api_user(request)
    unit = visible_unit(user, payload.unit_id)
    if unit is None:
        raise Http404
    conference, warnings = planning.plan_conference(
        actor=user,
        unit=unit,
        year=payload.year,
        kind=payload.kind,
        scheduled_at=payload.scheduled_at,
        format=payload.format,
        title=payload.title,
        venue=payload.venue,
        remote_allowed=payload.remote_allowed,
    )
    return Status(201, conference_out(conference, warnings))


@router.get("/conferences/{id}", response={200: ConferenceOut, **ERRORS})
def get_conference(request: HttpRequest, id: Id) -> dict[str, Any]:
    """The conference with its attendance: present, expected and whether the quorum is met."""
    return conference_out(queries.conference(api_user(request), id))


@router.post("/conferences/{id}/open", response={200: ConferenceOut, **WRITE_ERRORS})
def open_session(request: HttpRequest, id: Id) -> dict[str, Any]:
    """The chair opens the conference (votes can then be opened)."""
    user = api_user(request)
    conference = attendance.open_session(actor=user, conference=queries.conference(user, id))
    return conference_out(conference)


@router.post("/conferences/{id}/end", response={200: ConferenceOut, **WRITE_ERRORS})
def end_session(request: HttpRequest, id: Id) -> dict[str, Any]:
    """The chair ends it: `held` with its quorum, `no_quorum` without."""
    user = api_user(request)
    conference = attendance.end_session(actor=user, conference=queries.conference(user, id))
    return conference_out(conference)


@router.post("/conferences/{id}/attendance", response={200: AttendanceOut, **WRITE_ERRORS})
def check_in(request: HttpRequest, id: Id, payload: PeopleIn) -> dict[str, Any]:
    """Check people in; the quorum (2/3 of staff or summoned delegates) comes back."""
    user = api_user(request)
    quorum = attendance.check_in(
        actor=user, conference=queries.conference(user, id), person_ids=payload.person_ids
    )
    return {
        "present": quorum.present,
        "expected": quorum.expected,
        "quorum_met": quorum.met,
        "needed": quorum.needed,
    }


@router.post("/conferences/{id}/counting-board", response={200: CountingBoardOut, **WRITE_ERRORS})
def counting_board(request: HttpRequest, id: Id, payload: PeopleIn) -> dict[str, Any]:
    """The chair records the counting board; the head may not count."""
    user = api_user(request)
    people = voting.set_counting_board(
        actor=user, conference=queries.conference(user, id), person_ids=payload.person_ids
    )
    return {"person_ids": people}


@router.post("/conferences/{id}/votes", response={201: VoteOut, **WRITE_ERRORS})
def create_vote(request: HttpRequest, id: Id, payload: VoteIn) -> Status[dict[str, Any]]:
    """A motion (agree/disagree/abstain), an election to `seats` seats or a vote of confidence
    (high/medium/low per candidate), open or secret."""
    user = api_user(request)
    vote = voting.create_vote(
        actor=user,
        conference=queries.conference(user, id),
        title=payload.title,
        kind=payload.kind,
        secret=payload.secret,
        candidate_ids=payload.candidate_ids,
        seats=payload.seats,
        purpose=payload.purpose,
    )
    return Status(201, {"id": vote.pk, "status": vote.status})


@router.post("/votes/{id}/open", response={200: VoteOut, **WRITE_ERRORS})
def open_vote(request: HttpRequest, id: Id) -> dict[str, Any]:
    """The chair opens a vote: the conference must be in session with its quorum (art. 51.2.c),
    and a secret vote needs a counting board."""
    user = api_user(request)
    vote = voting.open_vote(actor=user, vote=queries.vote(user, id))
    return {"id": vote.pk, "status": vote.status}


@router.post("/votes/{id}/close", response={200: VoteOut, **WRITE_ERRORS})
def close_vote(request: HttpRequest, id: Id) -> dict[str, Any]:
    """The chair closes a vote: the ballots are counted and the bulletin is published."""
    user = api_user(request)
    vote = voting.close_vote(actor=user, vote=queries.vote(user, id))
    return {"id": vote.pk, "status": vote.status}


@router.post("/votes/{id}/tokens", response={200: TokensOut, **WRITE_ERRORS})
def issue_tokens(request: HttpRequest, id: Id) -> dict[str, Any]:
    """A counting-board member: one token per present voter not yet holding a ballot, in
    random order, for printing as slips drawn at random. Shown once, never stored."""
    user = api_user(request)
    return {"tokens": booth.issue_slips(actor=user, vote=queries.vote(user, id))}


@router.post("/votes/{id}/ballots", response={201: OpenBallotOut, **WRITE_ERRORS})
def cast_open(request: HttpRequest, id: Id, payload: ChoicesIn) -> Status[dict[str, Any]]:
    """A present voter's named ballot in an open vote (a secret vote answers 409)."""
    user = api_user(request)
    ballot = voting.cast_open_ballot(
        actor=user, vote=queries.vote(user, id), choices=payload.choices
    )
    return Status(201, {"id": ballot.pk})


@router.post("/booth/{vote_id}/ballots", response={201: TrackerOut, **WRITE_ERRORS}, auth=None)
def cast_secret(request: HttpRequest, vote_id: Id, payload: BoothIn) -> Status[dict[str, Any]]:
    """Cast a secret ballot with a token, without logging in. 403 for a token the vote never
    issued, 409 for a used token or a vote that is not open. Keep the tracker to find the
    ballot in the bulletin."""
    ballot = booth.cast_secret(vote_id=vote_id, token=payload.token, choices=payload.choices)
    return Status(201, {"tracker": ballot.tracker})


@router.get("/votes/{id}/result", response={200: ResultOut, **ERRORS})
def result(request: HttpRequest, id: Id) -> dict[str, Any]:
    """Turnout while open; the tally and `adopted` (motion) or `elected`/`tied` once closed."""
    return queries.result_of(queries.vote(api_user(request), id))


@router.get("/votes/{id}/bulletin", response={200: BulletinOut, 409: Any, **ERRORS}, auth=None)
def bulletin(request: HttpRequest, id: Id) -> Any:
    """Every ballot of a closed vote with its tracker (secret) or voter (open), the tally, the
    outcome and the digest; `tools/verify_bulletin.py` recounts it. Anyone with the link."""
    published = queries.bulletin(queries.public_vote(id))
    if published is None:
        raise Refused("not_closed", _("The bulletin is published when the vote closes."))
    return published


@router.get("/conferences", response={200: ConferencePage, **ERRORS})
def list_conferences(
    request: HttpRequest,
    unit_id: int | None = None,
    year: int | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """The conferences the user may see, the latest first; `unit_id` and `year` filter."""
    rows = queries.conference_list(api_user(request), unit_id=unit_id, year=year)
    page = window(rows, offset=offset, limit=limit)
    return {"items": [conference_out(c) for c in page["items"]], "count": page["count"]}


@router.post("/conferences/{id}/invitations", response={200: InvitedOut, **WRITE_ERRORS})
def send_invitations(request: HttpRequest, id: Id) -> dict[str, Any]:
    """Invite every participant (in-app and by e-mail) and disclose the plan to staff."""
    user = api_user(request)
    conference = queries.conference(user, id)
    notified = preparation.send_invitations(actor=user, conference=conference)
    conference = queries.conference(user, id)
    return {"notified": notified, "disclosure_id": conference.plan_disclosure_id}


@router.get("/conferences/{id}/agenda", response={200: list[AgendaItemOut], **ERRORS})
def agenda(request: HttpRequest, id: Id) -> list[dict[str, Any]]:
    """The agenda in its running order (art. 51.4 to start with, as edited)."""
    items = queries.agenda(queries.conference(api_user(request), id))
    return [{"id": i.pk, "position": n, "step": i.step, "title": i.title}
            for n, i in enumerate(items, start=1)]  # fmt: skip


@router.post("/conferences/{id}/agenda", response={201: AgendaItemOut, **WRITE_ERRORS})
def add_agenda_item(request: HttpRequest, id: Id, payload: AgendaItemIn) -> Status[dict[str, Any]]:
    """Add an item at the end of the agenda (the head, while the conference is prepared)."""
    user = api_user(request)
    item = preparation.add_agenda_item(
        actor=user, conference=queries.conference(user, id), title=payload.title
    )
    return Status(201, {"id": item.pk, "position": item.position, "step": "", "title": item.title})
