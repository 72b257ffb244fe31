""" "Tôi đã đọc": one acknowledgement per person and version; reminders for those who have not."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from danchu.audit.models import Entry
from danchu.audit.tests.helpers import at_once, threads_share_the_test_database
from danchu.disclosures import services
from danchu.disclosures.errors import NotCurrent
from danchu.disclosures.models import Acknowledgement, Disclosure
from danchu.disclosures.tests.factories import Tree, make_tree, publish
from danchu.notifications.models import Notification
from danchu.people.models import Role, User
from danchu.people.tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(tree: Tree, head: Any) -> Disclosure:
    return publish(tree.agency, head)


def acknowledged(item: Disclosure) -> list[Entry]:
    return list(Entry.objects.filter(action="disclosures.acknowledged", target_id=str(item.pk)))


class TestAcknowledge:
    def test_records_the_reading_once_with_an_audit_entry(self, item, tree, member_of):
        staff = member_of(tree.agency, Role.STAFF)
        ack, created = services.acknowledge(actor=staff, disclosure=item)
        assert created is True
        assert (ack.disclosure, ack.person) == (item, staff.person)
        [entry] = acknowledged(item)
        assert (entry.actor_id, entry.changes) == (staff.pk, {"person": staff.person.pk})

    def test_is_idempotent(self, item, tree, member_of):
        staff = member_of(tree.agency, Role.STAFF)
        first, _ = services.acknowledge(actor=staff, disclosure=item)
        again, created = services.acknowledge(actor=staff, disclosure=item)
        assert created is False
        assert again.pk == first.pk
        assert Acknowledgement.objects.count() == 1
        assert len(acknowledged(item)) == 1

    def test_staff_of_a_sub_unit_are_in_the_whole_unit_audience(self, item, tree, member_of):
        _, created = services.acknowledge(actor=member_of(tree.dept_b), disclosure=item)
        assert created is True

    def test_a_person_without_a_role_who_works_there_acknowledges(self, item, tree, member_of):
        assert services.acknowledge(actor=member_of(tree.agency, None), disclosure=item)[1]

    @pytest.mark.parametrize(
        ("where", "role"),
        [("other", Role.STAFF), ("other", Role.HEAD), ("province", Role.SUPERVISOR)],
    )
    def test_someone_outside_the_audience_is_refused(self, item, tree, member_of, where, role):
        with pytest.raises(PermissionDenied):
            services.acknowledge(actor=member_of(getattr(tree, where), role), disclosure=item)
        assert not Acknowledgement.objects.exists()

    def test_a_sub_unit_audience_excludes_the_other_sub_units(self, tree, head, member_of):
        item = publish(tree.agency, head, audience_units=[tree.dept_a])
        assert services.acknowledge(actor=member_of(tree.dept_a), disclosure=item)[1]
        with pytest.raises(PermissionDenied):
            services.acknowledge(actor=member_of(tree.dept_b), disclosure=item)

    @pytest.mark.parametrize("actor", ["anonymous", "no-person"])
    def test_an_account_without_a_person_is_refused(self, item, actor):
        user = AnonymousUser() if actor == "anonymous" else UserFactory(person=None)
        with pytest.raises(PermissionDenied):
            services.acknowledge(actor=user, disclosure=item)

    def test_a_scheduled_item_cannot_be_acknowledged_yet(self, tree, head, member_of):
        later = publish(tree.agency, head, publish_at=dt.datetime.now(dt.UTC) + dt.timedelta(1))
        with pytest.raises(NotCurrent):
            services.acknowledge(actor=member_of(tree.agency), disclosure=later)

    def test_a_superseded_version_cannot_be_acknowledged(self, item, head, tree, member_of):
        services.supersede_disclosure(
            actor=head, previous=item, category=item.category, title=item.title, body="2"
        )
        with pytest.raises(NotCurrent):  # even when the caller holds a stale copy
            services.acknowledge(actor=member_of(tree.agency), disclosure=item)

    def test_a_parallel_request_that_wins_the_race_gives_the_same_outcome(
        self, item, tree, member_of, monkeypatch
    ):
        """Both requests pass the existence check; the second insert hits the unique constraint."""
        staff = member_of(tree.agency, Role.STAFF)
        manager = Acknowledgement.objects
        real_filter = manager.filter

        def the_other_request_commits_first(*args: Any, **kwargs: Any) -> Any:
            monkeypatch.setattr(manager, "filter", real_filter)
            manager.bulk_create([Acknowledgement(disclosure=item, person=staff.person)])
            return manager.none()

        monkeypatch.setattr(manager, "filter", the_other_request_commits_first)
        ack, created = services.acknowledge(actor=staff, disclosure=item)
        assert created is False
        assert Acknowledgement.objects.get() == ack
        assert acknowledged(item) == []  # the loser's audit entry was rolled back


class TestRemindUnacknowledged:
    def test_notifies_exactly_the_audience_members_with_accounts_who_have_not_read(
        self, item, tree, member_of
    ):
        read = member_of(tree.agency, Role.STAFF)
        services.acknowledge(actor=read, disclosure=item)
        pending = [member_of(tree.agency), member_of(tree.dept_a), member_of(tree.dept_b, None)]
        PersonFactory(unit=tree.dept_a)  # no account: cannot be notified
        member_of(tree.agency, is_active=False)  # a closed account
        member_of(tree.other)  # another agency
        member_of(tree.province, Role.SUPERVISOR)  # above, not in the audience
        head = User.objects.get(pk=item.created_by_id)
        clerk = member_of(tree.agency, Role.RECORDS_CLERK)

        count = services.remind_unacknowledged(actor=clerk, disclosure=item)

        notified = Notification.objects.filter(kind="disclosures.reminder")
        expected = {*pending, head}  # not the clerk who pressed the button
        assert count == len(expected) == 4
        assert {notice.recipient for notice in notified} == expected
        assert notified.count() == count
        assert all(item.title in notice.text for notice in notified)
        entry = Entry.objects.get(action="disclosures.reminded")
        assert (entry.actor_id, entry.changes) == (clerk.pk, {"recipients": 4})

    def test_follows_a_sub_unit_audience(self, tree, head, member_of):
        item = publish(tree.agency, head, audience_units=[tree.dept_b])
        in_b = member_of(tree.dept_b)
        member_of(tree.dept_a)
        assert services.remind_unacknowledged(actor=head, disclosure=item) == 1
        assert Notification.objects.get().recipient == in_b

    def test_staff_may_not_remind(self, item, tree, member_of):
        with pytest.raises(PermissionDenied):
            services.remind_unacknowledged(actor=member_of(tree.agency), disclosure=item)
        assert not Notification.objects.exists()

    def test_a_scheduled_item_is_not_reminded_of(self, tree, head):
        later = publish(tree.agency, head, publish_at=dt.datetime.now(dt.UTC) + dt.timedelta(1))
        with pytest.raises(NotCurrent):
            services.remind_unacknowledged(actor=head, disclosure=later)


# --- Real concurrency: twenty requests at once, each on its own connection ---------------------


@pytest.mark.skipif(
    not threads_share_the_test_database(),
    reason="threads cannot share SQLite's in-memory test database (set DANCHU_SQLITE_TEST_PATH)",
)
@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_requests_leave_exactly_one_acknowledgement(
    audit_log_flushable: None,
) -> None:
    tree = make_tree()
    item = publish(tree.agency)
    staff = UserFactory.create(person=PersonFactory.create(unit=tree.agency))

    def send(_n: int, ready: Callable[[], None]) -> bool:
        user = User.objects.select_related("person__unit").get(pk=staff.pk)
        disclosure = Disclosure.objects.get(pk=item.pk)
        ready()
        return services.acknowledge(actor=user, disclosure=disclosure)[1]

    results = at_once(20, send)
    assert sorted(results) == [False] * 19 + [True]
    assert Acknowledgement.objects.filter(disclosure=item, person=staff.person).count() == 1
    assert len(acknowledged(item)) == 1
