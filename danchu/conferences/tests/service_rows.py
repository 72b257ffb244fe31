"""The conference's rows of the audit test's table (danchu/audit/tests/service_rows.py): how to
call each write service of the conference modules in the audit test's small world."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine

from danchu.conferences import attendance, booth, planning, voting
from danchu.conferences.models import Conference, Vote

# The conference modules that hold write services (the audit test lists their public functions).
MODULES = (
    "danchu.conferences.planning",
    "danchu.conferences.attendance",
    "danchu.conferences.voting",
    "danchu.conferences.booth",
)


def planned(w: Any) -> Conference:
    """The annual conference reviewing the year before `w.now`, a week later."""
    with time_machine.travel(w.now, tick=False):
        conference, _warnings = planning.plan_conference(
            actor=w.head,
            unit=w.agency,
            year=w.now.year - 1,
            kind="annual",
            scheduled_at=w.now + dt.timedelta(days=7),
        )
    return conference


def present(w: Any) -> Conference:
    conference = planned(w)
    everyone = [w.head.person_id, w.union.person_id, w.staff.person_id]
    attendance.check_in(actor=w.head, conference=conference, person_ids=everyone)
    return conference


def in_session(w: Any) -> Conference:
    conference = present(w)
    attendance.open_session(actor=w.head, conference=conference)
    voting.set_counting_board(actor=w.head, conference=conference, person_ids=[w.union.person_id])
    return conference


def a_vote(w: Any, *, secret: bool, opened: bool = True) -> Vote:
    vote = voting.create_vote(
        actor=w.head, conference=in_session(w), title="Biểu quyết", kind="motion", secret=secret
    )
    return voting.open_vote(actor=w.head, vote=vote) if opened else vote


def _paper_entered_once(fn: Any, w: Any) -> Any:
    vote = a_vote(w, secret=True)
    booth.issue_paper(actor=w.union, vote=vote, person_ids=[w.staff.person_id])
    return lambda: fn(actor=w.union, vote=vote, number=1, ballots=[["agree"]])


ROWS: dict[str, Any] = {
    "danchu.conferences.planning.plan_conference": lambda fn, w: (
        lambda: fn(
            actor=w.head,
            unit=w.agency,
            year=w.now.year - 1,
            kind="annual",
            scheduled_at=w.now + dt.timedelta(days=7),
        )
    ),
    "danchu.conferences.attendance.check_in": lambda fn, w: (
        lambda c: lambda: fn(actor=w.head, conference=c, person_ids=[w.staff.person_id])
    )(planned(w)),
    "danchu.conferences.attendance.open_session": lambda fn, w: (
        lambda c: lambda: fn(actor=w.head, conference=c)
    )(present(w)),
    "danchu.conferences.attendance.end_session": lambda fn, w: (
        lambda c: lambda: fn(actor=w.head, conference=c)
    )(in_session(w)),
    "danchu.conferences.voting.set_counting_board": lambda fn, w: (
        lambda c: lambda: fn(actor=w.head, conference=c, person_ids=[w.staff.person_id])
    )(present(w)),
    "danchu.conferences.voting.create_vote": lambda fn, w: (
        lambda c: lambda: fn(actor=w.head, conference=c, title="X", kind="motion", secret=False)
    )(in_session(w)),
    "danchu.conferences.voting.open_vote": lambda fn, w: (
        lambda v: lambda: fn(actor=w.head, vote=v)
    )(a_vote(w, secret=False, opened=False)),
    "danchu.conferences.voting.close_vote": lambda fn, w: (
        lambda v: lambda: fn(actor=w.head, vote=v)
    )(a_vote(w, secret=False)),
    "danchu.conferences.voting.cast_open_ballot": lambda fn, w: (
        lambda v: lambda: fn(actor=w.staff, vote=v, choices=["agree"])
    )(a_vote(w, secret=False)),
    "danchu.conferences.booth.take_token": lambda fn, w: (
        lambda v: lambda: fn(actor=w.staff, vote=v)
    )(a_vote(w, secret=True)),
    "danchu.conferences.booth.issue_slips": lambda fn, w: (
        lambda v: lambda: fn(actor=w.union, vote=v)
    )(a_vote(w, secret=True)),
    "danchu.conferences.booth.issue_paper": lambda fn, w: (
        lambda v: lambda: fn(actor=w.union, vote=v, person_ids=[w.staff.person_id])
    )(a_vote(w, secret=True)),
    "danchu.conferences.booth.enter_paper_batch": _paper_entered_once,
}

NOT_WRITES: dict[str, str] = {
    "danchu.conferences.booth.cast_secret": (
        "a secret ballot: an anonymous act, audited in its day's sealed batch, never at once"
    ),
    "danchu.conferences.booth.is_counter": "a read",
    "danchu.conferences.booth.normalise_token": "text; writes nothing",
    "danchu.conferences.booth.token_digest": "a digest; writes nothing",
    "danchu.conferences.booth.show_token": "text; writes nothing",
    "danchu.conferences.attendance.quorum_of": "a read",
    "danchu.conferences.voting.bad_choices": "builds an error; writes nothing",
    "danchu.conferences.voting.eligible": "a read",
    "danchu.conferences.planning.settings_of": "a read",
    "danchu.conferences.planning.work_year_end": "computes a date; writes nothing",
    "danchu.conferences.planning.deadline": "computes a date; writes nothing",
    "danchu.conferences.planning.staff_of": "a read",
    "danchu.conferences.planning.warnings_for": "a read",
    "danchu.conferences.planning.default_title": "text; writes nothing",
}
