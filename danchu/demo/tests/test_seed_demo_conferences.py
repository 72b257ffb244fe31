"""The demo's conferences: last year's held with its quorum and counted votes that verify; the
next one planned for the demo accounts to try."""

import pytest
from django.core.management import call_command

from danchu.conferences import verify
from danchu.conferences.models import Conference, Status, VoteStatus
from danchu.facts.models import Fact

pytestmark = pytest.mark.django_db


def test_the_demo_holds_last_years_conference_and_plans_the_next(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", "--factor", "0.05", stdout=None)
    call_command("seed_demo_conferences", stdout=None)
    held, coming = Conference.objects.filter(unit__code="so-noi-vu").order_by("scheduled_at")
    assert held.status == Status.HELD
    assert (held.ended_at - held.opened_at).total_seconds() > 3600
    assert (held.scheduled_at.month, held.scheduled_at.day) == (1, 20)  # art. 51.1: by 31/3
    assert [v.status for v in held.votes.all()] == [VoteStatus.CLOSED, VoteStatus.CLOSED]
    secret = held.votes.get(secret=True)
    assert secret.outcome == {"adopted": True}
    assert 0 < secret.ballots_cast <= secret.present
    assert verify.problems() == []
    assert Fact.objects.get(kind="conference.held").occurred_on == held.ended_at.date()
    assert coming.status == Status.PLANNED
    assert coming.year == held.year + 1
    call_command("seed_demo_conferences", "--if-empty", stdout=None)
    assert Conference.objects.filter(unit__code="so-noi-vu").count() == 2
