"""Who calls the conference and in what form: extraordinary requests (art. 50.1, one third of
staff, exact), delegates per sub-unit (art. 51.2.b), a second call and the written ballot
(art. 50.2) with its adoption base as the unit's settings say."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from danchu.conferences import attendance, calls, planning, voting
from danchu.conferences.errors import Invalid, Refused
from danchu.conferences.models import Format, Proposer, RequestStatus, Status
from danchu.conferences.tests.conftest import HELD_AT, people, plan
from danchu.organizations.models import UnitSettings
from danchu.people.models import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("staff", "needed"), [(3, 1), (9, 3), (10, 4), (12, 4), (100, 34)])
def test_one_third_of_staff_is_counted_exactly_art_50_1(staff, needed):
    assert calls.supporters_needed(staff) == needed
    assert calls.enough_support(needed, staff)
    assert not calls.enough_support(needed - 1, staff)


def test_a_staff_request_is_granted_at_one_third_art_50_1(world, member_of):
    extra = [member_of(world.agency, Role.STAFF) for _ in range(5)]  # 9 staff in all
    request = calls.open_request(
        actor=world.staff, unit=world.agency, proposer=Proposer.STAFF, reason="Quỹ phúc lợi"
    )
    assert (request.staff_at_opening, request.status) == (9, RequestStatus.COLLECTING)
    calls.support_request(actor=extra[0], request=request)
    calls.support_request(actor=extra[0], request=request)  # signing twice counts once
    request.refresh_from_db()
    assert request.supporters.count() == 2
    assert request.status == RequestStatus.COLLECTING  # 2 of 9 < 1/3
    calls.support_request(actor=extra[1], request=request)  # 3 of 9 = 1/3 exactly
    request.refresh_from_db()
    assert request.status == RequestStatus.GRANTED
    conference, _warnings = planning.plan_conference(
        actor=world.head, unit=world.agency, year=2025, kind="extraordinary",
        scheduled_at=HELD_AT, request=request,
    )  # fmt: skip
    assert conference.request == request


def test_the_union_or_the_head_asks_alone_and_others_cannot_art_50_1(world):
    union = calls.open_request(
        actor=world.union, unit=world.agency, proposer=Proposer.UNION, reason="Bầu bổ sung"
    )
    assert union.status == RequestStatus.GRANTED
    with pytest.raises(PermissionDenied):
        calls.open_request(
            actor=world.staff, unit=world.agency, proposer=Proposer.UNION, reason="x"
        )
    with pytest.raises(PermissionDenied):
        calls.open_request(
            actor=world.outsider, unit=world.agency, proposer=Proposer.STAFF, reason="x"
        )


def test_delegates_are_allotted_per_sub_unit_and_chosen_from_it_art_51_2_b(world, member_of):
    UnitSettings.objects.create(unit=world.agency, dispersed=True)
    conference = plan(world, format=Format.DELEGATE)
    assert conference.participants.count() == 0  # nobody summoned before the delegates
    calls.allot_delegates(
        actor=world.head, conference=conference, seats={world.dept.pk: 1, world.agency.pk: 2}
    )
    chosen = calls.choose_delegates(
        actor=world.head, conference=conference, department=world.dept,
        person_ids=people(world.dept_staff),
    )  # fmt: skip
    assert chosen == people(world.dept_staff)
    with pytest.raises(Invalid) as too_many:
        calls.choose_delegates(
            actor=world.head, conference=conference, department=world.agency,
            person_ids=people(world.head, world.staff, world.union),
        )  # fmt: skip
    assert too_many.value.code == "too_many"
    with pytest.raises(Invalid) as elsewhere:
        calls.choose_delegates(
            actor=world.head, conference=conference, department=world.agency,
            person_ids=people(world.dept_staff),
        )  # fmt: skip
    assert elsewhere.value.code == "not_in_sub_unit"
    calls.choose_delegates(
        actor=world.head, conference=conference, department=world.agency,
        person_ids=people(world.staff, world.union),
    )  # fmt: skip
    quorum = attendance.quorum_of(conference)
    assert quorum.expected == 3  # art. 51.2.c: 2/3 of the summoned delegates
    assert quorum.needed == 2


def _failed(world, conference):
    attendance.check_in(actor=world.head, conference=conference, person_ids=people(world.head))
    attendance.open_session(actor=world.head, conference=conference)
    return attendance.end_session(actor=world.head, conference=conference)


def test_second_call_then_written_ballot_with_the_union_art_50_2(world):
    first = _failed(world, plan(world))
    assert first.status == Status.NO_QUORUM
    with pytest.raises(Refused):
        calls.propose_written_ballot(actor=world.head, conference=first)  # a second call first
    second = calls.convene_second_call(actor=world.head, conference=first, scheduled_at=HELD_AT)
    assert (second.call, second.first_call, second.participants.count()) == (2, first, 4)
    second = _failed(world, second)
    written = calls.propose_written_ballot(actor=world.head, conference=second)
    assert written.format == Format.WRITTEN
    with pytest.raises(Refused) as waiting:
        attendance.open_session(actor=world.head, conference=written)
    assert waiting.value.code == "union_not_agreed"
    calls.agree_written_ballot(actor=world.union, conference=written)
    attendance.open_session(actor=world.head, conference=written)
    vote = voting.create_vote(
        actor=world.head, conference=written, title="Quy chế chi tiêu", kind="motion", secret=False
    )
    voting.open_vote(actor=world.head, vote=vote)  # no quorum in a written ballot
    for user in (world.staff, world.dept_staff):  # 2 of 4 forms returned, both agree
        voting.cast_open_ballot(actor=user, vote=vote, choices=["agree"])
    closed = voting.close_vote(actor=world.head, vote=vote)
    assert (closed.present, closed.outcome) == (4, {"adopted": False})  # 2 of all 4 staff


def test_the_written_ballots_base_can_be_the_forms_returned(world):
    UnitSettings.objects.create(unit=world.agency, written_ballot_base="returned")
    written = calls.propose_written_ballot(
        actor=world.head, conference=plan(world), force_majeure="Bão số 3 làm ngập trụ sở"
    )
    calls.agree_written_ballot(actor=world.union, conference=written)
    attendance.open_session(actor=world.head, conference=written)
    vote = voting.create_vote(
        actor=world.head, conference=written, title="Q", kind="motion", secret=False
    )
    voting.open_vote(actor=world.head, vote=vote)
    for user in (world.staff, world.dept_staff):
        voting.cast_open_ballot(actor=user, vote=vote, choices=["agree"])
    closed = voting.close_vote(actor=world.head, vote=vote)
    assert (closed.present, closed.outcome) == (2, {"adopted": True})  # 2 of the 2 returned
    held = attendance.end_session(actor=world.head, conference=written)
    assert held.status == Status.HELD
