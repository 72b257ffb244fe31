"""A disclosure's cached fragments are keyed by its id and digest alone (issue 10): what changes
after publication (read or not, the state, the read rate, the unit's name) is rendered around
them, so it is always current, and a fragment's template cannot read it."""

from __future__ import annotations

import re

import pytest
from django.template import engines
from django.urls import reverse

from danchu.core import fragments
from danchu.disclosures import services
from danchu.disclosures.tests.test_views_support import page_of, publish


def test_an_items_fragment_is_keyed_by_its_id_and_digest(world) -> None:
    item = publish(world.head, world.agency)
    key, shown = fragments.identity(item)
    assert key == ("disclosures.disclosure", item.pk, item.digest)
    assert shown.title == item.title


def test_a_fragment_cannot_show_what_changes_after_publication(world) -> None:
    item = publish(world.head, world.agency)
    _key, shown = fragments.identity(item)
    for mutable in ("status", "withdrawal_reason", "unit", "is_read", "audience_count"):
        template = engines["django"].from_string("{{ item." + mutable + " }}")
        with pytest.raises(fragments.MutableFieldRead, match=mutable):
            template.render({"item": shown})


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
