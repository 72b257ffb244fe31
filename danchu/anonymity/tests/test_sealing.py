"""The shared mechanism: anonymous acts recorded by day, sealed once per unit and day."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from danchu.anonymity import services, verify
from danchu.anonymity.fields import MAX_ID, MIN_ID
from danchu.anonymity.models import AnonymousAct, SealedBatch, batch_digest
from danchu.audit.models import Entry
from danchu.people.tests.world import BASE

pytestmark = pytest.mark.django_db

NEXT_MORNING = BASE + dt.timedelta(days=1)  # 09:00 the day after: BASE's day is over


def act(target, unit, *, at=BASE, **changes):
    with time_machine.travel(at, tick=False):
        return services.record_anonymous(
            action="tests.secret_act", target=target, unit=unit, changes=changes or None
        )


class TestRecord:
    def test_keeps_the_day_no_actor_and_a_digest_of_what_was_done(self, world):
        recorded = act(world.dept, world.agency, choice="b")
        recorded.refresh_from_db()
        assert recorded.day == BASE.date()
        assert (recorded.chain, recorded.unit_id) == (f"unit:{world.agency.pk}", world.agency.pk)
        assert recorded.changes == {"choice": "b"}
        assert recorded.digest == recorded.compute_digest()
        assert MIN_ID <= recorded.pk < MAX_ID
        assert not Entry.objects.exists()  # nothing in the log until the day is sealed

    def test_the_id_is_the_row_itself_with_no_hidden_counter(self, world):
        act(world.dept, world.agency)
        act(world.upper, world.agency)
        if connection.vendor != "sqlite":
            pytest.skip("SQLite's rowid")
        with connection.cursor() as cursor:
            cursor.execute("SELECT rowid, id FROM anonymity_anonymousact")
            assert all(rowid == pk for rowid, pk in cursor.fetchall())


class TestSeal:
    def test_a_day_is_sealed_only_once_it_is_over(self, world):
        act(world.dept, world.agency)
        with pytest.raises(ValueError, match="not over"):
            services.seal_day(chain=f"unit:{world.agency.pk}", day=BASE.date(), now=BASE)
        just_after_midnight = BASE.replace(hour=0, minute=10) + dt.timedelta(days=1)
        assert services.seal_past_days(now=just_after_midnight) == []  # within the grace
        assert len(services.seal_past_days(now=NEXT_MORNING)) == 1

    def test_one_entry_per_unit_and_day_with_the_count_and_digest(self, world):
        first = act(world.dept, world.agency)
        second = act(world.upper, world.agency)
        other_unit = act(world.dept, world.other)
        next_day = act(world.agency, world.agency, at=NEXT_MORNING)

        batches = services.seal_past_days(now=NEXT_MORNING + dt.timedelta(days=1))

        assert sorted((b.chain, b.day, b.count) for b in batches) == sorted(
            [
                (first.chain, BASE.date(), 2),
                (other_unit.chain, BASE.date(), 1),
                (next_day.chain, NEXT_MORNING.date(), 1),
            ]
        )
        batch = SealedBatch.objects.get(chain=first.chain, day=BASE.date())
        digests = [first.digest, second.digest]
        expected = batch_digest(chain=first.chain, day="2025-03-05", act_digests=digests)
        assert batch.digest == expected
        entry = Entry.objects.get(seq=batch.entry_seq)
        assert (entry.action, entry.chain, entry.actor_id) == (
            services.SEAL_ACTION,
            first.chain,
            None,
        )
        assert entry.changes == {
            "day": "2025-03-05",
            "count": 2,
            "digest": expected,
            "actions": {"tests.secret_act": 2},
        }

    def test_the_digest_does_not_depend_on_the_order_of_the_acts(self):
        digests = ["c" * 64, "a" * 64, "b" * 64]
        forward = batch_digest(chain="unit:1", day="2025-03-05", act_digests=digests)
        backward = batch_digest(chain="unit:1", day="2025-03-05", act_digests=digests[::-1])
        assert forward == backward
        fewer = batch_digest(chain="unit:1", day="2025-03-05", act_digests=digests[:2])
        assert fewer != forward

    def test_sealing_again_changes_nothing(self, world):
        act(world.dept, world.agency)
        (batch,) = services.seal_past_days(now=NEXT_MORNING)
        assert services.seal_past_days(now=NEXT_MORNING) == []
        again = services.seal_day(chain=batch.chain, day=batch.day, now=NEXT_MORNING)
        assert again is not None
        assert again.pk == batch.pk
        assert Entry.objects.filter(action=services.SEAL_ACTION).count() == 1

    def test_the_command_seals_the_days_that_are_over(self, world, capsys):
        act(world.dept, world.agency)
        with time_machine.travel(NEXT_MORNING, tick=False):
            call_command("seal_anonymous_batches")
        assert "sealed 1 batches, 1 acts" in capsys.readouterr().out
        assert SealedBatch.objects.count() == 1


class TestVerify:
    @pytest.fixture
    def sealed(self, world):
        act(world.dept, world.agency, choice="a")
        act(world.upper, world.agency, choice="b")
        (batch,) = services.seal_past_days(now=NEXT_MORNING)
        return batch

    def test_an_intact_batch_has_no_problem(self, sealed, capsys):
        assert verify.problems() == []
        call_command("verify_audit")
        assert "intact" in capsys.readouterr().out

    def test_catches_an_edited_act(self, sealed):
        AnonymousAct.objects.filter(changes={"choice": "a"}).update(changes={"choice": "c"})
        found = verify.problems()
        assert any("does not match its digest" in line for line in found)
        with pytest.raises(CommandError, match="Anonymous batches BROKEN"):
            call_command("verify_audit")

    def test_catches_an_act_edited_with_its_digest_recomputed(self, sealed):
        edited = AnonymousAct.objects.get(changes={"choice": "a"})
        edited.changes = {"choice": "c"}
        AnonymousAct.objects.filter(pk=edited.pk).update(
            changes=edited.changes, digest=edited.compute_digest()
        )
        assert any("no longer match it" in line for line in verify.problems())

    def test_catches_an_act_removed_from_or_added_to_a_sealed_day(self, sealed, world):
        AnonymousAct.objects.filter(changes={"choice": "b"}).delete()
        assert any("no longer match it" in line for line in verify.problems())

    def test_catches_an_act_slipped_into_a_sealed_day(self, sealed, world):
        act(world.other, world.agency, choice="slipped")
        assert any("no longer match it" in line for line in verify.problems())

    def test_catches_a_batch_row_that_differs_from_its_entry(self, sealed):
        SealedBatch.objects.filter(pk=sealed.pk).update(count=3)
        assert any("does not match its audit entry" in line for line in verify.problems())

    def test_catches_a_missing_batch_row(self, sealed):
        SealedBatch.objects.all().delete()
        assert any("batch row is missing" in line for line in verify.problems())

    def test_lists_past_days_still_waiting_for_their_seal(self, world):
        act(world.dept, world.agency)
        with time_machine.travel(NEXT_MORNING, tick=False):
            assert verify.unsealed_days() == [(f"unit:{world.agency.pk}", "2025-03-05")]
