"""The People's Inspection Board: nomination and recognition (Law 10/2022/QH15 art. 60,
Decree 59/2023 art. 21; LEGAL-CATALOGUE §8)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from danchu.audit.models import Entry
from danchu.conferences import attendance, board, voting
from danchu.conferences.errors import Invalid, Refused
from danchu.conferences.models import BoardRecognition, Purpose, Vote, VoteKind
from danchu.conferences.tests.board_helpers import (
    candidates,
    elect,
    nominate,
    person_of,
    roles_for,
    vote_in,
)
from danchu.conferences.tests.conftest import Hall, plan
from danchu.conferences.tests.conftest import people as ids_of
from danchu.facts.models import Fact
from danchu.organizations.models import Body, BodyKind, BodyMember
from danchu.people.models import Role, RoleAssignment, User
from danchu.people.tests.world import BASE, World

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(frozen: time_machine.Traveller) -> time_machine.Traveller:
    return frozen


# --- nomination --------------------------------------------------------------------------------


@pytest.mark.parametrize("seats", [2, 10])
def test_art_60_1_fewer_than_3_or_more_than_9_seats_are_refused(clock, hall: Hall, seats):
    with pytest.raises(Invalid) as refused:
        nominate(hall, seats, candidates(hall, 9))
    assert refused.value.code == "board_seats"
    assert "Khoản 1 Điều 60" in str(refused.value.message)


@pytest.mark.parametrize("seats", [3, 9])
def test_art_60_1_3_and_9_seats_are_accepted(clock, hall: Hall, seats):
    vote = nominate(hall, seats, candidates(hall, 9))
    assert (vote.kind, vote.purpose, vote.secret, vote.seats) == (
        VoteKind.ELECTION,
        Purpose.INSPECTION_BOARD,
        True,
        seats,
    )
    assert vote.candidates.count() == 9


@pytest.mark.parametrize("role", [Role.HEAD, Role.DEPUTY_HEAD, Role.CHIEF_ACCOUNTANT])
def test_art_60_2_the_head_a_deputy_or_the_chief_accountant_may_not_stand(clock, hall, role):
    person = person_of(hall.voters[5])
    RoleAssignment.objects.create(
        person=person, unit=hall.world.agency, role=role, valid_from=dt.date(2020, 1, 1)
    )
    with pytest.raises(Invalid) as refused:
        nominate(hall, 3, candidates(hall, 5))
    assert refused.value.code == "board_candidate_barred"
    assert "Khoản 2 Điều 60" in str(refused.value.message)
    assert person.full_name in str(refused.value.message)


def test_art_60_2_a_role_that_has_ended_does_not_bar(clock, hall: Hall):
    RoleAssignment.objects.create(
        person=person_of(hall.voters[2]),
        unit=hall.world.agency,
        role=Role.DEPUTY_HEAD,
        valid_from=dt.date(2020, 1, 1),
        valid_to=dt.date(2024, 12, 31),
    )
    assert nominate(hall, 3).seats == 3


def test_the_head_as_candidate_is_refused(clock, hall: Hall):
    with pytest.raises(Invalid, match="Khoản 2 Điều 60"):
        nominate(hall, 3, [hall.head, *candidates(hall, 2)])


def _unit_with(world: World, member_of: Callable[..., User], staff: int):
    """A conference of the world's agency with `staff` staff in all (the world has 4)."""
    extra = [member_of(world.agency, Role.STAFF) for _ in range(staff - 4)]
    conference = plan(world)
    return conference, [world.staff, world.dept_staff, *extra]


def test_d59_21_2_no_board_in_a_unit_of_7_staff(clock, world: World, member_of):
    conference, people = _unit_with(world, member_of, 7)
    assert conference.staff_count == 7
    with pytest.raises(Invalid) as refused:
        board.nominate_board(
            actor=world.union,
            conference=conference,
            seats=3,
            candidate_ids=ids_of(*people[:3]),
        )
    assert refused.value.code == "board_unit_too_small"
    assert "Khoản 2 Điều 21" in str(refused.value.message)


