"""The records' rows of the audit test's table (danchu/audit/tests/service_rows.py): how to call
each write service of `danchu.conferences.records` in the audit test's small world."""

from __future__ import annotations

from typing import Any

from danchu.conferences import records, records_queries, voting
from danchu.conferences.models import Conference, ResolutionReview
from danchu.conferences.tests.service_rows import in_session

MODULES = ("danchu.conferences.records",)


def resolution_voted(w: Any) -> Conference:
    """A conference whose drafted resolution its three present staff adopted by an open vote."""
    conference = in_session(w)
    records.draft_resolution(actor=w.head, conference=conference, text="Điều 1. Thông qua.")
    vote = voting.create_vote(
        actor=w.head, conference=conference, title="Thông qua Nghị quyết", kind="motion",
        secret=False, purpose="resolution",
    )  # fmt: skip
    voting.open_vote(actor=w.head, vote=vote)
    for voter in (w.head, w.union, w.staff):
        voting.cast_open_ballot(actor=voter, vote=vote, choices=["agree"])
    voting.close_vote(actor=w.head, vote=vote)
    return conference


def first_review(w: Any) -> ResolutionReview:
    conference = resolution_voted(w)
    resolution = records.adopt_resolution(actor=w.head, conference=conference)
    return records_queries.reviews_of(resolution)[0]


ROWS: dict[str, Any] = {
    "danchu.conferences.records.set_secretary": lambda fn, w: (
        lambda c: lambda: fn(actor=w.head, conference=c, person_id=w.staff.person_id)
    )(in_session(w)),
    "danchu.conferences.records.write_proceedings": lambda fn, w: (
        lambda c: lambda: fn(actor=w.head, conference=c, text="Khai mạc hội nghị.")
    )(in_session(w)),
    "danchu.conferences.records.draft_resolution": lambda fn, w: (
        lambda c: lambda: fn(actor=w.head, conference=c, text="Điều 1. Thông qua.")
    )(in_session(w)),
    "danchu.conferences.records.adopt_resolution": lambda fn, w: (
        lambda c: lambda: fn(actor=w.head, conference=c)
    )(resolution_voted(w)),
    "danchu.conferences.records.report_review": lambda fn, w: (
        lambda r: lambda: fn(actor=w.head, review=r, report="Đã thực hiện.")
    )(first_review(w)),
}

NOT_WRITES: dict[str, str] = {
    "danchu.conferences.records.can_write_minutes": "a permission check",
    "danchu.conferences.records.check_adoption": "the check page's dry run; writes nothing",
    "danchu.conferences.records.add_months": "computes a date; writes nothing",
}


def adopted_resolution(conference: Conference, head: Any, voters: list[Any]) -> ResolutionReview:
    """For the permission matrix's world (config/tests/populated.py): the resolution of a
    conference in session drafted, voted openly by `voters` (a majority of those present),
    adopted and disclosed; its first review, still due."""
    records.draft_resolution(actor=head, conference=conference, text="Điều 1. Thông qua.")
    vote = voting.create_vote(
        actor=head, conference=conference, title="Thông qua Nghị quyết", kind="motion",
        secret=False, purpose="resolution",
    )  # fmt: skip
    voting.open_vote(actor=head, vote=vote)
    for voter in voters:
        voting.cast_open_ballot(actor=voter, vote=vote, choices=["agree"])
    voting.close_vote(actor=head, vote=vote)
    resolution = records.adopt_resolution(actor=head, conference=conference)
    return records_queries.reviews_of(resolution)[0]
