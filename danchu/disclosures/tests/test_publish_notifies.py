"""Publishing notifies the audience in-app at once (one bulk insert), a correction with its own
code; the bell counts what the inbox counts, and acknowledging an item lowers both."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danchu.disclosures import queries, services
from danchu.disclosures.tests.factories import publish
from danchu.notifications.models import Notification
from danchu.notifications.queries import unread_count
from danchu.people.models import Role
from danchu.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def notices(code: str) -> list[Notification]:
    return list(Notification.objects.filter(code=code).select_related("recipient"))


def inbox_unread(user) -> int:
    inbox = queries.inbox(user)
    return sum(1 for item in inbox if item.pk not in queries.acknowledged_ids(user.person_id))


class TestPublishNotifies:
    def test_the_audience_is_notified_at_once_but_not_the_publisher(self, tree, head, member_of):
        in_a, in_agency = member_of(tree.dept_a), member_of(tree.agency)
        elsewhere = member_of(tree.other)
        PersonFactory(unit=tree.dept_a)  # no account: nobody to notify
        item = publish(tree.agency, head, title="Kế hoạch thi đua năm 2026")
        sent = notices("disclosures.published")
        assert {notice.recipient for notice in sent} == {in_a, in_agency}
        assert elsewhere not in {notice.recipient for notice in sent}
        assert all(notice.params == {"title": item.title} for notice in sent)
        assert all(notice.url == f"/disclosures/{item.pk}/" for notice in sent)
        assert all(notice.emailed_at is None for notice in sent)  # the digest e-mails them

    def test_a_sub_unit_audience_only(self, tree, head, member_of):
        in_a, in_b = member_of(tree.dept_a), member_of(tree.dept_b)
        publish(tree.agency, head, audience_units=[tree.dept_b])
        assert {notice.recipient for notice in notices("disclosures.published")} == {in_b}
        assert in_a not in {notice.recipient for notice in notices("disclosures.published")}

    @pytest.mark.parametrize("audience", [3, 40])
    def test_one_bulk_insert_whatever_the_audience(self, audience, tree, head, member_of):
        for _ in range(audience):
            member_of(tree.dept_a)
        with CaptureQueriesContext(connection) as captured:
            publish(tree.agency, head)
        inserts = [q for q in captured if 'INSERT INTO "notifications_notification"' in q["sql"]]
        assert len(inserts) == 1
        assert len(notices("disclosures.published")) == audience

    def test_a_scheduled_item_notifies_nobody_yet(self, tree, head, member_of):
        import datetime as dt

        from django.utils import timezone

        member_of(tree.dept_a)
        publish(tree.agency, head, publish_at=timezone.now() + dt.timedelta(days=2))
        assert notices("disclosures.published") == []

    def test_a_correction_has_its_own_notice_and_retires_the_old_one(self, tree, head, member_of):
        reader = member_of(tree.dept_a)
        first = publish(tree.agency, head, title="Kế hoạch cũ")
        second = services.supersede_disclosure(
            actor=head, previous=first, category=first.category, title="Kế hoạch đã sửa",
            decision_date=first.decision_date,
        )  # fmt: skip
        old = Notification.objects.get(recipient=reader, code="disclosures.published")
        new = Notification.objects.get(recipient=reader, code="disclosures.corrected")
        assert old.read_at is not None
        assert (new.read_at, new.params["title"]) == (None, "Kế hoạch đã sửa")
        assert new.url == f"/disclosures/{second.pk}/"
        assert unread_count(reader) == 1


class TestTheBellCountsTheInbox:
    def test_equal_after_publishing_and_both_drop_after_acknowledging(self, tree, head, member_of):
        staff = member_of(tree.agency, Role.STAFF)
        items = [publish(tree.agency, head) for _ in range(4)]
        assert unread_count(staff) == inbox_unread(staff) == 4
        services.acknowledge(actor=staff, disclosure=items[1])
        assert unread_count(staff) == inbox_unread(staff) == 3
        services.acknowledge(actor=staff, disclosure=items[1])  # again: nothing changes
        assert unread_count(staff) == 3

    def test_withdrawing_retires_the_notices(self, tree, head, member_of, frozen):
        staff = member_of(tree.agency, Role.STAFF)
        item = publish(tree.agency, head)
        assert unread_count(staff) == 1
        frozen.shift(60 * 60 * 24 * 40)  # after the statutory period
        services.withdraw_disclosure(actor=head, disclosure=item, reason="Hết thời hạn")
        assert unread_count(staff) == 0


class TestScheduledItems:
    def test_announced_when_their_time_comes_and_only_once(self, tree, head, member_of):
        import datetime as dt

        import time_machine
        from django.core.management import call_command
        from django.utils import timezone

        from danchu.disclosures.announcing import announce_scheduled

        reader = member_of(tree.dept_a)
        later = timezone.now() + dt.timedelta(hours=3)
        item = publish(tree.agency, head, publish_at=later)
        assert announce_scheduled() == 0  # not yet
        with time_machine.travel(later + dt.timedelta(minutes=5), tick=False):
            call_command("announce_scheduled_disclosures", stdout=open("/dev/null", "w"))  # noqa: SIM115
            assert announce_scheduled() == 0  # nothing twice
            (notice,) = notices("disclosures.published")
            assert (notice.recipient, notice.url) == (reader, f"/disclosures/{item.pk}/")
            assert unread_count(reader) == inbox_unread(reader) == 1

    def test_notices_of_an_item_whose_period_ended_are_retired(self, tree, head, member_of):
        from danchu.disclosures.announcing import retire_ended

        reader = member_of(tree.dept_a)
        item = publish(tree.agency, head)
        assert retire_ended(today=item.visible_until) == 0  # still its last day
        assert retire_ended(today=item.visible_until + dt.timedelta(days=1)) == 1
        assert unread_count(reader) == 0
