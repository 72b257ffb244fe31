"""The compliance and steering API (issue 14): indicators and obligations of any node, its
children ranked, the annual review and its annex, a unit's evidence bundle, and the steering
committees. Reads go through `queries` (what the user may not see is 404), writes through the
same services as the pages. A supervisor reaches their subtree, a unit's head their unit."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import P, QueryEx, Router, Status

from danchu.compliance import downloads, queries, steering
from danchu.compliance.models import SteeringCommittee
from danchu.compliance.queries import Indicator
from danchu.compliance.schemas import (
    ChildrenOut,
    CommitteeIn,
    CommitteeOut,
    CommitteePage,
    DissolveIn,
    IndicatorsOut,
    MembersIn,
    ObligationPage,
    StatusCode,
)
from danchu.compliance.scoring import Score
from danchu.core.pagination import window
from danchu.people.api import ERRORS, WRITE_ERRORS, Id, Limit, Offset, api_user
from danchu.people.models import User
from danchu.people.queries import visible_units_by_id

router = Router(tags=["compliance"])

Year = QueryEx[int | None, P(ge=2000, le=2100, description="The year (default: this year).")]
Code = QueryEx[str, P(max_length=64, description="A duty's code.")]
FILE = {200: None, **ERRORS}
FILE_DESCRIPTION = {"responses": {200: {"description": "The file."}}}


def _unit(user: User, pk: int) -> Any:
    unit = queries.compliance_unit(user, pk)
    if unit is None:
        raise Http404
    return unit


def _year(year: int | None) -> int:
    return year or timezone.localdate().year


def indicator_out(i: Indicator) -> dict[str, Any]:
    return {
        "code": i.code,
        "met": i.met,
        "due": i.due,
        "rate": float(i.rate) if i.rate is not None else None,
        "late": i.late,
        "missed": i.missed,
        "open": i.open,
        "self_reported": i.self_reported,
        "title": i.title,
        "legal_basis": i.legal_basis,
        "pillar": i.pillar,
        "legal_duty": i.legal_duty,
    }


def score_out(score: Score | None) -> dict[str, Any] | None:
    if score is None:
        return None
    return {
        "value": round(float(score.value), 2),
        "rating": score.rating.code,
        "rating_label": score.rating.label,
        "downgraded": score.downgraded,
        "lines": [
            {
                "code": line.code,
                "points": round(float(line.points), 2),
                "earned": round(float(line.earned), 2),
            }
            for line in score.lines
        ],
    }


@router.get("/compliance/units/{id}/indicators", response={200: IndicatorsOut, **ERRORS})
def indicators(request: HttpRequest, id: Id, year: Year = None) -> dict[str, Any]:
    """The node's figures and the share of its units meeting each duty in `year`."""
    unit = _unit(api_user(request), id)
    board = queries.dashboard(unit, _year(year), years=1, children=False)
    c = board.counts
    return {
        "unit_id": unit.pk,
        "year": board.year,
        "counts": {
            "units": c.units,
            "party_organizations": c.party_organizations,
            "party_members": c.party_members,
            "staff": c.staff,
        },
        "indicators": [indicator_out(i) for i in board.indicators],
        "score": score_out(board.score),
    }


@router.get("/compliance/units/{id}/children", response={200: ChildrenOut, **ERRORS})
def children(request: HttpRequest, id: Id, year: Year = None) -> dict[str, Any]:
    """The node's children, ranked (share of duties met, then score), each with its subtree's
    indicators and the duties on which a unit below fell short."""
    unit = _unit(api_user(request), id)
    board = queries.dashboard(unit, _year(year), years=1)
    return {
        "unit_id": unit.pk,
        "year": board.year,
        "items": [
            {
                "unit_id": row.unit.pk,
                "name": row.unit.name,
                "kind": row.unit.kind,
                "rate": float(row.rate) if row.rate is not None else None,
                "score": round(float(row.score.value), 2) if row.score else None,
                "rating": row.score.rating.code if row.score else "",
                "falling_short": [i.code for i in row.short],
                "indicators": [indicator_out(i) for i in row.indicators],
            }
            for row in board.ranking
        ],
    }


