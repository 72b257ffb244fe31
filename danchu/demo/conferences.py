"""Demo staff conferences for a unit: last year's annual conference, held, with a secret and an
open vote counted and their bulletins published; and the coming one, planned, to try the flows
(check-in, the counting board, the booth).

Everything goes through the services, as the app does, at the real time; the held one's times
are then moved back to its day (demo history), with the facts it emitted.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from danchu.conferences import attendance, booth, planning, voting
from danchu.conferences.models import Conference, Vote
from danchu.facts.models import Fact
from danchu.organizations.models import Unit
from danchu.people.models import Role, RoleAssignment, User

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def seed_conferences(unit: Unit, *, seed: int = 13) -> list[Conference]:
    rng = random.Random(seed)
    head, union, staff = (_account(unit, r) for r in (Role.HEAD, Role.UNION_CHAIR, Role.STAFF))
    if head is None or (union is None and staff is None):
        return []
    today = timezone.localdate()
    with transaction.atomic():
        held = _held(unit, head, union, staff, year=today.year - 1, rng=rng)
        coming, _warnings = planning.plan_conference(
            actor=head,
            unit=unit,
            year=today.year,
            kind="annual",
            scheduled_at=dt.datetime(today.year + 1, 1, 19, 8, 0, tzinfo=HANOI),
            venue="Hội trường tầng 3",
        )
    return [held, coming]


def _held(
    unit: Unit, head: User, union: User | None, staff: User | None, *, year: int, rng: random.Random
) -> Conference:
    day = dt.datetime(year + 1, 1, 20, 8, 0, tzinfo=HANOI)
    conference, _warnings = planning.plan_conference(
        actor=head, unit=unit, year=year, kind="annual", scheduled_at=day, venue="Hội trường tầng 3"
    )
    everyone = list(conference.participants.values_list("person_id", flat=True))
    demo = {u.person_id for u in (head, union, staff) if u is not None}
    absent = set(rng.sample([p for p in everyone if p not in demo], k=len(everyone) // 12))
    present = [p for p in everyone if p not in absent]
    attendance.check_in(actor=head, conference=conference, person_ids=present)
    attendance.open_session(actor=head, conference=conference)
    # The demo's accounts can try it; the head may not count.
    accounts = list({u.pk: u for u in (head, union, staff) if u is not None}.values())
    board = [u for u in accounts if u.person_id != head.person_id]
    voting.set_counting_board(
        actor=head, conference=conference, person_ids=[u.person_id for u in board if u.person_id]
    )
    secret = voting.create_vote(
        actor=head,
        conference=conference,
        title="Thông qua Quy chế chi tiêu nội bộ năm " + str(year + 1),
        kind="motion",
        secret=True,
    )
    voting.open_vote(actor=head, vote=secret)
    for token in booth.issue_slips(actor=board[0], vote=secret):
        if rng.random() < 0.97:  # a few slips are not used
            choice = rng.choices(["agree", "disagree", "abstain"], weights=[86, 8, 6])[0]
            booth.cast_secret(vote_id=secret.pk, token=token, choices=[choice])
    voting.close_vote(actor=head, vote=secret)
    named = voting.create_vote(
        actor=head,
        conference=conference,
        title="Thống nhất chương trình hội nghị",
        kind="motion",
        secret=False,
    )
    voting.open_vote(actor=head, vote=named)
    for voter in accounts:
        voting.cast_open_ballot(actor=voter, vote=named, choices=["agree"])
    voting.close_vote(actor=head, vote=named)
    attendance.end_session(actor=head, conference=conference)
    _move_to(conference, day)
    return conference


def _move_to(conference: Conference, day: dt.datetime) -> None:
    """Demo history: the held conference's times and facts on its own day."""
    Conference.objects.filter(pk=conference.pk).update(
        created_at=day - dt.timedelta(days=30),
        invited_at=day - dt.timedelta(days=10),
        opened_at=day,
        ended_at=day + dt.timedelta(hours=3, minutes=30),
    )
    Vote.objects.filter(conference=conference).update(
        opened_at=day + dt.timedelta(hours=2), closed_at=day + dt.timedelta(hours=2, minutes=20)
    )
    Fact.objects.filter(target_type="conferences.conference", target_id=str(conference.pk)).update(
        occurred_on=day.date()
    )
    votes = [str(pk) for pk in conference.votes.values_list("pk", flat=True)]
    Fact.objects.filter(target_type="conferences.vote", target_id__in=votes).update(
        occurred_on=day.date()
    )


def _account(unit: Unit, role: str) -> User | None:
    holders = RoleAssignment.objects.filter(unit=unit, role=role).values("person_id")
    return User.objects.filter(person_id__in=holders).select_related("person").first()