def test_d59_21_2_a_unit_of_8_staff_may_elect_one(clock, world: World, member_of):
    conference, people = _unit_with(world, member_of, 8)
    assert conference.staff_count == 8
    vote = board.nominate_board(
        actor=world.union,
        conference=conference,
        seats=3,
        candidate_ids=ids_of(*people[:3]),
    )
    assert vote.purpose == Purpose.INSPECTION_BOARD


def test_candidates_must_be_participants(clock, hall: Hall, member_of):
    outsider = hall.world.outsider
    with pytest.raises(Invalid) as refused:
        nominate(hall, 3, [*candidates(hall, 2), outsider])
    assert refused.value.code == "candidate_not_participant"


def test_fewer_candidates_than_seats_is_refused(clock, hall: Hall):
    with pytest.raises(Invalid) as refused:
        nominate(hall, 4, candidates(hall, 3))
    assert refused.value.code == "board_too_few_candidates"


@pytest.mark.parametrize("who", ["head", "staff", "outsider", "supervisor"])
def test_art_60_1_only_the_union_nominates(clock, hall: Hall, who):
    with pytest.raises(PermissionDenied):
        board.nominate_board(
            actor=getattr(hall.world, who),
            conference=hall.conference,
            seats=3,
            candidate_ids=ids_of(*candidates(hall, 3)),
        )


def test_art_60_1_the_chair_cannot_put_the_board_election_himself(clock, hall: Hall):
    with pytest.raises(Invalid) as refused:
        voting.create_vote(
            actor=hall.head,
            conference=hall.conference,
            title="BTTND",
            kind="election",
            secret=True,
            seats=3,
            candidate_ids=ids_of(*candidates(hall, 3)),
            purpose=Purpose.INSPECTION_BOARD,
        )
    assert refused.value.code == "board_by_union"


def test_a_second_nomination_waits_for_the_first_vote(clock, hall: Hall):
    nominate(hall)
    with pytest.raises(Refused) as refused:
        nominate(hall)
    assert refused.value.code == "board_vote_pending"


def test_nomination_is_audited(clock, hall: Hall):
    vote = nominate(hall)
    entry = Entry.objects.filter(action="conferences.board_nominated").get()
    assert entry.changes["seats"] == 3
    assert vote.created_by == hall.world.union


# --- recognition -------------------------------------------------------------------------------


def test_recognition_creates_the_board_for_2_years(clock, hall: Hall):
    vote = elect(hall, 3)
    elected = vote.outcome["elected"]
    roles = {elected[0]: "chair", elected[1]: "vice_chair", elected[2]: "member"}
    done = board.recognise_board(actor=hall.world.union, vote=vote, roles=roles)
    body = Body.objects.get(pk=done.body.pk)
    # Art. 60.3: a 2-year term from the day of recognition.
    assert body.kind == BodyKind.INSPECTION_BOARD
    assert body.unit == hall.world.agency
    assert (body.term_start, body.term_end) == (dt.date(2025, 3, 5), dt.date(2027, 3, 4))
    members = {m.person_id: m.role for m in BodyMember.objects.filter(body=body)}
    assert members == roles
    given = {
        r.person_id: (r.role, r.valid_from, r.valid_to)
        for r in RoleAssignment.objects.filter(role__startswith="inspection_")
    }
    assert given == {
        elected[0]: (Role.INSPECTION_CHAIR, dt.date(2025, 3, 5), dt.date(2027, 3, 4)),
        elected[1]: (Role.INSPECTION_VICE_CHAIR, dt.date(2025, 3, 5), dt.date(2027, 3, 4)),
        elected[2]: (Role.INSPECTION_MEMBER, dt.date(2025, 3, 5), dt.date(2027, 3, 4)),
    }
    recognition = BoardRecognition.objects.get(vote=vote)
    assert recognition.body == body
    assert recognition.recognised_by_id == hall.world.union.person_id
    assert Entry.objects.filter(action="conferences.board_recognised").count() == 1


def test_the_fact_inspection_board_term_started_is_emitted(clock, hall: Hall):
    vote = elect(hall, 3)
    done = board.recognise_board(actor=hall.world.union, vote=vote, roles=roles_for(vote))
    fact = Fact.objects.get(kind="inspection_board.term_started")
    assert fact.unit_id == hall.world.agency.pk
    assert fact.occurred_on == dt.date(2025, 3, 5)
    assert fact.data["body"] == done.body.pk
    assert (fact.data["term_start"], fact.data["term_end"]) == ("2025-03-05", "2027-03-04")
    assert [m["person_id"] for m in fact.data["members"]] == vote.outcome["elected"]


