"""Reads of conferences and votes, scoped to what the user may see (404 otherwise).

The page and the API call the same functions; the projector page and `GET /votes/{id}/result`
read `result_of`, the JSON download and `GET /votes/{id}/bulletin` read `bulletin`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from danchu.conferences import tallies
from danchu.conferences.attendance import quorum_of
from danchu.conferences.models import (
    Ballot,
    Conference,
    OpenBallot,
    Participant,
    Vote,
    VoterMark,
    VoteStatus,
)
from danchu.conferences.permissions import person_id_of
from danchu.people.models import AnyUser
from danchu.people.permissions import Action, unit_filter


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
