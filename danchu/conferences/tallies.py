"""The bulletin of a vote: every ballot with its tracker and choices, and what it counts to.

After a vote closes its bulletin is public (`GET /api/v1/votes/{id}/bulletin`, the page's JSON
download): anyone can recount it with `tools/verify_bulletin.py` and find their own ballot by
its tracker. Secret ballots are listed by tracker, which is random, so the order says nothing
about when a ballot was cast; an open vote lists each voter by name.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from danchu.conferences import rules
from danchu.conferences.models import Ballot, Candidate, OpenBallot, Vote

FORMAT = "danchu-bulletin/1"


def candidates_of(vote: Vote) -> list[dict[str, Any]]:
    rows = Candidate.objects.filter(vote=vote).select_related("person").order_by("position", "pk")
    return [{"id": c.person_id, "name": c.person.full_name} for c in rows]


def ballots_of(vote: Vote) -> list[dict[str, Any]]:
    if vote.secret:
        rows = (
            Ballot.objects.filter(vote=vote).order_by("tracker").values_list("tracker", "choices")
        )
        return [{"tracker": tracker, "choices": choices} for tracker, choices in rows]
    named = (
        OpenBallot.objects.filter(vote=vote)
        .select_related("person")
        .order_by("person__sort_key", "person_id")
    )
    return [{"voter": b.person.full_name, "choices": b.choices} for b in named]


def bulletin_of(vote: Vote) -> dict[str, Any]:
    """The bulletin as stored at close (tally and outcome filled by the caller or `published`)."""
    conference = vote.conference
    return {
        "format": FORMAT,
        "vote": {
            "id": vote.pk,
            "title": vote.title,
            "kind": vote.kind,
            "secret": vote.secret,
            "seats": vote.seats,
            "status": vote.status,
            "present": vote.present,
            "majority": f"{rules.ADOPTION.numerator}/{rules.ADOPTION.denominator}",
            "candidates": candidates_of(vote),
            "conference": {"id": conference.pk, "title": conference.title},
        },
        "ballots": ballots_of(vote),
    }


def published(vote: Vote) -> dict[str, Any]:
    """The closed vote's bulletin with its stored count, outcome and digest."""
    bulletin = bulletin_of(vote)
    bulletin.update(tally=vote.tally, outcome=vote.outcome, ballots_cast=vote.ballots_cast)
    bulletin["digest"] = vote.bulletin_digest
    return bulletin


def canonical(bulletin: dict[str, Any]) -> bytes:
    body = {key: value for key, value in bulletin.items() if key != "digest"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest_of_bulletin(bulletin: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of the bulletin without its digest."""
    return hashlib.sha256(canonical(bulletin)).hexdigest()
