#!/usr/bin/env python3
"""Recount a danchu vote from its published bulletin — plain Python, no Django, no danchu code.

    python3 tools/verify_bulletin.py bulletin.json
    python3 tools/verify_bulletin.py https://…/api/v1/votes/42/bulletin --tracker K7QX2M9PAB

The bulletin lists every ballot (secret: by tracker; open: by voter) with its choices, the
candidates, the number present, and the result the system declared. This script counts the
ballots again on its own, applies the rule of Law 10/2022/QH15 art. 51.2.c (more than half of
those present, in exact fractions), recomputes the bulletin's SHA-256 digest, and says whether
everything matches. Exit status 0: it matches; 1: it does not (each difference is printed);
2: the file cannot be read.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import urllib.request
from fractions import Fraction
from typing import Any

MOTION = ("agree", "disagree", "abstain")
LEVELS = ("high", "medium", "low")


def load(source: str) -> dict[str, Any]:
    if source.startswith(("http://", "https://")):
        with urllib.request.urlopen(source, timeout=30) as answer:  # noqa: S310 (a URL you chose)
            return json.loads(answer.read().decode("utf-8"))
    with open(source, encoding="utf-8") as handle:
        return json.load(handle)


def digest(bulletin: dict[str, Any]) -> str:
    body = {key: value for key, value in bulletin.items() if key != "digest"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def ballot_problem(kind: str, choices: Any, candidates: set[int], seats: int | None) -> str:
    """Why a ballot is not valid for the vote, or "" when it is."""
    if not isinstance(choices, list):
        return "its choices are not a list"
    if kind == "motion":
        return "" if len(choices) == 1 and choices[0] in MOTION else "not exactly one answer"
    if kind == "election":
        if any(type(c) is not int for c in choices):
            return "a choice is not a candidate's number"
        if len(set(choices)) < len(choices):
            return "a candidate is chosen twice"
        if not set(choices) <= candidates:
            return "a choice is not a candidate"
        return "" if seats is None or len(choices) <= seats else "more choices than seats"
    if kind == "confidence":
        rated = []
        for choice in choices:
            if not isinstance(choice, dict) or choice.get("level") not in LEVELS:
                return "a rating is not high, medium or low"
            if choice.get("candidate_id") not in candidates:
                return "a rating is not about a candidate"
            rated.append(choice["candidate_id"])
        return "" if len(set(rated)) == len(rated) else "a candidate is rated twice"
    return f"unknown kind of vote {kind!r}"


def recount(kind: str, ballots: list[Any], candidates: list[int]) -> dict[str, Any]:
    if kind == "motion":
        counts = dict.fromkeys(MOTION, 0)
        for choices in ballots:
            counts[choices[0]] += 1
        return counts
    if kind == "election":
        votes = dict.fromkeys(candidates, 0)
        for choices in ballots:
            for candidate in choices:
                votes[candidate] += 1
        return {str(c): n for c, n in votes.items()}
    ratings = {c: dict.fromkeys(LEVELS, 0) for c in candidates}
    for choices in ballots:
        for choice in choices:
            ratings[choice["candidate_id"]][choice["level"]] += 1
    return {str(c): r for c, r in ratings.items()}


def decide(
    kind: str, tally: dict[str, Any], present: int, seats: int | None, share: Fraction
) -> dict[str, Any]:
    """What the law makes of the tally: more than `share` of those present (art. 51.2.c)."""
    if kind == "motion":
        return {"adopted": Fraction(tally["agree"]) > share * present}
    if kind == "election":
        passing = [(n, int(c)) for c, n in tally.items() if Fraction(n) > share * present]
        passing.sort(key=lambda pair: (-pair[0], pair[1]))
        seats = seats or 0
        if len(passing) <= seats:
            return {"elected": [c for _n, c in passing], "tied": []}
        last = passing[seats - 1][0] if seats else None
        if seats and passing[seats][0] == last:  # a tie for the last seat: nobody tied is elected
            return {
                "elected": [c for n, c in passing if n > last],
                "tied": sorted(c for n, c in passing if n == last),
            }
        return {"elected": [c for _n, c in passing[:seats]], "tied": []}
    return {}


def verify(bulletin: dict[str, Any], tracker: str | None = None) -> tuple[list[str], list[str]]:
    """(problems, report lines) for a bulletin."""
    vote = bulletin["vote"]
    kind, seats, present = vote["kind"], vote.get("seats"), vote["present"]
    numerator, denominator = (int(x) for x in vote.get("majority", "1/2").split("/"))
    share = Fraction(numerator, denominator)
    candidates = [c["id"] for c in vote.get("candidates", [])]
    ballots = bulletin["ballots"]
    problems = []
    report = [
        f"Vote {vote['id']}: {vote['title']}",
        f"  kind: {kind}{' (secret)' if vote.get('secret') else ' (open)'}; present: {present}; "
        f"ballots: {len(ballots)}",
    ]
    valid = []
    for number, ballot in enumerate(ballots, start=1):
        why = ballot_problem(kind, ballot.get("choices"), set(candidates), seats)
        if why:
            problems.append(f"ballot {ballot.get('tracker') or number}: {why}")
        else:
            valid.append(ballot["choices"])
    trackers = [b["tracker"] for b in ballots if b.get("tracker")]
    if len(set(trackers)) != len(trackers):
        problems.append("two ballots have the same tracker")
    if bulletin.get("ballots_cast") != len(ballots):
        problems.append(
            f"ballots_cast says {bulletin.get('ballots_cast')}, the list has {len(ballots)}"
        )
    tally = recount(kind, valid, candidates)
    if tally != bulletin.get("tally"):
        problems.append(f"the tally declared {bulletin.get('tally')} but the ballots count {tally}")
    outcome = decide(kind, tally, present, seats, share)
    if outcome != bulletin.get("outcome"):
        problems.append(
            f"the outcome declared {bulletin.get('outcome')} but the count gives {outcome}"
        )
    report.append(f"  recount: {tally}")
    report.append(f"  outcome: {outcome or 'no decision (the tally is the result)'}")
    computed = digest(bulletin)
    if computed != bulletin.get("digest"):
        problems.append(
            f"the digest is {bulletin.get('digest')} but the content hashes to {computed}"
        )
    report.append(f"  digest: {computed}")
    if tracker:
        mine = [b for b in ballots if (b.get("tracker") or "").upper() == tracker.strip().upper()]
        report.append(
            f"  your ballot {tracker}: {mine[0]['choices']}"
            if mine
            else f"  no ballot has tracker {tracker}"
        )
        if not mine:
            problems.append(f"no ballot has tracker {tracker}")
    return problems, report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bulletin", help="the bulletin's JSON file, or its URL")
    parser.add_argument("--tracker", help="show the ballot with this tracker")
    args = parser.parse_args(argv)
    try:
        bulletin = load(args.bulletin)
        problems, report = verify(bulletin, args.tracker)
    except (OSError, ValueError, KeyError, TypeError) as error:
        print(f"Cannot read the bulletin: {error}", file=sys.stderr)
        return 2
    print("\n".join(report))
    if problems:
        print("DOES NOT MATCH:")
        print("\n".join(f"  - {problem}" for problem in problems))
        return 1
    print("OK: the ballots count to the declared result, and the digest matches.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
