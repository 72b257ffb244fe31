"""A disclosure's cached fragments are keyed by its id and digest alone (issue 10): what changes
after publication (read or not, the state, the read rate, the unit's name) is rendered around
them, so it is always current, and a fragment's template cannot read it."""

from __future__ import annotations

import re

import pytest
from django.template import engines
from django.urls import reverse

from danchu.core import fragments
from danchu.disclosures import services, shown
from danchu.disclosures.models import Disclosure
from danchu.disclosures.tests.test_views_support import page_of, publish


def test_an_items_fragment_is_keyed_by_its_id_and_digest(world) -> None:
    item = publish(world.head, world.agency)
    key, seen = fragments.identity(item)
    assert seen.title == item.title
    again = Disclosure.objects.get(pk=item.pk)
    again.status = "withdrawn"  # what changes after publication is not in the key
    again.unit.name = "Đổi tên"
    assert fragments.identity(again)[0] == key
    again.digest = "another version"
    assert fragments.identity(again)[0] != key


def test_a_card_is_keyed_by_the_items_id_and_digest_and_by_what_changes(world) -> None:
    item = publish(world.head, world.agency)
    again = Disclosure.objects.get(pk=item.pk)  # another instance of the same record

    def key(disclosure: Disclosure, is_read: bool, unit_name: str) -> str:
        return fragments.identity(
            shown.InboxCard(fragments.Frozen(disclosure), is_read, unit_name)
        )[0]

    assert key(item, False, "Sở A") == key(again, False, "Sở A")
    assert key(item, False, "Sở A") != key(item, True, "Sở A")
    assert key(item, False, "Sở A") != key(item, False, "Sở B")
    again.digest = "another version"
    assert key(item, False, "Sở A") != key(again, False, "Sở A")


def test_a_fragment_cannot_show_what_changes_after_publication(world) -> None:
    item = publish(world.head, world.agency)
    _key, seen = fragments.identity(item)
    for mutable in ("status", "withdrawal_reason", "unit", "is_read", "audience_count"):
        template = engines["django"].from_string("{{ item." + mutable + " }}")
        with pytest.raises(fragments.MutableFieldRead, match=mutable):
            template.render({"item": seen})


@pytest.mark.usefixtures("frozen")
def test_the_pages_show_what_changed_around_the_cached_fragments(world, client_as) -> None:
    item = publish(world.head, world.agency, title="Quyết định phân bổ ngân sách")
    staff = client_as(world.staff)
    inbox = reverse("disclosure_inbox")
    register = reverse("disclosure_register", args=[world.agency.pk])
    assert "Chưa đọc" in page_of(staff.get(inbox))
    rate = re.compile(r"(\d+)%")
    assert rate.findall(page_of(client_as(world.head).get(register))) == ["0"]

    services.acknowledge(actor=world.staff, disclosure=item)
    world.agency.name = "Sở Tài chính (đổi tên)"
    world.agency.save(update_fields=["name"])
    page = page_of(staff.get(inbox))
    assert "Quyết định phân bổ ngân sách" in page  # the fragment, from the cache
    assert "Chưa đọc" not in page
    assert "Sở Tài chính (đổi tên)" in page

    after = page_of(client_as(world.head).get(register))
    assert "Quyết định phân bổ ngân sách" in after
    assert rate.findall(after) != ["0"]  # read by a staff member of its audience