@router.get("/compliance/units/{id}/obligations", response={200: ObligationPage, **ERRORS})
def obligations(
    request: HttpRequest,
    id: Id,
    year: Year = None,
    status: StatusCode | None = None,
    code: Code = "",
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """The obligations of the node's units in `year`, due first, each with the facts it rests
    on and where to read their records."""
    unit = _unit(api_user(request), id)
    rows = queries.obligations(unit, _year(year), status=status or "", code=code)
    found = window(rows, offset=offset, limit=limit)
    page = found["items"]
    linked = queries.evidence_of(page)
    return {
        "items": [
            {
                "id": o.pk,
                "unit_id": o.unit_id,
                "unit_name": o.unit.name,
                "code": o.rule.code,
                "title": o.rule.title,
                "legal_basis": o.rule.legal_basis,
                "year": o.year,
                "key": o.key,
                "due_on": o.due_on,
                "status": o.status,
                "done_on": o.done_on,
                "self_reported": o.self_reported,
                "evidence": [e.__dict__ for e in linked.get(o.pk, [])],
            }
            for o in page
        ],
        "count": found["count"],
    }


def _download(request: HttpRequest, id: int, year: int | None, build: Any) -> HttpResponse:
    return build(_unit(api_user(request), id), _year(year))


@router.get("/compliance/units/{id}/report.docx", response=FILE, openapi_extra=FILE_DESCRIPTION)
def report_docx(request: HttpRequest, id: Id, year: Year = None) -> HttpResponse:
    """The annual review (báo cáo, Decree 30/2020 form) of the node, written from live data."""
    return _download(request, id, year, downloads.report_docx)


@router.get("/compliance/units/{id}/report.xlsx", response=FILE, openapi_extra=FILE_DESCRIPTION)
def report_xlsx(request: HttpRequest, id: Id, year: Year = None) -> HttpResponse:
    """The review's annex: one row per unit with its standing on each duty and its score."""
    return _download(request, id, year, downloads.report_xlsx)


@router.get("/compliance/units/{id}/dashboard.xlsx", response=FILE, openapi_extra=FILE_DESCRIPTION)
def dashboard_xlsx(request: HttpRequest, id: Id, year: Year = None) -> HttpResponse:
    """The dashboard's tables: the node's indicators and its children's."""
    return _download(request, id, year, downloads.dashboard_xlsx)


@router.get("/compliance/units/{id}/evidence.zip", response=FILE, openapi_extra=FILE_DESCRIPTION)
def evidence_zip(request: HttpRequest, id: Id, year: Year = None) -> HttpResponse:
    """The unit's evidence of the year: disclosures with digests, conference minutes and vote
    bulletins, consultation syntheses, review reports, and a manifest of their hashes."""
    return _download(request, id, year, downloads.evidence_zip)


# --- Steering committees -----------------------------------------------------------------------


def committee_out(item: SteeringCommittee) -> dict[str, Any]:
    detail = queries.committee_detail(item)

    def member(m: Any) -> dict[str, Any]:
        return {
            "person_id": m.person_id,
            "name": m.person.full_name,
            "role": m.role,
            "since": m.since,
            "until": m.until,
            "appointed_by": m.appointed_by.number,
            "removed_by": m.removed_by.number if m.removed_by else "",
        }

    return {
        "id": item.pk,
        "unit_id": item.unit_id,
        "name": item.name,
        "established_on": item.established_on,
        "dissolved_on": item.dissolved_on,
        "dissolution_reason": item.dissolution_reason,
        "steers": [u.pk for u in detail["steers"]],
        "members": [member(m) for m in detail["current"]],
        "former_members": [member(m) for m in detail["former"]],
        "decisions": [
            {"kind": d.kind, "number": d.number, "signed_on": d.signed_on, "note": d.note}
            for d in detail["decisions"]
        ],
    }


def _committee(user: User, pk: int) -> SteeringCommittee:
    item = queries.committee(user, pk)
    if item is None:
        raise Http404
    return item


@router.post("/steering-committees", response={201: CommitteeOut, **WRITE_ERRORS})
def establish(request: HttpRequest, payload: CommitteeIn) -> Status[dict[str, Any]]:
    """Set up (thành lập) a party organisation's steering committee by a decision."""
    user = api_user(request)
    unit = _unit(user, payload.unit_id)
    steers = visible_units_by_id(user, payload.steers)
    if len(steers) != len(set(payload.steers)):
        raise Http404
    item = steering.establish_committee(
        actor=user,
        unit=unit,
        name=payload.name,
        decision_number=payload.decision_number,
        signed_on=payload.signed_on,
        members=[(s.person_id, s.role) for s in payload.members],
        steers=steers,
    )
    return Status(201, committee_out(item))


@router.get("/steering-committees", response={200: CommitteePage, **ERRORS})
def list_committees(request: HttpRequest, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """The steering committees of the party organisations the user may see, active and not."""
    found = window(queries.committees(api_user(request)), offset=offset, limit=limit)
    return {
        "items": [
            {
                "id": c.pk,
                "unit_id": c.unit_id,
                "unit_name": c.unit.name,
                "name": c.name,
                "established_on": c.established_on,
                "dissolved_on": c.dissolved_on,
                "members": c.n_members,
            }
            for c in found["items"]
        ],
        "count": found["count"],
    }


@router.get("/steering-committees/{id}", response={200: CommitteeOut, **ERRORS})
def get_committee(request: HttpRequest, id: Id) -> dict[str, Any]:
    """A committee with its members now and before and every decision about it."""
    return committee_out(_committee(api_user(request), id))


@router.post("/steering-committees/{id}/members", response={200: CommitteeOut, **WRITE_ERRORS})
def change_members(request: HttpRequest, id: Id, payload: MembersIn) -> dict[str, Any]:
    """Review and consolidate (kiện toàn) by a decision: members join and leave under it; a
    decision changing nobody records the yearly review."""
    user = api_user(request)
    item = _committee(user, id)
    steering.consolidate_committee(
        actor=user,
        committee=item,
        decision_number=payload.decision_number,
        signed_on=payload.signed_on,
        add=[(s.person_id, s.role) for s in payload.add],
        remove=payload.remove,
        note=payload.note,
    )
    return committee_out(_committee(user, id))


@router.post("/steering-committees/{id}/dissolve", response={200: CommitteeOut, **WRITE_ERRORS})
def dissolve(request: HttpRequest, id: Id, payload: DissolveIn) -> dict[str, Any]:
    """Dissolve the committee, with the reason."""
    user = api_user(request)
    steering.dissolve_committee(
        actor=user,
        committee=_committee(user, id),
        reason=payload.reason,
        decision_number=payload.decision_number,
        signed_on=payload.signed_on,
    )
    return committee_out(_committee(user, id))


@router.get(
    "/compliance/offline-records/{id}/evidence", response=FILE, openapi_extra=FILE_DESCRIPTION
)
def offline_evidence(request: HttpRequest, id: Id) -> HttpResponse:
    """The scanned evidence of an activity recorded offline (self-reported)."""
    record = queries.offline_record(api_user(request), id)
    if record is None:
        raise Http404
    return downloads.offline_evidence(record)
