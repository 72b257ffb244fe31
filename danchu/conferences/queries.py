"""Reads of conferences and votes, scoped to what the user may see (404 otherwise).

The page and the API call the same functions; the projector page and `GET /votes/{id}/result`
read `result_of`, the JSON download and `GET /votes/{id}/bulletin` read `bulletin`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from danchu.conferences import planning, tallies
from danchu.conferences.attendance import Quorum, quorum_of
from danchu.conferences.models import (
    AgendaItem,
    Ballot,
    Conference,
    ConferenceDocument,
    CountingBoardMember,
    ExtraordinaryRequest,
    Kind,
    OpenBallot,
    PaperBatch,
    Participant,
    RequestSupporter,
    Status,
    Vote,
    VoterMark,
    VoteStatus,
)
from danchu.conferences.permissions import person_id_of
from danchu.consultations.models import Consultation
from danchu.core.text import fold
from danchu.disclosures.models import Disclosure
from danchu.organizations.models import EMPLOYER_KINDS, Unit, UnitSettings
from danchu.people.models import AnyUser
from danchu.people.permissions import Action, can, unit_filter


def visible_conferences(user: AnyUser) -> QuerySet[Conference]:
    """Conferences of the units the user sees, and those they are summoned or invited to (staff
    of a department take part in their agency's conference)."""
    return Conference.objects.filter(
        unit_filter(user, Action.VIEW_UNIT, prefix="unit__") | _takes_part(user, "pk")
    )


def _takes_part(user: AnyUser, conference: str) -> Q:
    person_id = person_id_of(user)
    if person_id is None:
        return Q(pk__in=[])
    summoned = Participant.objects.filter(conference=OuterRef(conference), person_id=person_id)
    return Q(Exists(summoned))


def conference(user: AnyUser, pk: int) -> Conference:
    found = visible_conferences(user).select_related("unit", "chair", "secretary").filter(pk=pk)
    return _one(found)


def visible_votes(user: AnyUser) -> QuerySet[Vote]:
    return Vote.objects.filter(
        unit_filter(user, Action.VIEW_UNIT, prefix="conference__unit__")
        | _takes_part(user, "conference_id")
    )


def vote(user: AnyUser, pk: int) -> Vote:
    return _one(visible_votes(user).select_related("conference", "conference__unit").filter(pk=pk))


def public_vote(pk: int) -> Vote:
    """A vote by its id for the booth, the projector and the bulletin, which anyone with the
    link may open: they show no more than the room sees."""
    return _one(Vote.objects.select_related("conference", "conference__unit").filter(pk=pk))


def _one(found: QuerySet[Any]) -> Any:
    row = found.first()
    if row is None:
        raise Http404
    return row


def cast_count(vote: Vote) -> int:
    model = Ballot if vote.secret else OpenBallot
    return model.objects.filter(vote=vote).count()


def result_of(vote: Vote) -> dict[str, Any]:
    """Turnout while the vote is open; the count and its outcome once closed."""
    if vote.status == VoteStatus.CLOSED:
        return {
            "id": vote.pk,
            "title": vote.title,
            "kind": vote.kind,
            "secret": vote.secret,
            "status": vote.status,
            "present": vote.present,
            "ballots_cast": vote.ballots_cast,
            "tally": vote.tally,
            **vote.outcome,
        }
    return {
        "id": vote.pk,
        "title": vote.title,
        "kind": vote.kind,
        "secret": vote.secret,
        "status": vote.status,
        "present": quorum_of(vote.conference).present,
        "ballots_cast": cast_count(vote),
        "tally": {},
    }


def bulletin(vote: Vote) -> dict[str, Any] | None:
    """The published bulletin, once the vote is closed (None before)."""
    return tallies.published(vote) if vote.status == VoteStatus.CLOSED else None


def has_ballot(vote: Vote, person_id: int | None) -> bool:
    return (
        person_id is not None and VoterMark.objects.filter(vote=vote, person_id=person_id).exists()
    )


def projection(vote: Vote) -> dict[str, Any]:
    """What the projector shows: `result_of` with one row per answer or candidate (label, the
    count, its share of those present) and, once closed, who is elected or tied."""
    result = result_of(vote)
    present = result["present"] or 0
    rows: list[dict[str, Any]] = []
    if vote.status == VoteStatus.CLOSED:
        tally = result["tally"]
        if vote.kind == "motion":
            rows = [{"key": k, "count": tally[k]} for k in ("agree", "disagree", "abstain")]
        else:
            names = {c["id"]: c["name"] for c in tallies.candidates_of(vote)}
            elected, tied = set(result.get("elected", [])), set(result.get("tied", []))
            for candidate, name in names.items():
                counted = tally.get(str(candidate), 0)
                rows.append(
                    {"key": candidate, "name": name, "count": counted,
                     "elected": candidate in elected, "tied": candidate in tied}
                )  # fmt: skip
    for row in rows:
        if isinstance(row["count"], int):
            row["share"] = 100 * row["count"] / present if present else 0
    turnout = 100 * (result["ballots_cast"] or 0) / present if present else 0
    return {**result, "rows": rows, "turnout": turnout}


def candidates(vote: Vote) -> list[tuple[int, str]]:
    """(person id, full name) of the vote's candidates, in the order they were put."""
    return [(c["id"], c["name"]) for c in tallies.candidates_of(vote)]


def participants(conference: Conference, *, present: bool | None = None) -> list[tuple[int, str]]:
    """(person id, full name) of the summoned participants, Vietnamese order (by given name)."""
    rows = Participant.objects.filter(conference=conference, summoned=True)
    if present is not None:
        rows = rows.filter(present=present)
    rows = rows.select_related("person").order_by("person__sort_key", "person_id")
    return [(p.person_id, p.person.full_name) for p in rows]


def without_ballot(vote: Vote) -> list[tuple[int, str]]:
    """Present voters who hold no ballot of `vote` yet (paper ballots go to them)."""
    marked = set(VoterMark.objects.filter(vote=vote).values_list("person_id", flat=True))
    return [p for p in participants(vote.conference, present=True) if p[0] not in marked]


def votes_of(conference: Conference) -> list[dict[str, Any]]:
    """The conference's votes with their ballots cast so far (one query each, bounded)."""
    votes = list(Vote.objects.filter(conference=conference).order_by("pk"))
    secret = dict(
        Ballot.objects.filter(vote__conference=conference)
        .values("vote")
        .annotate(n=Count("id"))
        .values_list("vote", "n")
    )
    named = dict(
        OpenBallot.objects.filter(vote__conference=conference)
        .values("vote")
        .annotate(n=Count("id"))
        .values_list("vote", "n")
    )
    return [{"vote": v, "cast": (secret if v.secret else named).get(v.pk, 0)} for v in votes]


def counting_board(conference: Conference) -> list[int]:
    return list(
        CountingBoardMember.objects.filter(conference=conference).values_list(
            "person_id", flat=True
        )
    )


def paper_batches(vote: Vote) -> list[PaperBatch]:
    return list(PaperBatch.objects.filter(vote=vote).order_by("number"))


def quorum(conference: Conference) -> Quorum:
    """Present and expected (art. 51.2.c), as the check-in and the console show it."""
    return quorum_of(conference)


def conference_list(
    user: AnyUser, *, unit_id: int | None = None, year: int | None = None
) -> QuerySet[Conference]:
    """The conferences the user may see, the latest first (the list page pages it)."""
    summoned = Q(participants__summoned=True)
    rows = (
        visible_conferences(user)
        .select_related("unit")
        .annotate(
            n_expected=Count("participants", filter=summoned),
            n_present=Count("participants", filter=summoned & Q(participants__present=True)),
        )
        .order_by("-scheduled_at", "-pk")
    )
    if unit_id is not None:
        rows = rows.filter(unit_id=unit_id)
    if year is not None:
        rows = rows.filter(year=year)
    return rows


def attendance_rows(conference: Conference, *, search: str = "") -> list[Participant]:
    """Summoned participants in Vietnamese order (by given name); `search` ignores diacritics."""
    rows = Participant.objects.filter(conference=conference).select_related("person__unit")
    words = fold(search)
    if words:
        rows = rows.filter(person__search_text__contains=words)
    return list(rows.order_by("-summoned", "person__sort_key", "person_id"))


def participant(conference: Conference, person_id: int | None) -> Participant | None:
    if person_id is None:
        return None
    return Participant.objects.filter(conference=conference, person_id=person_id).first()


def agenda(conference: Conference) -> list[AgendaItem]:
    return list(AgendaItem.objects.filter(conference=conference).order_by("position", "pk"))


def extraordinary_request(user: AnyUser, pk: int) -> ExtraordinaryRequest:
    """A request of a unit the user sees or works in (404 otherwise): staff of a department sign
    their agency's requests."""
    row: ExtraordinaryRequest = _one(
        ExtraordinaryRequest.objects.select_related("unit").filter(pk=pk)
    )
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    works_there = person is not None and person.unit is not None and person.unit.is_within(row.unit)
    if works_there or can(user, Action.VIEW_UNIT, row.unit):
        return row
    raise Http404


def requests_of(user: AnyUser) -> list[ExtraordinaryRequest]:
    rows = ExtraordinaryRequest.objects.filter(unit_filter(user, Action.VIEW_UNIT, prefix="unit__"))
    return list(
        rows.select_related("unit", "opened_by")
        .annotate(signed=Count("supporters"))
        .order_by("-created_at", "-pk")[:100]
    )


def documents_of(conference: Conference) -> list[ConferenceDocument]:
    return list(
        ConferenceDocument.objects.filter(conference=conference)
        .select_related("disclosure", "consultation")
        .order_by("pk")
    )


def agenda_item(conference: Conference, pk: int) -> AgendaItem:
    return _one(AgendaItem.objects.filter(conference=conference, pk=pk))


def plannable_units(user: AnyUser) -> list[Unit]:
    """Agencies and public service units where the user may plan a conference."""
    rows = Unit.objects.filter(
        unit_filter(user, Action.MANAGE_CONFERENCES), kind__in=EMPLOYER_KINDS
    )
    return list(rows.order_by("sort_key", "pk")[:200])


def attachable(user: AnyUser, conference: Conference) -> dict[str, list[tuple[int, str]]]:
    """The unit's published disclosures and its consultations, newest first, to attach."""
    disclosures = (
        Disclosure.objects.filter(
            unit=conference.unit, status="published", publish_at__lte=timezone.now()
        )
        .order_by("-publish_at", "-pk")
        .values_list("pk", "title")[:50]
    )
    consultations = (
        Consultation.objects.filter(unit=conference.unit)
        .order_by("-opens_at", "-pk")
        .values_list("pk", "title")[:50]
    )
    return {"disclosures": list(disclosures), "consultations": list(consultations)}


def conference_warnings(conference: Conference) -> list[dict[str, str]]:
    """What the plan should know (art. 51.1 deadline, art. 51.2.đ small unit), as planned."""
    return planning.warnings_for(
        unit=conference.unit, year=conference.year, kind=conference.kind,
        when=conference.scheduled_at, staff=conference.staff_count,
    )  # fmt: skip


def disclosure_of(pk: int) -> Disclosure | None:
    return Disclosure.objects.filter(pk=pk).first()


def consultation_of(pk: int) -> Consultation | None:
    return Consultation.objects.filter(pk=pk).first()


def employer_of(unit: Unit) -> Unit:
    """The agency or public service unit a (department) unit belongs to: itself, or the
    nearest one above it."""
    current: Unit | None = unit
    while current is not None and current.kind not in EMPLOYER_KINDS:
        current = current.parent
    return current or unit


@dataclass(frozen=True)
class AnnualDue:
    unit: Unit
    year: int
    deadline: dt.date


def annual_conferences_due(user: AnyUser, *, today: dt.date | None = None) -> list[AnnualDue]:
    """Units the user convenes whose annual conference for the work year just ended is not
    planned yet, with its deadline (art. 51.1). Three queries whatever the number of units."""
    day = today or timezone.localdate()
    units = plannable_units(user)[:50]
    own = {s.unit_id: s for s in UnitSettings.objects.filter(unit__in=units)}
    due = []
    for unit in units:
        unit_settings = own.get(unit.pk) or UnitSettings(unit=unit)
        year = planning.work_year_end(unit_settings, day.year).year
        if planning.work_year_end(unit_settings, year) >= day:
            year -= 1  # this year's work year has not ended: the one before
        due.append(AnnualDue(unit, year, planning.deadline(unit_settings, year)))
    planned = set(
        Conference.objects.filter(unit__in=units, kind=Kind.ANNUAL)
        .exclude(status=Status.CANCELLED)
        .values_list("unit_id", "year")
    )
    return [d for d in due if (d.unit.pk, d.year) not in planned and d.deadline >= day]


def supporters(request: ExtraordinaryRequest) -> int:
    """How many have signed a request for an extraordinary conference."""
    return RequestSupporter.objects.filter(request=request).count()
