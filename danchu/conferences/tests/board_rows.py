"""The People's Inspection Board's rows of the audit test's table (danchu/audit/tests/
service_rows.py): how to call `board.nominate_board` and `board.recognise_board` in the audit
test's small world (head, union chair, one staff member), grown to 8 staff so a board may be
formed (Decree 59/2023 art. 21.2)."""

from __future__ import annotations

from typing import Any

import time_machine

from danchu.conferences import attendance, board, booth, voting
from danchu.conferences.models import Conference, Vote
from danchu.conferences.tests.service_rows import planned
from danchu.people.models import Role, RoleAssignment
from danchu.people.tests.factories import PersonFactory

MODULES = ("danchu.conferences.board",)


def _eight_staff(w: Any) -> list[int]:
    """Five more staff in the agency (8 with head, union chair and staff): their person ids."""
    people = [PersonFactory.create(unit=w.agency) for _ in range(5)]
    for person in people:
        RoleAssignment.objects.create(
            person=person, unit=w.agency, role=Role.STAFF, valid_from=w.now.date()
        )
    return [p.pk for p in people]


def _in_session(w: Any) -> tuple[Conference, list[int]]:
    extra = _eight_staff(w)
    conference = planned(w)
    everyone = list(conference.participants.values_list("person_id", flat=True))
    attendance.check_in(actor=w.head, conference=conference, person_ids=everyone)
    attendance.open_session(actor=w.head, conference=conference)
    voting.set_counting_board(actor=w.head, conference=conference, person_ids=[w.union.person_id])
    return conference, extra


def _nominated(fn: Any, w: Any) -> Any:
    conference, extra = _in_session(w)
    return lambda: fn(actor=w.union, conference=conference, seats=3, candidate_ids=extra[:3])


def _elected(w: Any) -> tuple[Vote, list[int]]:
    with time_machine.travel(w.now, tick=False):
        conference, extra = _in_session(w)
        vote = board.nominate_board(
            actor=w.union, conference=conference, seats=3, candidate_ids=extra[:3]
        )
        voting.open_vote(actor=w.head, vote=vote)
        for token in booth.issue_slips(actor=w.union, vote=vote):
            booth.cast_secret(vote_id=vote.pk, token=token, choices=extra[:3])
        voting.close_vote(actor=w.head, vote=vote)
        attendance.end_session(actor=w.head, conference=conference)
    vote.refresh_from_db()
    return vote, extra[:3]


def _recognised(fn: Any, w: Any) -> Any:
    vote, members = _elected(w)
    roles = {members[0]: "chair", members[1]: "member", members[2]: "member"}

    def call() -> Any:
        with time_machine.travel(w.now, tick=False):
            return fn(actor=w.union, vote=vote, roles=roles)

    return call


ROWS: dict[str, Any] = {
    "danchu.conferences.board.nominate_board": _nominated,
    "danchu.conferences.board.recognise_board": _recognised,
}

NOT_WRITES: dict[str, str] = {
    "danchu.conferences.board.check_nomination": "the nomination's rules; writes nothing",
    "danchu.conferences.board.check_recognition": "the check page's dry run; writes nothing",
    "danchu.conferences.board.recognition_deadline": "computes a date; writes nothing",
    "danchu.conferences.board.term_of": "computes dates; writes nothing",
}
