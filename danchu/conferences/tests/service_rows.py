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
    "danchu.conferences.preparation",
    "danchu.conferences.calls",
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


def _remote_session(w: Any) -> Conference:
    """In session with the head and the union in the room (2 of 3: the quorum); staff away."""
    conference = planned(w)
    Conference.objects.filter(pk=conference.pk).update(remote_allowed=True)
    attendance.check_in(
        actor=w.head, conference=conference, person_ids=[w.head.person_id, w.union.person_id]
    )
    attendance.open_session(actor=w.head, conference=conference)
    return conference


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
    "danchu.conferences.attendance.check_in_by_code": lambda fn, w: (
        lambda c: (
            lambda: fn(
                actor=w.head, conference=c, code=attendance.personal_code(c, w.staff.person_id)
            )
        )
    )(planned(w)),
    "danchu.conferences.attendance.check_in_remote": lambda fn, w: (
        lambda c: lambda: fn(actor=w.staff, conference=c)
    )(_remote_session(w)),
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
    "danchu.conferences.attendance.personal_code": "signs a code; writes nothing",
    "danchu.conferences.attendance.person_of_code": "reads a code; writes nothing",
    "danchu.conferences.voting.bad_choices": "builds an error; writes nothing",
    "danchu.conferences.voting.eligible": "a read",
    "danchu.conferences.planning.settings_of": "a read",
    "danchu.conferences.planning.work_year_end": "computes a date; writes nothing",
    "danchu.conferences.planning.deadline": "computes a date; writes nothing",
    "danchu.conferences.planning.staff_of": "a read",
    "danchu.conferences.planning.warnings_for": "a read",
    "danchu.conferences.planning.default_title": "text; writes nothing",
}


# --- Preparation and calls (preparation.py, calls.py) ------------------------------------------


def _request_by_staff(w: Any) -> Any:
    from danchu.conferences import calls

    return calls.open_request(actor=w.staff, unit=w.agency, proposer="staff", reason="Quỹ")


def _failed_call(w: Any, *, call: int = 1) -> Conference:
    conference = planned(w)
    attendance.check_in(actor=w.head, conference=conference, person_ids=[w.head.person_id])
    attendance.open_session(actor=w.head, conference=conference)
    conference = attendance.end_session(actor=w.head, conference=conference)
    if call == 2:
        from danchu.conferences import calls

        second = calls.convene_second_call(
            actor=w.head, conference=conference, scheduled_at=w.now + dt.timedelta(days=9)
        )
        attendance.check_in(actor=w.head, conference=second, person_ids=[w.head.person_id])
        attendance.open_session(actor=w.head, conference=second)
        conference = attendance.end_session(actor=w.head, conference=second)
    return conference


def _delegate_conference(w: Any) -> Conference:
    from danchu.organizations.models import UnitSettings

    UnitSettings.objects.create(unit=w.agency, dispersed=True)
    with time_machine.travel(w.now, tick=False):
        conference, _warnings = planning.plan_conference(
            actor=w.head, unit=w.agency, year=w.now.year - 1, kind="annual",
            scheduled_at=w.now + dt.timedelta(days=7), format="delegate",
        )  # fmt: skip
    return conference


def _allotted(w: Any) -> Conference:
    from danchu.conferences import calls

    conference = _delegate_conference(w)
    calls.allot_delegates(actor=w.head, conference=conference, seats={w.agency.pk: 2})
    return conference


def _written(w: Any) -> Conference:
    from danchu.conferences import calls

    return calls.propose_written_ballot(actor=w.head, conference=planned(w), force_majeure="Bão")


ROWS |= {
    "danchu.conferences.preparation.add_agenda_item": lambda fn, w: (
        lambda c: lambda: fn(actor=w.head, conference=c, title="Bầu Ban kiểm phiếu")
    )(planned(w)),
    "danchu.conferences.preparation.rename_agenda_item": lambda fn, w: (
        lambda c: lambda: fn(actor=w.head, item=c.agenda.first(), title="Khai mạc")
    )(planned(w)),
    "danchu.conferences.preparation.move_agenda_item": lambda fn, w: (
        lambda c: lambda: fn(actor=w.head, item=c.agenda.last(), up=True)
    )(planned(w)),
    "danchu.conferences.preparation.remove_agenda_item": lambda fn, w: (
        lambda c: lambda: fn(actor=w.head, item=c.agenda.last())
    )(planned(w)),
    "danchu.conferences.preparation.set_contents": lambda fn, w: (
        lambda c: lambda: fn(actor=w.head, conference=c, codes=["a", "b"])
    )(planned(w)),
    "danchu.conferences.preparation.attach_document": lambda fn, w: (
        lambda c: lambda: fn(actor=w.head, conference=c, disclosure=_disclosure(w))
    )(planned(w)),
    "danchu.conferences.preparation.detach_document": lambda fn, w: (
        lambda c: (
            lambda: fn(
                actor=w.head,
                document=__import__(
                    "danchu.conferences.preparation", fromlist=["x"]
                ).attach_document(actor=w.head, conference=c, disclosure=_disclosure(w)),
            )
        )
    )(planned(w)),
    "danchu.conferences.preparation.send_invitations": lambda fn, w: (
        lambda c: lambda: fn(actor=w.head, conference=c)
    )(planned(w)),
    "danchu.conferences.calls.open_request": lambda fn, w: (
        lambda: fn(actor=w.staff, unit=w.agency, proposer="staff", reason="Quỹ phúc lợi")
    ),
    "danchu.conferences.calls.support_request": lambda fn, w: (
        lambda r: lambda: fn(actor=w.union, request=r)
    )(_request_by_staff(w)),
    "danchu.conferences.calls.withdraw_request": lambda fn, w: (
        lambda r: lambda: fn(actor=w.staff, request=r)
    )(_request_by_staff(w)),
    "danchu.conferences.calls.allot_delegates": lambda fn, w: (
        lambda c: lambda: fn(actor=w.head, conference=c, seats={w.agency.pk: 2})
    )(_delegate_conference(w)),
    "danchu.conferences.calls.choose_delegates": lambda fn, w: (
        lambda c: (
            lambda: fn(
                actor=w.head, conference=c, department=w.agency, person_ids=[w.staff.person_id]
            )
        )
    )(_allotted(w)),
    "danchu.conferences.calls.convene_second_call": lambda fn, w: (
        lambda c: lambda: fn(actor=w.head, conference=c, scheduled_at=w.now)
    )(_failed_call(w)),
    "danchu.conferences.calls.propose_written_ballot": lambda fn, w: (
        lambda c: lambda: fn(actor=w.head, conference=c)
    )(_failed_call(w, call=2)),
    "danchu.conferences.calls.agree_written_ballot": lambda fn, w: (
        lambda c: lambda: fn(actor=w.union, conference=c)
    )(_written(w)),
}
NOT_WRITES |= {
    "danchu.conferences.calls.supporters_needed": "arithmetic; writes nothing",
    "danchu.conferences.calls.enough_support": "arithmetic; writes nothing",
    "danchu.conferences.calls.sub_units": "a read",
    "danchu.conferences.calls.written_base": "a read",
}


def _disclosure(w: Any) -> Any:
    from danchu.disclosures.services import publish_disclosure

    return publish_disclosure(
        actor=w.head,
        unit=w.agency,
        category="work_plan",
        title="Kế hoạch",
        body="Nội dung",
        decision_date=w.now.date(),
    )