def test_d59_21_1_recognition_on_the_5th_working_day_is_accepted(clock, hall: Hall):
    vote = elect(hall, 3)  # the conference ends on Wednesday 05/03/2025
    clock.move_to(BASE.replace(day=12, hour=16))  # Wednesday 12/03: the 5th working day
    done = board.recognise_board(actor=hall.world.union, vote=vote, roles=roles_for(vote))
    assert done.body.term_start == dt.date(2025, 3, 12)
    assert done.body.term_end == dt.date(2027, 3, 11)


def test_d59_21_1_recognition_after_5_working_days_is_refused(clock, hall: Hall):
    vote = elect(hall, 3)
    clock.move_to(BASE.replace(day=13, hour=8))  # Thursday 13/03: the 6th working day
    with pytest.raises(Refused) as refused:
        board.recognise_board(actor=hall.world.union, vote=vote, roles=roles_for(vote))
    assert refused.value.code == "recognition_late"
    assert "Khoản 1 Điều 21" in str(refused.value.message)
    assert "12/03/2025" in str(refused.value.message)
    assert not Body.objects.exists()


def _tied(hall: Hall) -> tuple[Vote, list[User]]:
    """A elected outright; B, C and D tied for the last two of 3 seats (6 votes each of 10)."""
    a, b, c, d = candidates(hall, 4)
    ballots = [[a, b, c]] * 2 + [[a, b, d]] * 2 + [[a, c, d]] * 2
    ballots += [[a, b, c], [a, b, d], [a, c, d], [a]]
    vote = vote_in(hall, nominate(hall, 3, [a, b, c, d]), ballots)
    assert vote.outcome == {"elected": [a.person_id], "tied": sorted(ids_of(b, c, d))}
    return vote, [a, b, c, d]


def test_ties_for_the_last_seat_block_recognition(clock, hall: Hall):
    vote, (a, *_rest) = _tied(hall)
    attendance.end_session(actor=hall.head, conference=hall.conference)
    with pytest.raises(Refused) as refused:
        board.recognise_board(actor=hall.world.union, vote=vote, roles={a.person_id: "chair"})
    assert refused.value.code == "board_tied"
    assert not Body.objects.exists()


def test_a_new_vote_between_the_tied_fills_the_seats_left(clock, hall: Hall):
    first, (a, b, c, d) = _tied(hall)
    with pytest.raises(Invalid) as refused:
        nominate(hall, 3, [b, c, d])  # 2 seats are left, not 3
    assert refused.value.code == "board_runoff_seats"
    second = vote_in(hall, nominate(hall, 2, [b, c, d]), [[b, c]] * 10)
    assert second.outcome == {"elected": sorted(ids_of(b, c)), "tied": []}
    attendance.end_session(actor=hall.head, conference=hall.conference)
    roles = {a.person_id: "chair", b.person_id: "vice_chair", c.person_id: "member"}
    with pytest.raises(Refused) as later:
        board.recognise_board(actor=hall.world.union, vote=first, roles=roles)
    assert later.value.code == "board_later_vote"
    done = board.recognise_board(actor=hall.world.union, vote=second, roles=roles)
    assert {m["person_id"] for m in done.members} == set(ids_of(a, b, c))
    assert done.body.members.count() == 3


def test_a_complete_result_is_recognised_not_voted_again(clock, hall: Hall):
    vote_in(hall, nominate(hall, 3), [candidates(hall, 3)] * 10)
    with pytest.raises(Refused) as refused:
        nominate(hall, 3)
    assert refused.value.code == "board_elected"


def test_recognition_waits_for_the_end_of_the_conference(clock, hall: Hall):
    vote = elect(hall, 3, end=False)
    with pytest.raises(Refused) as refused:
        board.recognise_board(actor=hall.world.union, vote=vote, roles=roles_for(vote))
    assert refused.value.code == "conference_not_ended"


