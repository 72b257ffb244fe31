"""Inbox cards and register rows (issue 12): the summary is shown only when it says more than the
title, and the "Late" badge says what it means."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import formats

from danchu.disclosures import rules
from danchu.disclosures.models import Disclosure
from danchu.disclosures.tests.factories import publish
from danchu.people.tests.world import BASE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

TITLE = "Kế hoạch công tác năm 2025 của Sở"


@pytest.mark.parametrize(
    ("summary", "shown"),
    [
        (TITLE, ""),
        ("  kế hoạch CÔNG TÁC năm 2025 của Sở.  ", ""),  # case, spacing, punctuation aside
        ("Kế hoạch công tác năm 2025", ""),  # the title cut short says nothing more
        ("", ""),
        ("Giao chỉ tiêu cho từng phòng.", "Giao chỉ tiêu cho từng phòng."),
    ],
)
def test_the_summary_is_kept_only_when_it_says_something_else(summary, shown):
    assert Disclosure(title=TITLE, summary=summary).distinct_summary == shown


def _card(page: str, title: str) -> str:
    start = page.index(title)
    return page[page.rindex("<li", 0, start) : page.index("</li>", start)]


def test_a_card_does_not_repeat_the_title_as_its_summary(world, client_as):
    publish(world.agency, world.head, title=TITLE, summary=TITLE + ".")
    publish(world.agency, world.head, title="Quyết định khen thưởng", summary="Năm cá nhân.")
    page = client_as(world.staff).get(reverse("disclosure_inbox")).content.decode()
    assert _card(page, TITLE).count(TITLE) == 1
    assert "Năm cá nhân." in _card(page, "Quyết định khen thưởng")


def test_the_late_badge_says_it_came_after_the_deadline_and_when_that_was(world, client_as):
    decided = BASE.date() - dt.timedelta(days=14)
    publish(world.agency, world.head, title=TITLE, decision_date=decided, late_reason="Chờ duyệt.")
    due = formats.date_format(rules.due_date(decided), "SHORT_DATE_FORMAT")
    expected = f"đăng sau hạn 5 ngày làm việc (hạn ngày {due})"
    client = client_as(world.staff)
    card = _card(client.get(reverse("disclosure_inbox")).content.decode(), TITLE)
    assert '<span class="badge late">Chậm</span>' in card
    assert expected in card
    register = client.get(reverse("disclosure_register", args=[world.agency.pk]))
    assert expected in register.content.decode()


def test_an_item_on_time_has_no_badge(world, client_as):
    publish(world.agency, world.head, title=TITLE)
    card = _card(client_as(world.staff).get(reverse("disclosure_inbox")).content.decode(), TITLE)
    assert "badge late" not in card
