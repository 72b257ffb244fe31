"""Counting a vote: which choices a ballot may hold, the tally and its outcome.

Plain Python on plain values (no Django, no database), so that the same rules count the ballots
in the app and can be read next to the standalone verifier (`tools/verify_bulletin.py`), which
recounts a published bulletin on its own. Majorities are compared in exact arithmetic
(`fractions.Fraction`): Law 10/2022/QH15 art. 51.2.c, "trên 50%" of those present.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

MOTION_CHOICES = ("agree", "disagree", "abstain")
CONFIDENCE_LEVELS = ("high", "medium", "low")


class BadChoices(ValueError):
    """A ballot's choices do not fit the vote; `code` says how (for the message)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def check_choices(
    kind: str, choices: Any, *, candidates: Sequence[int], seats: int | None
) -> list[Any]:
    """The choices in their stored form, or BadChoices.

    motion: exactly one of MOTION_CHOICES; election: up to `seats` distinct candidate ids (none
    is a blank ballot); confidence: a level for some or all candidates, each at most once.
    """
    if not isinstance(choices, list):
        raise BadChoices("not_a_list")
    if kind == "motion":
        if len(choices) != 1 or choices[0] not in MOTION_CHOICES:
            raise BadChoices("one_of_agree_disagree_abstain")
        return list(choices)
    if kind == "election":
        if not all(isinstance(c, int) and not isinstance(c, bool) for c in choices):
            raise BadChoices("candidate_ids")
        if len(set(choices)) != len(choices):
            raise BadChoices("candidate_twice")
        if not set(choices) <= set(candidates):
            raise BadChoices("not_a_candidate")
        if seats is not None and len(choices) > seats:
            raise BadChoices("too_many")
        return sorted(choices)
    if kind == "confidence":
        stored = []
        for choice in choices:
            if not isinstance(choice, dict) or set(choice) != {"candidate_id", "level"}:
                raise BadChoices("candidate_and_level")
            if choice["level"] not in CONFIDENCE_LEVELS:
                raise BadChoices("level")
            if choice["candidate_id"] not in candidates:
                raise BadChoices("not_a_candidate")
            stored.append({"candidate_id": choice["candidate_id"], "level": choice["level"]})
        if len({c["candidate_id"] for c in stored}) != len(stored):
            raise BadChoices("candidate_twice")
        return sorted(stored, key=lambda c: c["candidate_id"])
    raise BadChoices("kind")


def tally(kind: str, ballots: Iterable[list[Any]], *, candidates: Sequence[int]) -> dict[str, Any]:
    """How many ballots chose what. Keys are strings (JSON objects): a candidate's id."""
    if kind == "motion":
        counts = Counter(choices[0] for choices in ballots)
        return {choice: counts[choice] for choice in MOTION_CHOICES}
    if kind == "election":
        votes = Counter(c for choices in ballots for c in choices)
        return {str(c): votes[c] for c in candidates}
    levels: dict[int, Counter[str]] = {c: Counter() for c in candidates}
    for choices in ballots:
        for choice in choices:
            levels[choice["candidate_id"]][choice["level"]] += 1
    return {str(c): {lv: levels[c][lv] for lv in CONFIDENCE_LEVELS} for c in candidates}


def majority(count: int, present: int, share: Fraction) -> bool:
    """`count` is strictly more than `share` of `present` (exact)."""
    return Fraction(count) > share * present


def outcome(
    kind: str, counted: dict[str, Any], *, present: int, seats: int | None, share: Fraction
) -> dict[str, Any]:
    """What the tally decides.

    motion: adopted when "agree" is more than `share` of those present. election: the top
    `seats` of the candidates with more than `share` of those present; when candidates tie
    for the last seat none of them is declared elected and all are reported as tied (never
    broken silently). confidence: no decision, the tally is the result.
    """
    if kind == "motion":
        return {"adopted": majority(counted["agree"], present, share)}
    if kind == "election":
        over = sorted(
            ((votes, int(c)) for c, votes in counted.items() if majority(votes, present, share)),
            key=lambda vc: (-vc[0], vc[1]),
        )
        limit = seats or 0
        if len(over) <= limit:
            return {"elected": [c for _v, c in over], "tied": []}
        last = over[limit - 1][0] if limit else None
        if limit and over[limit][0] == last:
            return {
                "elected": [c for v, c in over if v > last],
                "tied": sorted(c for v, c in over if v == last),
            }
        return {"elected": [c for _v, c in over[:limit]], "tied": []}
    return {}
