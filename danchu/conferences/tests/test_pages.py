"""The conference's pages as their users drive them: check-in at the door, the chair's console,
a voter taking their token and voting in the booth without a login, the counting board."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from danchu.conferences import attendance, booth, voting
from danchu.conferences.models import Ballot, Participant, Vote
from danchu.conferences.tests.conftest import people, plan

pytestmark = pytest.mark.django_db


def as_user(client_as, user) -> Client:
    client = client_as(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "vi"
    return client


def test_check_in_from_the_list_finds_names_without_accents(world, client_as):
    conference = plan(world)
    head = as_user(client_as, world.head)
    page = head.get(f"/conferences/{conference.pk}/check-in/")
    assert page.status_code == 200
    assert "Điểm danh" in page.content.decode()
    name = world.staff.person.full_name
    plain = "".join(c for c in name.lower() if c.isascii())[:3]
    found = head.get(
        f"/conferences/{conference.pk}/check-in/",
        {"q": world.staff.person.given_name},
        HTTP_HX_REQUEST="true",
    )
    assert name in found.content.decode()
    assert plain  # the search column is folded (danchu.core.text.fold)
    marked = head.post(
        f"/conferences/{conference.pk}/check-in/{world.staff.person_id}/", HTTP_HX_REQUEST="true"
    )
    assert marked.status_code == 200
    assert "Có mặt" in marked.content.decode()
    assert Participant.objects.get(conference=conference, person=world.staff.person).present


def test_the_list_page_reads_a_bounded_number_of_rows(
    world, client_as, member_of, django_assert_max_num_queries
):
    for _ in range(12):
        member_of(world.agency, "staff")
    conference = plan(world)
    head = as_user(client_as, world.head)
    head.get(f"/conferences/{conference.pk}/check-in/")
    with django_assert_max_num_queries(20):
        head.get(f"/conferences/{conference.pk}/check-in/")
    with django_assert_max_num_queries(20):
        head.get("/conferences/")


def test_a_personal_code_checks_in_at_the_tablet(world, client_as):
    conference = plan(world)
    code = attendance.personal_code(conference, world.staff.person_id)
    me = as_user(client_as, world.staff).get(f"/conferences/{conference.pk}/me/")
    assert "<svg" in me.content.decode()
    answer = as_user(client_as, world.head).post(
        f"/conferences/{conference.pk}/scan/", {"code": code}
    )
    assert world.staff.person.full_name in answer.content.decode()
    other = plan(world)
    refused = as_user(client_as, world.head).post(f"/conferences/{other.pk}/scan/", {"code": code})
    assert refused.status_code == 422


def test_another_units_staff_cannot_open_the_pages(world, client_as):
    conference = plan(world)
    outsider = as_user(client_as, world.outsider)
    for url in ("", "check-in/", "console/", "me/", "scan/"):
        assert outsider.get(f"/conferences/{conference.pk}/{url}").status_code == 404
    staff = as_user(client_as, world.staff)
    assert staff.get(f"/conferences/{conference.pk}/console/").status_code == 404
    assert staff.get(f"/conferences/{conference.pk}/check-in/").status_code == 404


def test_a_voter_takes_a_token_and_votes_in_the_booth_without_login(hall, client_as):
    vote = voting.create_vote(
        actor=hall.head, conference=hall.conference, title="Phiếu kín", kind="motion", secret=True
    )
    voting.open_vote(actor=hall.head, vote=vote)
    voter = as_user(client_as, hall.voters[1])
    page = voter.get(f"/conferences/votes/{vote.pk}/")
    assert "Nhận phiếu bầu" in page.content.decode()
    given = voter.post(f"/conferences/votes/{vote.pk}/token/")
    html = given.content.decode()
    shown = re.search(r"<code>([A-Z0-9]{4}(?:-[A-Z0-9]{4}){3})</code>", html)
    assert shown is not None
    token = shown.group(1)
    assert token not in given.get("Location", "")
    anonymous = Client(headers={"accept-language": "vi"})
    cast = anonymous.post(f"/conferences/booth/{vote.pk}/", {"token": token, "answer": "agree"})
    assert cast.status_code == 200
    assert "Mã theo dõi" in cast.content.decode()
    assert "sessionid" not in cast.cookies
    tracker = Ballot.objects.get(vote=vote).tracker
    assert tracker in cast.content.decode()
    again = anonymous.post(f"/conferences/booth/{vote.pk}/", {"token": token, "answer": "agree"})
    assert again.status_code == 422
    assert "đã được sử dụng" in again.content.decode()
    assert token in again.content.decode()  # what was typed comes back


def test_the_chair_prepares_opens_and_closes_a_vote_from_the_console(hall, client_as):
    chair = as_user(client_as, hall.head)
    console = chair.get(f"/conferences/{hall.conference.pk}/console/")
    assert console.status_code == 200
    made = chair.post(
        f"/conferences/{hall.conference.pk}/console/votes/",
        {"v-title": "Biểu quyết công khai", "v-kind": "motion", "v-purpose": "general"},
    )
    assert made.status_code == 302
    vote = Vote.objects.get(title="Biểu quyết công khai")
    assert not vote.secret
    chair.post(f"/conferences/votes/{vote.pk}/open/")
    voter = as_user(client_as, hall.voters[2])
    assert voter.post(f"/conferences/votes/{vote.pk}/", {"b-answer": "agree"}).status_code == 302
    check = chair.get(f"/conferences/votes/{vote.pk}/close/")
    assert (
        "không thể hoàn tác" in check.content.decode().lower() or "Không" in check.content.decode()
    )
    assert chair.post(f"/conferences/votes/{vote.pk}/close/").status_code == 302
    vote.refresh_from_db()
    assert (vote.status, vote.tally["agree"]) == ("closed", 1)


def test_the_head_is_refused_on_the_counting_board_with_the_reason(hall, client_as):
    chair = as_user(client_as, hall.head)
    answer = chair.post(
        f"/conferences/{hall.conference.pk}/console/board/",
        {"c-person_ids": [str(hall.head.person_id)]},
    )
    assert answer.status_code == 422
    assert "Người đứng đầu (chủ tọa) không được tham gia Ban kiểm phiếu." in answer.content.decode()


def test_the_counting_board_prints_slips_and_enters_paper_twice(hall, client_as):
    vote = voting.create_vote(
        actor=hall.head, conference=hall.conference, title="Kín", kind="motion", secret=True
    )
    voting.open_vote(actor=hall.head, vote=vote)
    first, second = (as_user(client_as, u) for u in hall.counters)
    paper = people(*hall.voters[2:4])
    assert (
        first.post(
            f"/conferences/votes/{vote.pk}/counting/paper/", {"p-person_ids": paper}
        ).status_code
        == 302
    )
    slips = first.post(f"/conferences/votes/{vote.pk}/counting/slips/")
    assert len(re.findall(r"<code>[A-Z0-9-]{19}</code>", slips.content.decode())) == 8
    batch = {"k-number": "1", "k-ballots": "agree\ndisagree"}
    assert first.post(f"/conferences/votes/{vote.pk}/counting/batches/", batch).status_code == 302
    wrong = {"k-number": "1", "k-ballots": "agree\nagree"}
    flagged = second.post(f"/conferences/votes/{vote.pk}/counting/batches/", wrong)
    assert flagged.status_code == 409
    assert "khác nhau" in flagged.content.decode()
    assert Ballot.objects.filter(vote=vote).count() == 0
    for client, number in ((first, "2"), (second, "2")):
        client.post(
            f"/conferences/votes/{vote.pk}/counting/batches/",
            {"k-number": number, "k-ballots": "agree\ndisagree"},
        )
    assert Ballot.objects.filter(vote=vote).count() == 2
    assert booth.is_counter(hall.counters[0], vote)
