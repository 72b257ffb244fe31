"""Reads of a conference's records: the facts printed on the minutes and the resolution, the
records page, and the reviews of the resolution waiting for the head and the union.

Each takes a conference or resolution the caller has already read through `queries.conference`
(so what the user may not see is 404 before anything here runs).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from danchu.conferences import minutes_doc, resolution_doc
from danchu.conferences.attendance import quorum_of
from danchu.conferences.minutes_doc import MinutesFacts, VoteLine, format_int, percent
from danchu.conferences.models import (
    Candidate,
    Conference,
    Participant,
    Purpose,
    Resolution,
    ResolutionReview,
    ReviewStatus,
    Vote,
    VoteKind,
    VoteStatus,
)
from danchu.conferences.resolution_doc import ResolutionFacts
from danchu.people.models import AnyUser
from danchu.people.permissions import Action, unit_filter


def minutes_number(conference: Conference) -> str:
    """The minutes' number: the one recorded, else "01/BB-<unit code>" (one per conference)."""
    return conference.minutes_number or minutes_doc.number_for(1, conference.unit.document_code)


def closed_votes(conference: Conference) -> list[Vote]:
    return list(conference.votes.filter(status=VoteStatus.CLOSED).order_by("closed_at", "pk"))


def _names(votes: list[Vote]) -> dict[int, str]:
    candidates = Candidate.objects.filter(vote__in=votes).select_related("person")
    return {c.person_id: c.person.full_name for c in candidates}


def vote_line(vote: Vote, names: dict[int, str]) -> VoteLine:
    """A closed vote's result in the minutes' words."""
    present, tally, outcome = vote.present or 0, vote.tally or {}, vote.outcome or {}
    counts: list[tuple[str, str]] = []
    decision = ""
    if vote.kind == VoteKind.MOTION:
        for code, label in minutes_doc.MOTION_CHOICES:
            n = int(tally.get(code, 0))
            counts.append((label, f"{format_int(n)} phiếu ({percent(n, present)})"))
        agree = int(tally.get("agree", 0))
        decision = (
            f"Được thông qua ({format_int(agree)}/{format_int(present)} người có mặt tán thành)"
            if outcome.get("adopted")
            else "Không được thông qua (số tán thành không quá 50% số người có mặt)"
        )
    elif vote.kind == VoteKind.ELECTION:
        for key, n in tally.items():
            name = names.get(int(key), key)
            counts.append((name, f"{format_int(int(n))} phiếu ({percent(int(n), present)})"))
        elected = [names.get(int(c), str(c)) for c in outcome.get("elected", [])]
        tied = [names.get(int(c), str(c)) for c in outcome.get("tied", [])]
        parts = [f"Trúng cử: {', '.join(elected)}" if elected else "Không có người trúng cử"]
        if tied:
            parts.append(f"số phiếu bằng nhau, chưa xác định trúng cử: {', '.join(tied)}")
        decision = "; ".join(parts)
    else:
        for key, levels in tally.items():
            text = "; ".join(
                f"{label} {format_int(int(levels.get(code, 0)))}"
                for code, label in minutes_doc.CONFIDENCE_LEVELS
            )
            counts.append((names.get(int(key), key), text))
    return VoteLine(
        title=vote.title,
        kind=vote.kind,
        secret=vote.secret,
        present=present,
        ballots_cast=vote.ballots_cast or 0,
        counts=tuple(counts),
        decision=decision,
        digest=vote.bulletin_digest,
    )


def minutes_facts(conference: Conference) -> MinutesFacts:
    """What the minutes print, from the records (a handful of queries whatever the size)."""
    votes = closed_votes(conference)
    names = _names(votes)
    quorum = quorum_of(conference)
    participants = (
        Participant.objects.filter(conference=conference)
        .select_related("person")
        .order_by("-summoned", "person__sort_key", "person__pk")
    )
    people = tuple(
        minutes_doc.Person(p.person.full_name, p.attendance, p.present) for p in participants
    )
    when = conference.opened_at or conference.scheduled_at
    return MinutesFacts(
        parent_body=conference.unit.governing_body,
        issuing_body=conference.unit.name,
        number=minutes_number(conference),
        conference_title=conference.title,
        opened_at=conference.opened_at,
        ended_at=conference.ended_at,
        venue=conference.venue,
        expected=quorum.expected,
        present=quorum.present,
        guests=sum(1 for p in people if p.attendance == "guest"),
        chair=conference.chair.full_name if conference.chair else "",
        secretary=conference.secretary.full_name if conference.secretary else "",
        agenda=tuple(conference.agenda.order_by("position", "pk").values_list("title", flat=True)),
        proceedings=conference.proceedings,
        votes=tuple(vote_line(vote, names) for vote in votes),
        people=people,
        day=timezone.localdate(when),
    )


