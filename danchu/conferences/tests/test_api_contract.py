"""The conference API as integrators script it (issue 13's public contract), end to end."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from danchu.conferences.models import Ballot, BallotToken, Vote
from danchu.conferences.tests.conftest import HELD_AT, at
from danchu.people.models import Role, User
from danchu.people.tests.world import BASE, World
from danchu.people.tokens import make_token

pytestmark = pytest.mark.django_db


def api(user: User | None = None) -> Client:
    headers = {"accept-language": "vi"}
    if user is not None:
        headers["authorization"] = f"Bearer {make_token(user)}"
    return Client(headers=headers)


def post(client: Client, url: str, body: Any = None) -> Any:
    return client.post(f"/api/v1{url}", body or {}, content_type="application/json")


def person(client: Client) -> int:
    return client.get("/api/v1/me").json()["person_id"]


@pytest.fixture
def room(world: World, member_of: Any) -> dict[str, Any]:
    """The agency with ten staff, a conference planned through the API and everyone in."""
    extra = [member_of(world.agency, Role.STAFF) for _ in range(6)]
    people = [world.head, world.staff, world.union, world.dept_staff, *extra]
    head = api(world.head)
    with at(BASE):
        created = post(
            head,
            "/conferences",
            {"unit_id": world.agency.pk, "year": 2024, "kind": "annual",
             "scheduled_at": HELD_AT.isoformat()},
        )  # fmt: skip
    assert created.status_code == 201, created.content
    conference = created.json()
    ids = [u.person_id for u in people]
    return {"conference": conference, "head": head, "people": people, "ids": ids, "extra": extra}


def test_planning_answers_the_format_and_the_people_expected(room):
    conference = room["conference"]
    assert conference["format"] == "plenary"
    assert conference["expected_participants"] == 10
    assert conference["warnings"] == []


def test_a_date_after_the_three_months_warns_but_plans_art_51_1(world):
    late = HELD_AT.replace(month=4, day=2)
    with at(BASE):
        answer = post(
            api(world.head),
            "/conferences",
            {"unit_id": world.agency.pk, "year": 2024, "kind": "annual",
             "scheduled_at": late.isoformat()},
        )  # fmt: skip
    assert answer.status_code == 201
    assert "outside_deadline" in [w["code"] for w in answer.json()["warnings"]]
    assert "31/03/2025" in str(answer.json()["warnings"])


def test_the_delegate_format_is_refused_below_100_staff_art_51_2(world):
    answer = post(
        api(world.head),
        "/conferences",
        {"unit_id": world.agency.pk, "year": 2024, "kind": "annual",
         "scheduled_at": HELD_AT.isoformat(), "format": "delegate"},
    )  # fmt: skip
    assert answer.status_code == 422
    assert answer.json()["code"] == "delegate_below_100"


def test_staff_and_other_units_cannot_plan(world):
    body = {"unit_id": world.agency.pk, "year": 2024, "kind": "annual",
            "scheduled_at": HELD_AT.isoformat()}  # fmt: skip
    assert post(api(world.staff), "/conferences", body).status_code == 403
    assert post(api(world.outsider), "/conferences", body).status_code == 404


def run_secret_motion(room: dict[str, Any]) -> tuple[int, list[str]]:
    head, cid, ids = room["head"], room["conference"]["id"], room["ids"]
    attendance = post(head, f"/conferences/{cid}/attendance", {"person_ids": ids})
    assert attendance.json() == {"present": 10, "expected": 10, "quorum_met": True, "needed": 7}
    assert post(head, f"/conferences/{cid}/open").status_code == 200
    board = post(head, f"/conferences/{cid}/counting-board", {"person_ids": ids[4:6]})
    assert board.status_code == 200
    created = post(
        head,
        f"/conferences/{cid}/votes",
        {"title": "Thông qua quy chế chi tiêu nội bộ", "kind": "motion", "secret": True},
    )
    assert created.status_code == 201
    assert created.json()["status"] == "draft"
    vote_id = created.json()["id"]
    assert post(head, f"/votes/{vote_id}/open").json()["status"] == "open"
    counter = api(room["extra"][0])
    tokens = post(counter, f"/votes/{vote_id}/tokens").json()["tokens"]
    assert len(tokens) == 10
    assert post(counter, f"/votes/{vote_id}/tokens").json()["tokens"] == []  # all hold one
    return vote_id, tokens


def test_a_secret_motion_from_tokens_to_the_published_bulletin(room):
    vote_id, tokens = run_secret_motion(room)
    booth = api()  # no login
    trackers = []
    for token, choice in zip(tokens, ["agree"] * 6 + ["disagree"] * 3 + ["abstain"], strict=True):
        cast = post(booth, f"/booth/{vote_id}/ballots", {"token": token, "choices": [choice]})
        assert cast.status_code == 201, cast.content
        trackers.append(cast.json()["tracker"])
    head = room["head"]
    live = head.get(f"/api/v1/votes/{vote_id}/result").json()
    assert (live["status"], live["present"], live["ballots_cast"], live["tally"]) == (
        "open", 10, 10, {}
    )  # fmt: skip
    assert booth.get(f"/api/v1/votes/{vote_id}/bulletin").status_code == 409  # not yet
    assert post(head, f"/votes/{vote_id}/close").json()["status"] == "closed"
    result = head.get(f"/api/v1/votes/{vote_id}/result").json()
    assert result["tally"] == {"agree": 6, "disagree": 3, "abstain": 1}
    assert result["adopted"] is True
    bulletin = booth.get(f"/api/v1/votes/{vote_id}/bulletin").json()
    assert sorted(b["tracker"] for b in bulletin["ballots"]) == sorted(trackers)
    assert [b["tracker"] for b in bulletin["ballots"]] == sorted(trackers)  # random, not cast order
    assert bulletin["tally"] == result["tally"]
    assert len(bulletin["digest"]) == 64


def test_the_booth_refuses_unknown_used_and_closed(room):
    vote_id, tokens = run_secret_motion(room)
    booth = api()
    unknown = {"token": "X" * 16, "choices": ["agree"]}
    assert post(booth, f"/booth/{vote_id}/ballots", unknown).status_code == 403
    first = post(booth, f"/booth/{vote_id}/ballots", {"token": tokens[0], "choices": ["agree"]})
    assert first.status_code == 201
    again = post(booth, f"/booth/{vote_id}/ballots", {"token": tokens[0], "choices": ["agree"]})
    assert (again.status_code, again.json()["code"]) == (409, "token_used")
    bad = post(booth, f"/booth/{vote_id}/ballots", {"token": tokens[1], "choices": ["maybe"]})
    assert bad.status_code == 422
    assert BallotToken.objects.filter(vote_id=vote_id, used=False).count() == 9  # 422 spent none
    post(room["head"], f"/votes/{vote_id}/close")
    late = post(booth, f"/booth/{vote_id}/ballots", {"token": tokens[1], "choices": ["agree"]})
    assert (late.status_code, late.json()["code"]) == (409, "not_open")
    assert Ballot.objects.filter(vote_id=vote_id).count() == 1
    other_vote = post(booth, "/booth/999999/ballots", {"token": tokens[1], "choices": ["agree"]})
    assert other_vote.status_code == 403


def test_a_lowercase_token_with_spaces_still_counts(room):
    vote_id, tokens = run_secret_motion(room)
    typed = " ".join(tokens[0][i : i + 4].lower() for i in range(0, 16, 4))
    cast = post(api(), f"/booth/{vote_id}/ballots", {"token": typed, "choices": ["agree"]})
    assert cast.status_code == 201


def test_named_votes_take_ballots_from_present_voters_once(room):
    head, cid, ids = room["head"], room["conference"]["id"], room["ids"]
    post(head, f"/conferences/{cid}/attendance", {"person_ids": ids[:8]})
    post(head, f"/conferences/{cid}/open")
    vote_id = post(
        head,
        f"/conferences/{cid}/votes",
        {"title": "Biểu quyết", "kind": "motion", "secret": False},
    ).json()["id"]
    post(head, f"/votes/{vote_id}/open")
    voter = api(room["people"][1])
    assert post(voter, f"/votes/{vote_id}/ballots", {"choices": ["agree"]}).status_code == 201
    twice = post(voter, f"/votes/{vote_id}/ballots", {"choices": ["agree"]})
    assert (twice.status_code, twice.json()["code"]) == (409, "already_voted")
    absent = api(room["people"][9])  # not checked in
    assert post(absent, f"/votes/{vote_id}/ballots", {"choices": ["agree"]}).status_code == 403
    for user in room["people"][2:6]:
        assert (
            post(api(user), f"/votes/{vote_id}/ballots", {"choices": ["agree"]}).status_code == 201
        )
    post(head, f"/votes/{vote_id}/close")
    result = head.get(f"/api/v1/votes/{vote_id}/result").json()
    assert (result["present"], result["tally"]["agree"], result["adopted"]) == (8, 5, True)
    bulletin = api().get(f"/api/v1/votes/{vote_id}/bulletin").json()
    assert {b["voter"] for b in bulletin["ballots"]} == {
        u.person.full_name for u in room["people"][1:6]
    }


def test_a_secret_vote_takes_no_named_ballot(room):
    vote_id, _tokens = run_secret_motion(room)
    answer = post(api(room["people"][1]), f"/votes/{vote_id}/ballots", {"choices": ["agree"]})
    assert (answer.status_code, answer.json()["code"]) == (409, "secret_vote")


def test_the_head_may_not_count_and_only_the_chair_runs_votes(room):
    head, cid, ids = room["head"], room["conference"]["id"], room["ids"]
    post(head, f"/conferences/{cid}/attendance", {"person_ids": ids})
    refused = post(head, f"/conferences/{cid}/counting-board", {"person_ids": [ids[0], ids[4]]})
    assert (refused.status_code, refused.json()["code"]) == (422, "head_may_not_count")
    staff = api(room["people"][1])
    board = {"person_ids": ids[4:6]}
    assert post(staff, f"/conferences/{cid}/counting-board", board).status_code == 403
    body = {"title": "X", "kind": "motion", "secret": False}
    assert post(staff, f"/conferences/{cid}/votes", body).status_code == 403
    assert post(api(room["people"][0]), f"/conferences/{cid}/votes", body).status_code == 201


def test_a_vote_does_not_open_without_quorum_art_51_2_c(room):
    head, cid, ids = room["head"], room["conference"]["id"], room["ids"]
    post(head, f"/conferences/{cid}/attendance", {"person_ids": ids[:6]})  # 6 of 10 < 2/3
    post(head, f"/conferences/{cid}/open")
    vote_id = post(
        head, f"/conferences/{cid}/votes", {"title": "X", "kind": "motion", "secret": False}
    ).json()["id"]
    refused = post(head, f"/votes/{vote_id}/open")
    assert (refused.status_code, refused.json()["code"]) == (409, "no_quorum")
    post(head, f"/conferences/{cid}/attendance", {"person_ids": ids[6:7]})  # 7 of 10
    assert post(head, f"/votes/{vote_id}/open").status_code == 200


def test_an_election_reports_elected_and_ties(room):
    head, cid, ids = room["head"], room["conference"]["id"], room["ids"]
    post(head, f"/conferences/{cid}/attendance", {"person_ids": ids})
    post(head, f"/conferences/{cid}/open")
    candidates = ids[1:5]
    vote_id = post(
        head,
        f"/conferences/{cid}/votes",
        {"title": "Bầu", "kind": "election", "secret": False, "candidate_ids": candidates,
         "seats": 2},
    ).json()["id"]  # fmt: skip
    post(head, f"/votes/{vote_id}/open")
    a, b, c, _d = candidates
    plan = [[a, b]] * 6 + [[a, c]] * 2 + [[b, c]] * 2  # a 8, b 8, c 4
    for user, choices in zip(room["people"], plan, strict=True):
        assert post(api(user), f"/votes/{vote_id}/ballots", {"choices": choices}).status_code == 201
    post(head, f"/votes/{vote_id}/close")
    result = head.get(f"/api/v1/votes/{vote_id}/result").json()
    assert (result["elected"], result["tied"]) == (sorted([a, b]), [])
    assert result["tally"][str(a)] == 8


def test_another_units_user_sees_no_conference_or_vote(room, world):
    cid = room["conference"]["id"]
    outsider = api(world.outsider)
    assert outsider.get(f"/api/v1/conferences/{cid}").status_code == 404
    everyone = {"person_ids": room["ids"]}
    assert post(outsider, f"/conferences/{cid}/attendance", everyone).status_code == 404
    vote = post(
        room["head"], f"/conferences/{cid}/votes", {"title": "X", "kind": "motion", "secret": True}
    ).json()["id"]
    assert outsider.get(f"/api/v1/votes/{vote}/result").status_code == 404
    assert post(outsider, f"/votes/{vote}/open").status_code == 404
    assert post(outsider, f"/votes/{vote}/tokens").status_code == 404
    assert Vote.objects.get(pk=vote).status == "draft"


def test_me_names_the_person(world):
    assert person(api(world.staff)) == world.staff.person_id


def test_the_list_filters_and_reads_a_bounded_number_of_rows(
    room, world, django_assert_max_num_queries
):
    head = room["head"]
    for year in (2022, 2023):
        post(head, "/conferences", {"unit_id": world.agency.pk, "year": year, "kind": "annual",
                                    "scheduled_at": HELD_AT.isoformat()})  # fmt: skip
    with django_assert_max_num_queries(12):
        listed = head.get("/api/v1/conferences", {"unit_id": world.agency.pk}).json()
    assert listed["count"] == 3
    assert [c["expected_participants"] for c in listed["items"]] == [10, 10, 10]
    only = head.get("/api/v1/conferences", {"year": 2023}).json()
    assert [c["year"] for c in only["items"]] == [2023]
    assert api(world.outsider).get("/api/v1/conferences").json()["count"] == 0


def test_invitations_notify_everyone_and_disclose_the_plan(room):
    from danchu.disclosures.models import Disclosure
    from danchu.notifications.models import Notification

    cid = room["conference"]["id"]
    answer = post(room["head"], f"/conferences/{cid}/invitations")
    assert answer.status_code == 200, answer.content
    assert answer.json()["notified"] == 10
    plan = Disclosure.objects.get(pk=answer.json()["disclosure_id"])
    assert "Chương trình" in plan.body or "Agenda" in plan.body
    assert Notification.objects.filter(code="conference.invited").count() == 10
    again = post(room["head"], f"/conferences/{cid}/invitations").json()
    assert again["disclosure_id"] == plan.pk  # invited again: no second disclosure
    assert post(api(room["people"][1]), f"/conferences/{cid}/invitations").status_code == 403


def test_the_agenda_starts_in_the_running_order_of_art_51_4_and_is_editable(room):
    cid = room["conference"]["id"]
    items = room["head"].get(f"/api/v1/conferences/{cid}/agenda").json()
    assert [i["step"] for i in items][:2] == ["head_report", "union_report"]
    assert items[-1]["step"] == "resolution"
    added = post(room["head"], f"/conferences/{cid}/agenda", {"title": "Bầu Ban kiểm phiếu"})
    assert added.status_code == 201
    assert (
        room["head"].get(f"/api/v1/conferences/{cid}/agenda").json()[-1]["title"]
        == "Bầu Ban kiểm phiếu"
    )


def test_extraordinary_request_and_second_call_through_the_api(room, world):
    staff = api(room["people"][1])
    asked = {"unit_id": world.agency.pk, "proposer": "staff", "reason": "Bầu bổ sung Ban Thanh tra"}
    opened = post(staff, "/conference-requests", asked)
    assert opened.status_code == 201
    body = opened.json()
    assert (body["supporters"], body["staff"], body["needed"], body["status"]) == (
        1,
        10,
        4,
        "collecting",
    )
    number = body["id"]
    for user in room["people"][2:5]:
        body = post(api(user), f"/conference-requests/{number}/support").json()
    assert (body["supporters"], body["status"]) == (4, "granted")
    cid = room["conference"]["id"]
    refused = post(
        room["head"], f"/conferences/{cid}/second-call", {"scheduled_at": HELD_AT.isoformat()}
    )
    assert (refused.status_code, refused.json()["code"]) == (409, "not_without_quorum")
