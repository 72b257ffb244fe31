"""Corrections make new versions; withdrawal only after the statutory period; nothing is deleted."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from danchu.audit.models import Entry
from danchu.core.errors import InvalidInput
from danchu.disclosures import queries, services
from danchu.disclosures.errors import NotCurrent, PeriodNotOver
from danchu.disclosures.models import Disclosure, Status
from danchu.disclosures.tests.factories import Tree, publish
from danchu.facts.services import facts_for
from danchu.people.models import Role

pytestmark = pytest.mark.django_db

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=VN)
# Art. 48.1 counted as Civil Code art. 147.1: published 10/03, day 1 is 11/03, day 20 is 30/03.
LAST_DAY = dt.datetime(2026, 3, 30, 23, 59, tzinfo=VN)  # day 20 of the period
AFTER = dt.datetime(2026, 3, 31, 8, 0, tzinfo=VN)


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def item(clock: Any, tree: Tree, head: Any) -> Disclosure:
    return publish(tree.agency, head, title="Quy chế chi tiêu nội bộ", body="Bản đầu")


def correct(actor: Any, previous: Disclosure, **fields: Any) -> Disclosure:
    return services.supersede_disclosure(
        actor=actor,
        previous=previous,
        category=fields.pop("category", previous.category),
        title=fields.pop("title", previous.title),
        **fields,
    )


class TestSupersede:
    def test_makes_version_2_in_the_same_series_and_keeps_both_readable(
        self, clock, item, head, member_of, tree
    ):
        clock.shift(dt.timedelta(days=2))
        second = correct(head, item, body="Bản đã sửa lỗi chính tả")
        item.refresh_from_db()
        assert (second.version, second.series_id, second.supersedes) == (2, item.pk, item)
        assert item.status == Status.SUPERSEDED
        assert second.status == Status.PUBLISHED
        assert second.digest != item.digest
        assert list(queries.versions_of(second)) == [item, second]
        staff = member_of(tree.agency, Role.STAFF)
        assert {item, second} <= set(queries.visible_disclosures(staff))
        assert list(queries.inbox(staff)) == [second]
        # A correction starts its own 20-day period (art. 48.1; Civil Code art. 147.1).
        assert second.visible_until == dt.date(2026, 4, 1)

    def test_is_audited_as_a_new_version(self, clock, item, head):
        second = correct(head, item, body="Bản 2")
        entry = Entry.objects.get(action="disclosures.superseded")
        assert entry.target_id == str(second.pk)
        assert entry.changes["supersedes"] == item.pk
        assert entry.changes["version"] == 2
        assert entry.changes["digest"] == second.digest
        assert [fact.kind for fact in facts_for(second)] == ["disclosure.published"]

    def test_version_3_continues_the_series(self, clock, item, head):
        third = correct(head, correct(head, item, body="2"), body="3")
        assert (third.version, third.series_id) == (3, item.pk)
        assert list(queries.versions_of(item).values_list("version", flat=True)) == [1, 2, 3]

    def test_a_superseded_version_cannot_be_corrected_again(self, clock, item, head):
        correct(head, item, body="2")
        count = Disclosure.objects.count()
        with pytest.raises(NotCurrent):
            correct(head, item, body="nhánh khác")
        assert Disclosure.objects.count() == count

    def test_a_withdrawn_item_cannot_be_corrected(self, clock, item, head):
        clock.move_to(AFTER)
        services.withdraw_disclosure(actor=head, disclosure=item, reason="Hết hiệu lực")
        with pytest.raises(NotCurrent):
            correct(head, item, body="2")

    def test_staff_cannot_correct(self, clock, item, tree, member_of):
        with pytest.raises(PermissionDenied):
            correct(member_of(tree.agency, Role.STAFF), item, body="2")

    def test_a_correction_inherits_the_lateness_of_the_first_version(self, tree, head):
        with time_machine.travel(dt.datetime(2026, 3, 2, 8, 0, tzinfo=VN), tick=False):
            first = publish(
                tree.agency,
                head,
                decision_date=dt.date(2026, 2, 13),
                late_reason="Chờ ký số",
            )
            second = correct(head, first, decision_date=dt.date(2026, 2, 13), body="Sửa")
        assert (second.is_late, second.due_on) == (True, dt.date(2026, 2, 27))
        assert second.late_reason == "Chờ ký số"
        # The lateness was reported once, with the first version.
        assert [fact.kind for fact in facts_for(second)] == ["disclosure.published"]

    def test_a_correction_of_a_timely_item_stays_timely(self, tree, head):
        with time_machine.travel(dt.datetime(2026, 2, 27, 8, 0, tzinfo=VN), tick=False):
            first = publish(tree.agency, head, decision_date=dt.date(2026, 2, 13))
        with time_machine.travel(dt.datetime(2026, 3, 20, 8, 0, tzinfo=VN), tick=False):
            second = correct(head, first, decision_date=dt.date(2026, 2, 13), body="Sửa")
        assert (second.is_late, second.due_on) == (False, dt.date(2026, 2, 27))


class TestWithdraw:
    def test_is_refused_before_the_period_ends_and_changes_nothing(self, clock, item, head):
        clock.move_to(LAST_DAY)
        entries = Entry.objects.count()
        with pytest.raises(PeriodNotOver) as raised:
            services.withdraw_disclosure(actor=head, disclosure=item, reason="Nhầm")
        assert raised.value.status_code == 409
        assert raised.value.code == "period_not_over"
        item.refresh_from_db()
        assert (item.status, item.withdrawn_at, item.withdrawn_by) == (Status.PUBLISHED, None, None)
        assert Entry.objects.count() == entries
        assert [fact.kind for fact in facts_for(item)] == ["disclosure.published"]

    def test_after_the_period_records_who_why_and_when(self, clock, item, head):
        clock.move_to(AFTER)
        services.withdraw_disclosure(actor=head, disclosure=item, reason="  Đã hết hiệu lực ")
        item.refresh_from_db()
        assert item.status == Status.WITHDRAWN
        assert item.withdrawn_by == head
        assert item.withdrawn_at == AFTER
        assert item.withdrawal_reason == "Đã hết hiệu lực"
        assert item.public_status(now=AFTER) == "withdrawn"
        entry = Entry.objects.get(action="disclosures.withdrawn")
        assert (entry.target_id, entry.actor_id) == (str(item.pk), head.pk)
        assert entry.changes == {"reason": "Đã hết hiệu lực"}
        kinds = [fact.kind for fact in facts_for(item)]
        assert kinds == ["disclosure.published", "disclosure.withdrawn"]

    @pytest.mark.parametrize("reason", ["", "   \n "])
    def test_needs_a_reason(self, clock, item, head, reason):
        clock.move_to(AFTER)
        with pytest.raises(InvalidInput):
            services.withdraw_disclosure(actor=head, disclosure=item, reason=reason)
        item.refresh_from_db()
        assert item.status == Status.PUBLISHED

    @pytest.mark.parametrize("role", [Role.STAFF, Role.DEPUTY_HEAD, Role.UNION_CHAIR])
    def test_only_a_publisher_withdraws(self, clock, item, tree, member_of, role):
        clock.move_to(AFTER)
        with pytest.raises(PermissionDenied):
            services.withdraw_disclosure(
                actor=member_of(tree.agency, role), disclosure=item, reason="x"
            )

    def test_the_records_clerk_withdraws(self, clock, item, tree, member_of):
        clock.move_to(AFTER)
        clerk = member_of(tree.agency, Role.RECORDS_CLERK)
        assert services.withdraw_disclosure(actor=clerk, disclosure=item, reason="x").status == (
            Status.WITHDRAWN
        )

    def test_twice_is_refused(self, clock, item, head):
        clock.move_to(AFTER)
        services.withdraw_disclosure(actor=head, disclosure=item, reason="x")
        with pytest.raises(NotCurrent):
            services.withdraw_disclosure(actor=head, disclosure=item, reason="y")

    def test_a_superseded_version_is_not_withdrawn(self, clock, item, head):
        correct(head, item, body="2")
        clock.move_to(dt.datetime(2026, 5, 1, tzinfo=VN))
        with pytest.raises(NotCurrent):
            services.withdraw_disclosure(actor=head, disclosure=item, reason="x")

    def test_a_correction_has_its_own_period(self, clock, item, head):
        clock.shift(dt.timedelta(days=5))
        second = correct(head, item, body="2")
        clock.move_to(AFTER)
        with pytest.raises(PeriodNotOver):
            services.withdraw_disclosure(actor=head, disclosure=second, reason="x")


def test_nothing_is_ever_deleted(clock, item, head, member_of, tree):
    staff = member_of(tree.agency, Role.STAFF)
    services.acknowledge(actor=staff, disclosure=item)
    second = correct(head, item, body="2")
    clock.move_to(dt.datetime(2026, 5, 1, tzinfo=VN))
    count = Disclosure.objects.count()
    services.withdraw_disclosure(actor=head, disclosure=second, reason="Hết hiệu lực")
    assert Disclosure.objects.count() == count == 2
    assert item.acknowledgements.count() == 1
    statuses = dict(Disclosure.objects.values_list("version", "status"))
    assert statuses == {1: Status.SUPERSEDED, 2: Status.WITHDRAWN}
    assert set(queries.visible_disclosures(staff)) == {item, second}