def test_only_the_elected_get_roles(clock, hall: Hall):
    vote = elect(hall, 3)
    roles = roles_for(vote) | {hall.voters[8].person_id: "member"}
    with pytest.raises(Invalid) as refused:
        board.recognise_board(actor=hall.world.union, vote=vote, roles=roles)
    assert refused.value.code == "board_roles_members"


@pytest.mark.parametrize("chairs", [0, 2])
def test_d59_21_3_exactly_one_chair(clock, hall: Hall, chairs):
    vote = elect(hall, 3)
    elected = vote.outcome["elected"]
    roles = {p: ("chair" if n < chairs else "member") for n, p in enumerate(elected)}
    with pytest.raises(Invalid) as refused:
        board.recognise_board(actor=hall.world.union, vote=vote, roles=roles)
    assert refused.value.code == "board_one_chair"


def test_d59_21_3_at_most_2_vice_chairs(clock, hall: Hall):
    vote = elect(hall, 4)
    elected = vote.outcome["elected"]
    roles = {p: ("chair" if n == 0 else "vice_chair") for n, p in enumerate(elected)}
    with pytest.raises(Invalid) as refused:
        board.recognise_board(actor=hall.world.union, vote=vote, roles=roles)
    assert refused.value.code == "board_vice_chairs"
    roles[elected[3]] = "member"
    assert board.recognise_board(actor=hall.world.union, vote=vote, roles=roles).body


def test_recognised_once(clock, hall: Hall):
    vote = elect(hall, 3)
    board.recognise_board(actor=hall.world.union, vote=vote, roles=roles_for(vote))
    with pytest.raises(Refused) as refused:
        board.recognise_board(actor=hall.world.union, vote=vote, roles=roles_for(vote))
    assert refused.value.code == "board_recognised"


@pytest.mark.parametrize("who", ["head", "staff", "outsider"])
def test_only_the_union_of_the_unit_recognises(clock, hall: Hall, who):
    vote = elect(hall, 3)
    with pytest.raises(PermissionDenied):
        board.recognise_board(actor=getattr(hall.world, who), vote=vote, roles=roles_for(vote))


def test_another_units_union_is_refused(clock, hall: Hall, member_of):
    other_union = member_of(hall.world.other, Role.UNION_CHAIR)
    with pytest.raises(PermissionDenied):
        board.nominate_board(
            actor=other_union,
            conference=hall.conference,
            seats=3,
            candidate_ids=ids_of(*candidates(hall, 3)),
        )
    vote = elect(hall, 3)
    with pytest.raises(PermissionDenied):
        board.recognise_board(actor=other_union, vote=vote, roles=roles_for(vote))


def test_d59_29_2_the_earlier_board_serves_until_the_new_one(clock, hall: Hall):
    old = Body.objects.create(
        unit=hall.world.agency,
        kind=BodyKind.INSPECTION_BOARD,
        name="Ban Thanh tra nhân dân 2023–2025",
        term_start=dt.date(2023, 4, 1),
        term_end=dt.date(2025, 3, 31),
    )
    BodyMember.objects.create(
        body=old, person=person_of(hall.world.staff), role="chair", since=dt.date(2023, 4, 1)
    )
    RoleAssignment.objects.create(
        person=person_of(hall.world.staff),
        unit=hall.world.agency,
        role=Role.INSPECTION_CHAIR,
        valid_from=dt.date(2023, 4, 1),
        valid_to=dt.date(2025, 3, 31),
    )
    vote = elect(hall, 3)
    done = board.recognise_board(actor=hall.world.union, vote=vote, roles=roles_for(vote))
    old.refresh_from_db()
    assert old.term_end == dt.date(2025, 3, 4)
    assert old.members.get().until == dt.date(2025, 3, 4)
    old_role = RoleAssignment.objects.get(valid_from=dt.date(2023, 4, 1))
    assert old_role.valid_to == dt.date(2025, 3, 4)
    assert done.body.term_start == dt.date(2025, 3, 5)


def test_term_of_a_leap_day():
    assert board.term_of(dt.date(2028, 2, 29)) == (dt.date(2028, 2, 29), dt.date(2030, 2, 28))
    assert board.term_of(dt.date(2025, 3, 5)) == (dt.date(2025, 3, 5), dt.date(2027, 3, 4))
