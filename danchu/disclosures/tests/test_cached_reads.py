"""The inbox and register read their counts, units and audiences from the cache between
requests (danchu.core.cached_reads); each change shows on the very next page view."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from danchu.disclosures import services
from danchu.disclosures.models import Disclosure
from danchu.disclosures.tests.test_views_support import BASE, page_of, publish
from danchu.organizations.models import Unit
from danchu.organizations.tests.factories import UnitFactory
from danchu.people.models import Person, Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
INBOX = reverse("disclosure_inbox")


def _count(page: str) -> int:
    """The figure of "N mục" above the list."""
    found = re.search(r'<p class="count">\s*([\d.]+)', page)
    assert found, page
    return int(found.group(1).replace(".", ""))


def _unread(page: str) -> int:
    return page.count('class="card unread"')


def test_a_new_item_shows_on_the_next_inbox_view(world, client_as):
    publish(world.head, world.agency, title="Mục thứ nhất")
    client = client_as(world.staff)
    assert _count(page_of(client.get(INBOX))) == 1
    publish(world.head, world.agency, title="Mục thứ hai")
    page = page_of(client.get(INBOX))
    assert _count(page) == 2
    assert "Mục thứ hai" in page


def test_a_scheduled_item_shows_when_its_time_comes(world, client_as):
    publish(world.head, world.agency, title="Đã đăng")
    soon = BASE + dt.timedelta(minutes=20)  # well inside the cache's lifetime
    publish(world.head, world.agency, title="Hẹn giờ", publish_at=soon)
    client = client_as(world.staff)
    page = page_of(client.get(INBOX))
    assert _count(page) == 1
    assert "Hẹn giờ" not in page
    with time_machine.travel(soon + dt.timedelta(minutes=1), tick=False):
        page = page_of(client.get(INBOX))
    assert _count(page) == 2
    assert "Hẹn giờ" in page


def test_reading_an_item_updates_only_the_readers_own_counts(world, member_of, client_as):
    first = publish(world.head, world.agency, title="Mục A")
    publish(world.head, world.agency, title="Mục B")
    colleague = member_of(world.agency, Role.STAFF)
    mine, theirs = client_as(world.staff), client_as(colleague)
    assert _unread(page_of(mine.get(INBOX))) == 2
    assert _unread(page_of(theirs.get(INBOX))) == 2
    services.acknowledge(actor=world.staff, disclosure=first)
    page = page_of(mine.get(INBOX))
    assert _unread(page) == 1
    assert "Mục A" in page  # now among the read ones, after the unread
    assert page.index("Mục B") < page.index("Mục A")
    assert _unread(page_of(theirs.get(INBOX))) == 2


def test_a_withdrawn_item_leaves_the_inbox(world, client_as):
    item = publish(world.head, world.agency, title="Mục sẽ rút")
    client = client_as(world.staff)
    assert _count(page_of(client.get(INBOX))) == 1
    Disclosure.objects.filter(pk=item.pk).update(status="withdrawn")  # any write path
    assert _count(page_of(client.get(INBOX))) == 0


def test_a_transfer_changes_what_the_inbox_reads(world, member_of, client_as):
    publish(world.head, world.agency, title="Của Sở Tài chính")
    publish(member_of(world.other, Role.HEAD), world.other, title="Của Sở Y tế")
    reader = member_of(world.agency, role=None)  # reads only where they work
    client = client_as(reader)
    assert "Của Sở Tài chính" in page_of(client.get(INBOX))
    Person.objects.filter(pk=reader.person_id).update(unit=world.other)
    page = page_of(client.get(INBOX))
    assert "Của Sở Y tế" in page
    assert "Của Sở Tài chính" not in page


class TestRegister:
    def test_rows_and_rates_follow_new_items_and_people(self, world, member_of, client_as):
        item = publish(world.head, world.agency, title="Mục 1")
        services.acknowledge(actor=world.staff, disclosure=item)
        client = client_as(world.head)
        url = reverse("disclosure_register", args=[world.agency.pk])
        # The agency's whole subtree: the head, its staff and the department's staff.
        assert "33%" in page_of(client.get(url))
        publish(world.head, world.agency, title="Mục 2")
        member_of(world.agency, Role.STAFF)  # one more reader in the audience
        page = page_of(client.get(url))
        assert "Mục 2" in page
        assert "25%" in page
        services.acknowledge(actor=world.dept_staff, disclosure=item)  # a second reader
        assert "50%" in page_of(client.get(url))

    def test_a_moved_sub_unit_leaves_the_register(self, world, client_as):
        moved = UnitFactory.create(name="Phòng sẽ chuyển", parent=world.dept)
        publish(world.head, moved, title="Của phòng sẽ chuyển")
        client = client_as(world.head)
        url = reverse("disclosure_register", args=[world.agency.pk])
        assert "Của phòng sẽ chuyển" in page_of(client.get(url))
        Unit.objects.filter(pk=moved.pk).update(
            parent=world.other, path=f"{world.other.path}{moved.pk:08x}"
        )
        assert "Của phòng sẽ chuyển" not in page_of(client.get(url))
