"""Who may do what with a disclosure: one role × action table, checked through the real calls."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from danchu.disclosures import permissions, queries, services
from danchu.disclosures.models import Disclosure, Status
from danchu.disclosures.tests.factories import Tree, publish
from danchu.people.models import Role
from danchu.people.tests.factories import PersonFactory, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=VN)
AFTER_PERIOD = dt.datetime(2026, 4, 15, 9, 0, tzinfo=VN)

# who → (unit of the tree, role there); None is an anonymous visitor.
WHO: dict[str, tuple[str, str | None] | None] = {
    "publisher": ("agency", Role.HEAD),
    "records clerk": ("agency", Role.RECORDS_CLERK),
    "staff": ("agency", Role.STAFF),
    "staff of a department": ("dept_a", Role.STAFF),
    "staff of another unit": ("other", Role.STAFF),
    "head of another unit": ("other", Role.HEAD),
    "supervisor above": ("province", Role.SUPERVISOR),
    "anonymous": None,
}


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def user_for(tree: Tree, member_of: Any) -> Callable[[str], Any]:
    def make(who: str) -> Any:
        place = WHO[who]
        if place is None:
            return AnonymousUser()
        where, role = place
        return member_of(getattr(tree, where), role)

    return make


@pytest.fixture
def item(clock: Any, tree: Tree, member_of: Any) -> Disclosure:
    return publish(tree.agency, member_of(tree.agency, Role.HEAD))


@pytest.fixture
def scheduled(clock: Any, tree: Tree, member_of: Any) -> Disclosure:
    return publish(
        tree.agency, member_of(tree.agency, Role.HEAD), publish_at=NOW + dt.timedelta(days=2)
    )


def table(allowed: set[str]) -> list[tuple[str, bool]]:
    return [(who, who in allowed) for who in WHO]


READERS = {"publisher", "records clerk", "staff", "staff of a department", "supervisor above"}
PUBLISHERS = {"publisher", "records clerk"}
AUDIENCE = {"publisher", "records clerk", "staff", "staff of a department"}


@pytest.mark.parametrize(("who", "allowed"), table(READERS))
def test_lists_a_published_item(item, user_for, who, allowed):
    visible = queries.visible_disclosures(user_for(who))
    assert visible.filter(pk=item.pk).exists() is allowed


@pytest.mark.parametrize(("who", "allowed"), table(PUBLISHERS))
def test_sees_a_scheduled_item(scheduled, user_for, who, allowed):
    visible = queries.visible_disclosures(user_for(who))
    assert visible.filter(pk=scheduled.pk).exists() is allowed


@pytest.mark.parametrize(("who", "allowed"), table(READERS))
def test_sees_a_scheduled_item_once_its_time_comes(scheduled, user_for, clock, who, allowed):
    user = user_for(who)
    clock.move_to(scheduled.publish_at)
    assert queries.visible_disclosures(user).filter(pk=scheduled.pk).exists() is allowed


@pytest.mark.parametrize(("who", "allowed"), table(AUDIENCE))
def test_acknowledges(item, user_for, who, allowed):
    user = user_for(who)
    if allowed:
        assert services.acknowledge(actor=user, disclosure=item)[1] is True
    else:
        with pytest.raises(PermissionDenied):
            services.acknowledge(actor=user, disclosure=item)


@pytest.mark.parametrize(("who", "allowed"), table(PUBLISHERS))
def test_withdraws_after_the_period(item, user_for, clock, who, allowed):
    user = user_for(who)
    clock.move_to(AFTER_PERIOD)
    if allowed:
        withdrawn = services.withdraw_disclosure(actor=user, disclosure=item, reason="Hết hạn")
        assert withdrawn.status == Status.WITHDRAWN
    else:
        with pytest.raises(PermissionDenied):
            services.withdraw_disclosure(actor=user, disclosure=item, reason="Hết hạn")
        item.refresh_from_db()
        assert item.status == Status.PUBLISHED


@pytest.mark.parametrize(("who", "allowed"), table(PUBLISHERS))
def test_can_publish_and_manage(item, tree, user_for, who, allowed):
    user = user_for(who)
    assert permissions.can_publish(user, tree.agency) is allowed
    assert permissions.can_manage(user, item) is allowed


@pytest.mark.parametrize(
    ("who", "allowed"), table({"publisher", "records clerk", "supervisor above"})
)
def test_can_see_acknowledgements(item, user_for, who, allowed):
    assert permissions.can_see_acknowledgements(user_for(who), item) is allowed


def test_a_superuser_may_do_everything_but_read_as_staff(item, tree, scheduled):
    admin = UserFactory(person=None, is_superuser=True)
    assert permissions.can_publish(admin, tree.agency)
    assert set(queries.visible_disclosures(admin)) == {item, scheduled}
    with pytest.raises(PermissionDenied):  # acknowledging is for people in the audience
        services.acknowledge(actor=admin, disclosure=item)


def test_a_role_that_has_ended_gives_no_rights(item, tree):
    person = PersonFactory(unit=tree.other)
    RoleAssignmentFactory(
        person=person,
        unit=tree.agency,
        role=Role.HEAD,
        valid_from=dt.date(2020, 1, 1),
        valid_to=dt.date(2025, 12, 31),
    )
    former = UserFactory(person=person)
    assert not permissions.can_publish(former, tree.agency)
    assert not queries.visible_disclosures(former).exists()


@pytest.mark.parametrize(
    ("state", "live"),
    [("published", True), ("scheduled", False), ("superseded", False), ("withdrawn", False)],
)
def test_is_live(item, scheduled, state, live):
    target = scheduled if state == "scheduled" else item
    if state in ("superseded", "withdrawn"):
        Disclosure.objects.filter(pk=item.pk).update(status=state)
        target.refresh_from_db()
    assert permissions.is_live(target) is live
