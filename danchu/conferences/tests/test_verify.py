"""`verify_audit` recounts every closed vote: a ballot slipped in, edited or removed after the
close, or an edited result, is reported."""

from __future__ import annotations

import pytest

from danchu.conferences import booth, voting
from danchu.conferences.models import Ballot, BallotToken, Vote
from danchu.conferences.verify import problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(hall) -> Vote:
    vote = voting.create_vote(
        actor=hall.head, conference=hall.conference, title="Q", kind="motion", secret=True
    )
    voting.open_vote(actor=hall.head, vote=vote)
    tokens = booth.issue_slips(actor=hall.counters[0], vote=vote)
    for token, choice in zip(tokens, ["agree"] * 6 + ["disagree"] * 4, strict=True):
        booth.cast_secret(vote_id=vote.pk, token=token, choices=[choice])
    return voting.close_vote(actor=hall.head, vote=vote)


def test_an_untouched_vote_has_no_problem(closed):
    assert problems() == []


def test_a_ballot_edited_after_the_close_is_reported(closed):
    ballot = Ballot.objects.filter(vote=closed, choices=["disagree"]).first()
    Ballot.objects.filter(pk=ballot.pk).update(choices=["agree"])
    assert problems() == [
        f"vote {closed.pk} (Q): the ballots no longer count to the stored result",
        f"vote {closed.pk} (Q): the bulletin no longer matches the digest published at close",
    ]


def test_a_ballot_slipped_in_is_reported(closed):
    Ballot.objects.create(vote=closed, tracker="ZZZZZZZZZZ", choices=["agree"])
    found = problems()
    assert any("tokens spent" in line for line in found)
    assert any("digest" in line for line in found)


def test_a_result_edited_with_its_digest_still_differs_from_the_audit_log(closed):
    Ballot.objects.filter(vote=closed).first().delete()
    BallotToken.objects.filter(vote=closed, used=True).first().delete()
    Vote.objects.filter(pk=closed.pk).update(bulletin_digest="0" * 64)
    found = problems()
    assert any("audit log" in line for line in found)
