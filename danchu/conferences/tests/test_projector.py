"""The projector page (issue 13): turnout while the vote is open, then the result as a chart
and a table with the same numbers; public to anyone with the link; its live part is cheap."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from danchu.conferences import booth, voting

pytestmark = pytest.mark.django_db


@pytest.fixture
def motion(hall):
    vote = voting.create_vote(
        actor=hall.head, conference=hall.conference, title="Thông qua quy chế", kind="motion",
        secret=True,
    )  # fmt: skip
    voting.open_vote(actor=hall.head, vote=vote)
    tokens = booth.issue_slips(actor=hall.counters[0], vote=vote)
    return vote, tokens


def page(url: str) -> str:
    answer = Client(headers={"accept-language": "vi"}).get(url)
    assert answer.status_code in (200, 286), answer.status_code
    return answer.content.decode()


def test_while_open_it_shows_the_turnout_to_anyone(motion):
    vote, tokens = motion
    for token in tokens[:4]:
        booth.cast_secret(vote_id=vote.pk, token=token, choices=["agree"])
    html = page(f"/conferences/votes/{vote.pk}/projector/")
    assert "4 phiếu đã bỏ / 10 người dự" in html
    assert 'hx-trigger="every 1s"' in html
    assert "Thông qua quy chế" in html


def test_after_close_the_chart_and_the_table_say_the_same(hall, motion):
    vote, tokens = motion
    for token, choice in zip(tokens, ["agree"] * 6 + ["disagree"] * 3 + ["abstain"], strict=True):
        booth.cast_secret(vote_id=vote.pk, token=token, choices=[choice])
    voting.close_vote(actor=hall.head, vote=vote)
    live = Client(headers={"accept-language": "vi"}).get(
        f"/conferences/votes/{vote.pk}/projector/live/"
    )
    assert live.status_code == 286  # final: htmx stops polling
    html = live.content.decode()
    assert "THÔNG QUA" in html
    # The bars are as long as the shares of those present, and the table has the same counts.
    for shown in ('width="204"', 'width="102"', 'width="34"', "60,0%", "30,0%", "10,0%"):
        assert shown in html
    assert "Điều 51.2.c" in html


def test_the_live_part_reads_a_bounded_number_of_rows(motion, django_assert_max_num_queries):
    vote, tokens = motion
    for token in tokens:
        booth.cast_secret(vote_id=vote.pk, token=token, choices=["agree"])
    client = Client()
    with django_assert_max_num_queries(8):
        client.get(f"/conferences/votes/{vote.pk}/projector/live/")


def test_the_bulletin_downloads_once_closed(hall, motion):
    vote, tokens = motion
    booth.cast_secret(vote_id=vote.pk, token=tokens[0], choices=["agree"])
    url = f"/conferences/votes/{vote.pk}/bulletin.json"
    assert Client().get(url).status_code == 409
    voting.close_vote(actor=hall.head, vote=vote)
    answer = Client().get(url)
    assert answer["Content-Disposition"] == f'attachment; filename="phieu-bau-{vote.pk}.json"'
    bulletin = json.loads(answer.content)
    assert bulletin == Client().get(f"/api/v1/votes/{vote.pk}/bulletin").json()


def test_an_election_marks_the_elected_and_the_tied(hall):
    a, b, c = (u.person_id for u in hall.voters[1:4])
    vote = voting.create_vote(
        actor=hall.head, conference=hall.conference, title="Bầu", kind="election", secret=True,
        candidate_ids=[a, b, c], seats=1,
    )  # fmt: skip
    voting.open_vote(actor=hall.head, vote=vote)
    tokens = booth.issue_slips(actor=hall.counters[0], vote=vote)
    for token, choice in zip(tokens, [[a]] * 3 + [[b, c]], strict=False):
        booth.cast_secret(vote_id=vote.pk, token=token, choices=choice[:1])
    voting.close_vote(actor=hall.head, vote=vote)
    html = page(f"/conferences/votes/{vote.pk}/projector/")
    assert "Không trúng cử" in html  # 3 of 10 present is not more than half