def resolution_of(conference: Conference) -> Resolution | None:
    return Resolution.objects.filter(conference=conference).select_related("vote").first()


def resolution_vote(conference: Conference) -> Vote | None:
    """The vote on the resolution: the last closed one with that purpose, else the last one."""
    votes = conference.votes.filter(purpose=Purpose.RESOLUTION)
    return (
        votes.filter(status=VoteStatus.CLOSED).order_by("-closed_at", "-pk").first()
        or votes.order_by("-pk").first()
    )


def next_resolution_number(conference: Conference, on: dt.date) -> str:
    """Decree 30/2020: numbers restart every calendar year, counted per unit."""
    issued = Resolution.objects.filter(
        conference__unit=conference.unit, adopted_on__year=on.year
    ).count()
    return resolution_doc.number_for(issued + 1, conference.unit.document_code)


def resolution_facts(
    conference: Conference, resolution: Resolution, vote: Vote | None = None
) -> ResolutionFacts:
    """What the resolution prints: adopted, its number and day; a draft, blanks to fill in."""
    vote = vote or resolution.vote
    closed = vote is not None and vote.status == VoteStatus.CLOSED
    return ResolutionFacts(
        parent_body=conference.unit.governing_body,
        issuing_body=conference.unit.name,
        number=resolution.number,
        place=settings.DANCHU_PLACE_NAME,
        day=resolution.adopted_on,
        conference_title=conference.title,
        held_on=timezone.localdate(vote.closed_at) if closed and vote and vote.closed_at else None,
        present=(vote.present or 0) if closed and vote else 0,
        agree=int((vote.tally or {}).get("agree", 0)) if closed and vote else 0,
        digest=vote.bulletin_digest if closed and vote else "",
        text=resolution.text,
        chair=conference.chair.full_name if conference.chair else "",
    )


def reviews_of(resolution: Resolution | None) -> list[ResolutionReview]:
    if resolution is None:
        return []
    return list(resolution.reviews.order_by("period"))


def participants_for_secretary(conference: Conference) -> list[Any]:
    """Who may be named secretary: the conference's participants, in Vietnamese order."""
    return list(
        Participant.objects.filter(conference=conference)
        .select_related("person")
        .order_by("person__sort_key", "person__pk")
    )


def _review_scope(user: AnyUser) -> Q:
    prefix = "resolution__conference__unit__"
    return unit_filter(user, Action.MANAGE_CONFERENCES, prefix=prefix) | unit_filter(
        user, Action.SPEAK_FOR_UNION, prefix=prefix
    )


def review(user: AnyUser, pk: int) -> ResolutionReview:
    """A review the user reports on (the head's side or the union's), else 404."""
    found = (
        ResolutionReview.objects.filter(_review_scope(user), pk=pk)
        .select_related("resolution__conference__unit")
        .first()
    )
    if found is None:
        raise Http404
    return found


@dataclass(frozen=True)
class DueReview:
    pk: int
    conference_id: int
    period: int
    due_on: dt.date
    overdue: bool


def reviews_due(user: AnyUser, *, today: dt.date | None = None) -> list[DueReview]:
    """Reviews not yet reported in the units the user manages or speaks for the union in
    (art. 52.3), the earliest due first; one query."""
    if not getattr(user, "is_authenticated", False):
        return []
    today = today or timezone.localdate()
    rows = (
        ResolutionReview.objects.filter(_review_scope(user), status=ReviewStatus.DUE)
        .order_by("due_on", "pk")
        .values_list("pk", "resolution__conference_id", "period", "due_on")[:50]
    )
    return [DueReview(pk, conf, period, due, due < today) for pk, conf, period, due in rows]
