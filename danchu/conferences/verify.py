"""Check every closed vote against its published count (run by `manage.py verify_audit`).

At close, the tally, the outcome and the digest of the bulletin went into the audit entry
`conferences.vote_closed` (hash-chained). A ballot added, removed or edited afterwards changes
the bulletin's digest; a vote row edited no longer says what its entry says. For secret votes the
ballots are also counted against the tokens spent and the paper batches matched, and the tokens
against the voters marked as holding one (one person, one vote).
"""

from __future__ import annotations

from danchu.audit.models import Entry
from danchu.conferences import counting, rules
from danchu.conferences.models import (
    Ballot,
    BallotToken,
    BatchStatus,
    PaperBatch,
    Via,
    Vote,
    VoterMark,
    VoteStatus,
)
from danchu.conferences.tallies import bulletin_of, digest_of_bulletin


def problems() -> list[str]:
    found: list[str] = []
    for vote in Vote.objects.filter(status=VoteStatus.CLOSED).select_related("conference"):
        found.extend(f"vote {vote.pk} ({vote.title}): {p}" for p in vote_problems(vote))
    return found


def vote_problems(vote: Vote) -> list[str]:
    found = []
    bulletin = bulletin_of(vote)
    choices = [b["choices"] for b in bulletin["ballots"]]
    candidates = [c["id"] for c in bulletin["vote"]["candidates"]]
    tally = counting.tally(vote.kind, choices, candidates=candidates)
    outcome = counting.outcome(
        vote.kind, tally, present=vote.present or 0, seats=vote.seats, share=rules.ADOPTION
    )
    if (len(choices), tally, outcome) != (vote.ballots_cast, vote.tally, vote.outcome):
        found.append("the ballots no longer count to the stored result")
    bulletin.update(tally=vote.tally, outcome=vote.outcome, ballots_cast=vote.ballots_cast)
    if digest_of_bulletin(bulletin) != vote.bulletin_digest:
        found.append("the bulletin no longer matches the digest published at close")
    entry = (
        Entry.objects.filter(action="conferences.vote_closed", target_id=str(vote.pk))
        .order_by("seq")
        .last()
    )
    if entry is None or entry.changes.get("bulletin_digest") != vote.bulletin_digest:
        found.append("the stored digest is not the one the audit log recorded at close")
    if vote.secret:
        found.extend(_secret_problems(vote))
    return found


def _secret_problems(vote: Vote) -> list[str]:
    found = []
    spent = BallotToken.objects.filter(vote=vote, used=True).count()
    paper = sum(
        len(batch.first_entry)
        for batch in PaperBatch.objects.filter(vote=vote, status=BatchStatus.MATCHED)
    )
    if Ballot.objects.filter(vote=vote).count() != spent + paper:
        found.append("the ballots are not the tokens spent plus the paper ballots entered")
    tokens = BallotToken.objects.filter(vote=vote).count()
    holders = VoterMark.objects.filter(vote=vote, via__in=[Via.SCREEN, Via.SLIP]).count()
    if tokens != holders:
        found.append("the tokens issued are not one per voter marked as holding one")
    return found
