"""Issue 13: nobody — not the head, not an administrator with the database — can learn how a
person voted in a secret ballot. The schema of the ballot tables, the rows a cast writes, the
logs of a whole vote and the order of what is stored are checked here; docs/decisions/0005.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.db import connection
from django.db.models import DateField, TimeField
from django.test import Client

from danchu.anonymity.fields import MIN_ID
from danchu.anonymity.models import AnonymousAct
from danchu.conferences import booth, voting
from danchu.conferences.errors import Invalid, Refused
from danchu.conferences.models import Ballot, BallotToken, Vote, VoterMark
from danchu.consultations.tests.test_union_anonymity import rows_of_every_table, written_between

pytestmark = pytest.mark.django_db


def columns(table: str) -> dict[str, str]:
    with connection.cursor() as cursor:
        described = connection.introspection.get_table_description(cursor, table)
    return {column.name: str(column.type_code) for column in described}


def foreign_keys(table: str) -> set[str]:
    with connection.cursor() as cursor:
        relations = connection.introspection.get_relations(cursor, table)
    return {other for _field, (_other_field, other) in relations.items()}


def has_sequence(table: str) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            serial = cursor.fetchone()[0]
            cursor.execute(
                "SELECT column_default, is_identity FROM information_schema.columns "
                "WHERE table_name = %s AND column_name = 'id'",
                [table],
            )
            default, identity = cursor.fetchone()
            return bool(serial or default or identity == "YES")
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [table])
        sql = cursor.fetchone()[0]
        return "AUTOINCREMENT" in sql.upper() or '"id" integer NOT NULL PRIMARY KEY' not in sql


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ("conferences_ballot", {"id", "vote_id", "tracker", "choices"}),
        ("conferences_ballottoken", {"id", "vote_id", "digest", "used"}),
    ],
)
def test_a_ballot_and_a_token_hold_nothing_that_names_or_times_a_voter(table, expected):
    assert set(columns(table)) == expected
    assert foreign_keys(table) == {"conferences_vote"}  # no person, session, token, account
    assert not has_sequence(table)  # random ids: no insertion order


def test_who_voted_is_kept_apart_from_what_was_voted():
    assert set(columns("conferences_votermark")) == {"id", "vote_id", "person_id", "via"}
    assert foreign_keys("conferences_votermark") == {"conferences_vote", "people_person"}
    assert not has_sequence("conferences_votermark")
    assert not [f for f in Ballot._meta.get_fields() if f.is_relation and f.name != "vote"]


@pytest.mark.parametrize("model", [AnonymousAct, Ballot, BallotToken, VoterMark])
def test_nothing_stored_for_a_secret_ballot_is_timed_finer_than_the_day(model):
    timed = [f for f in model._meta.concrete_fields if isinstance(f, DateField | TimeField)]
    assert [(f.name, type(f)) for f in timed] in ([], [("day", DateField)])


@pytest.fixture
def secret_vote(hall) -> tuple[Vote, list[str]]:
    vote = voting.create_vote(
        actor=hall.head, conference=hall.conference, title="Tín nhiệm", kind="motion", secret=True
    )
    voting.open_vote(actor=hall.head, vote=vote)
    return vote, booth.issue_slips(actor=hall.counters[0], vote=vote)


def test_casting_writes_the_ballot_spends_the_token_and_nothing_about_the_voter(hall, secret_vote):
    vote, tokens = secret_vote
    booth.cast_secret(vote_id=vote.pk, token=tokens[0], choices=["agree"])  # warm-up: one exists
    before = rows_of_every_table()
    response = Client().post(
        f"/api/v1/booth/{vote.pk}/ballots",
        {"token": tokens[1], "choices": ["disagree"]},
        content_type="application/json",
    )
    assert response.status_code == 201
    written = written_between(before, rows_of_every_table())
    assert set(written) == {
        "conferences_ballot",
        "conferences_ballottoken",
        "anonymity_anonymousact",
    }
    (_ballot,), lost = written["conferences_ballot"]
    assert lost == set()
    assert len(written["anonymity_anonymousact"][0]) == 1
    # The token row changed only from unused to used: it names no ballot.
    (spent,), (unspent,) = written["conferences_ballottoken"]
    changed = [{now, then} for now, then in zip(spent, unspent, strict=True) if now != then]
    assert changed in ([{"True", "False"}], [{"1", "0"}])
    assert response.cookies == {} or "sessionid" not in response.cookies


def test_a_whole_vote_logs_no_token_tracker_or_ballot(hall, secret_vote, caplog):
    caplog.set_level(logging.DEBUG)
    vote, tokens = secret_vote
    booth_client = Client()
    trackers = []
    for token in tokens:
        cast = booth_client.post(
            f"/api/v1/booth/{vote.pk}/ballots",
            {"token": token, "choices": ["agree"]},
            content_type="application/json",
        )
        trackers.append(cast.json()["tracker"])
    booth_client.post(  # a refused one too
        f"/api/v1/booth/{vote.pk}/ballots",
        {"token": tokens[0], "choices": ["agree"]},
        content_type="application/json",
    )
    vote = voting.close_vote(actor=hall.head, vote=vote)
    secrets_ = [*tokens, *trackers, *(str(b) for b in Ballot.objects.values_list("id", flat=True))]
    logged = [record.getMessage() for record in caplog.records]
    assert logged  # the capture works: the refused cast is logged as a 409, by path only
    assert not [line for line in logged for secret in secrets_ if secret in line]


def test_ballots_are_stored_with_random_ids_in_no_order_of_casting(hall, secret_vote):
    vote, tokens = secret_vote
    cast = [booth.cast_secret(vote_id=vote.pk, token=t, choices=["agree"]) for t in tokens]
    ids = [ballot.pk for ballot in cast]
    assert min(ids) >= MIN_ID
    assert ids != sorted(ids)  # 1 chance in 10! of a false alarm
    assert list(Ballot.objects.filter(vote=vote).values_list("tracker", flat=True)) == sorted(
        ballot.tracker for ballot in cast
    )  # listed by tracker (random), not as cast
    days = set(AnonymousAct.objects.filter(action="conferences.ballot_cast").values_list("day"))
    assert len(days) == 1


def test_tokens_are_stored_as_digests_and_the_marks_say_nothing_of_them(hall, secret_vote):
    vote, tokens = secret_vote
    stored = set(BallotToken.objects.filter(vote=vote).values_list("digest", flat=True))
    assert stored == {booth.token_digest(t) for t in tokens}
    assert not stored & set(tokens)
    marks = list(VoterMark.objects.filter(vote=vote).values())
    assert len(marks) == len(tokens) == 10
    everything: Any = str(marks)
    assert not [t for t in tokens if t in everything or booth.token_digest(t) in everything]


def test_one_person_one_vote_across_screen_slips_and_paper(hall):
    vote = voting.create_vote(
        actor=hall.head, conference=hall.conference, title="Q", kind="motion", secret=True
    )
    voting.open_vote(actor=hall.head, vote=vote)
    voter = hall.voters[1]
    token = booth.take_token(actor=voter, vote=vote)
    with pytest.raises(Refused) as refused:
        booth.take_token(actor=voter, vote=vote)
    assert refused.value.code == "already_issued"
    counter = hall.counters[0]
    with pytest.raises(Invalid) as paper:
        booth.issue_paper(actor=counter, vote=vote, person_ids=[voter.person_id])
    assert paper.value.code == "not_free"
    slips = booth.issue_slips(actor=counter, vote=vote)
    assert len(slips) == 9  # everyone present but the one who took a token on screen
    assert booth.issue_slips(actor=counter, vote=vote) == []
    booth.cast_secret(vote_id=vote.pk, token=token, choices=["agree"])
    assert VoterMark.objects.filter(vote=vote).count() == 10
