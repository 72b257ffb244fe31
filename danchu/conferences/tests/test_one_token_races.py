"""Issue 13: 100 parallel casts with one token store exactly one ballot, on PostgreSQL and on
SQLite (`make test` runs the `threads` tests again on a file database, where threads share it)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from danchu.audit.tests.helpers import at_once, threads_share_the_test_database
from danchu.conferences import attendance, booth, planning, voting
from danchu.conferences.models import Ballot, BallotToken
from danchu.conferences.tests.conftest import HELD_AT, at, people
from danchu.people.tests.world import BASE, make_world

pytestmark = [
    pytest.mark.threads,
    pytest.mark.skipif(
        not threads_share_the_test_database(),
        reason="threads cannot share SQLite's in-memory test database (make test sets "
        "DANCHU_SQLITE_TEST_PATH for the threads tests)",
    ),
    pytest.mark.django_db(transaction=True),
]

RACERS = 100


def test_a_hundred_casts_with_one_token_store_one_ballot(
    audit_log_flushable: None, member_of: Any
) -> None:
    world = make_world(member_of, union=True)
    with at(BASE):
        conference, _ = planning.plan_conference(
            actor=world.head, unit=world.agency, year=2024, kind="annual", scheduled_at=HELD_AT
        )
    voters = [world.head, world.staff, world.union, world.dept_staff]
    attendance.check_in(actor=world.head, conference=conference, person_ids=people(*voters))
    attendance.open_session(actor=world.head, conference=conference)
    voting.set_counting_board(
        actor=world.head, conference=conference, person_ids=people(world.staff)
    )
    vote = voting.create_vote(
        actor=world.head, conference=conference, title="Q", kind="motion", secret=True
    )
    voting.open_vote(actor=world.head, vote=vote)
    token, *_others = booth.issue_slips(actor=world.staff, vote=vote)
    url = f"/api/v1/booth/{vote.pk}/ballots"

    def cast(n: int, ready: Callable[[], None]) -> int:
        client = Client()
        ready()
        choice = ("agree", "disagree", "abstain")[n % 3]
        response = client.post(
            url, {"token": token, "choices": [choice]}, content_type="application/json"
        )
        return response.status_code

    answers = Counter(at_once(RACERS, cast))
    assert answers == {201: 1, 409: RACERS - 1}
    assert Ballot.objects.filter(vote=vote).count() == 1
    assert BallotToken.objects.filter(vote=vote, used=True).count() == 1
