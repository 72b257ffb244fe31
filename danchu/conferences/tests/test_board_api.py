"""The People's Inspection Board through the API (issue 13's contract): the union nominates
(`POST /conferences/{id}/inspection-board`) and recognises (`POST /votes/{id}/recognition`);
Law 10/2022/QH15 art. 60, Decree 59/2023 art. 21."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from danchu.conferences import attendance
from danchu.conferences.models import Vote
from danchu.conferences.tests.board_helpers import (
    candidates,
    elect,
    person_of,
    roles_for,
    vote_in,
)
from danchu.conferences.tests.conftest import Hall
from danchu.facts.models import Fact
from danchu.organizations.models import Body
from danchu.people.models import Role, RoleAssignment, User
from danchu.people.tests.world import BASE
from danchu.people.tokens import make_token

pytestmark = pytest.mark.django_db


def api(user: User) -> Client:
    return Client(headers={"accept-language": "vi", "authorization": f"Bearer {make_token(user)}"})


def post(user: User, url: str, body: Any) -> Any:
    return api(user).post(f"/api/v1{url}", body, content_type="application/json")


def nominate(hall: Hall, user: User, seats: int, people: list[User]) -> Any:
    return post(
        user,
        f"/conferences/{hall.conference.pk}/inspection-board",
        {"seats": seats, "candidate_ids": [u.person_id for u in people]},
    )


def test_the_union_nominates_201_with_the_vote(frozen, hall: Hall):
    answer = nominate(hall, hall.world.union, 3, candidates(hall, 4))
    assert answer.status_code == 201, answer.content
    vote = Vote.objects.get(pk=answer.json()["vote_id"])
    assert (vote.purpose, vote.secret, vote.seats) == ("inspection_board", True, 3)


@pytest.mark.parametrize("seats", [2, 10])
def test_art_60_1_seats_outside_3_to_9_are_422(frozen, hall: Hall, seats):
    answer = nominate(hall, hall.world.union, seats, candidates(hall, 9))
    assert answer.status_code == 422
    body = answer.json()
    assert body["errors"][0]["code"] == "board_seats"
    assert "Khoản 1 Điều 60" in body["detail"]
    assert "Ban Thanh tra nhân dân" in body["detail"]  # in Vietnamese


def test_art_60_2_a_deputy_head_candidate_is_422(frozen, hall: Hall):
    deputy = hall.voters[4]
    RoleAssignment.objects.create(
        person=person_of(deputy),
        unit=hall.world.agency,
        role=Role.DEPUTY_HEAD,
        valid_from=BASE.date(),
    )
    answer = nominate(hall, hall.world.union, 3, [deputy, *candidates(hall, 3)])
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["code"] == "board_candidate_barred"


@pytest.mark.parametrize(("who", "status"), [("head", 403), ("staff", 403), ("outsider", 404)])
def test_only_the_union_of_the_unit_nominates(frozen, hall: Hall, who, status):
    answer = nominate(hall, getattr(hall.world, who), 3, candidates(hall, 3))
    assert answer.status_code == status
    assert not Vote.objects.filter(purpose="inspection_board").exists()


def test_recognition_201_with_the_board_and_its_term(frozen, hall: Hall):
    vote = elect(hall, 3)
    roles = {str(p): r for p, r in roles_for(vote).items()}
    answer = post(hall.world.union, f"/votes/{vote.pk}/recognition", {"roles": roles})
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert (body["term_start"], body["term_end"]) == ("2025-03-05", "2027-03-04")
    assert body["members"] == [{"person_id": p, "role": r} for p, r in roles_for(vote).items()]
    assert Body.objects.get(pk=body["body_id"]).members.count() == 3
    assert Fact.objects.filter(kind="inspection_board.term_started").count() == 1


def test_d59_21_1_late_recognition_is_409(frozen, hall: Hall):
    vote = elect(hall, 3)
    frozen.move_to(BASE.replace(day=13))
    roles = {str(p): r for p, r in roles_for(vote).items()}
    answer = post(hall.world.union, f"/votes/{vote.pk}/recognition", {"roles": roles})
    assert answer.status_code == 409
    assert "Khoản 1 Điều 21" in answer.json()["detail"]


def test_ties_are_409(frozen, hall: Hall):
    a, b, c, d = candidates(hall, 4)
    nominated = nominate(hall, hall.world.union, 3, [a, b, c, d]).json()["vote_id"]
    ballots = [[a, b, c]] * 3 + [[a, b, d]] * 3 + [[a, c, d]] * 3 + [[a]]
    vote = vote_in(hall, Vote.objects.get(pk=nominated), ballots)
    assert vote.outcome["tied"]
    attendance.end_session(actor=hall.head, conference=hall.conference)
    answer = post(
        hall.world.union, f"/votes/{vote.pk}/recognition", {"roles": {str(a.person_id): "chair"}}
    )
    assert answer.status_code == 409
    assert answer.json()["code"] == "board_tied"


def test_an_unknown_role_is_422(frozen, hall: Hall):
    vote = elect(hall, 3)
    roles = {str(p): "secretary" for p in vote.outcome["elected"]}
    answer = post(hall.world.union, f"/votes/{vote.pk}/recognition", {"roles": roles})
    assert answer.status_code == 422


def test_another_units_user_cannot_recognise(frozen, hall: Hall, member_of):
    vote = elect(hall, 3)
    other_union = member_of(hall.world.other, Role.UNION_CHAIR)
    roles = {str(p): r for p, r in roles_for(vote).items()}
    answer = post(other_union, f"/votes/{vote.pk}/recognition", {"roles": roles})
    assert answer.status_code == 404
    assert not Body.objects.exists()
