"""Reads: the inbox, the acknowledgement report, rates for a page, and lookup by digest."""

from __future__ import annotations

import datetime as dt
import hashlib
import zoneinfo
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from danchu.core.cached_reads import memo_for_request
from danchu.disclosures import queries, services
from danchu.disclosures.models import Acknowledgement, Category, Disclosure
from danchu.disclosures.tests.factories import (
    PDF_BYTES,
    publish,
    upload,
    xlsx_bytes,
)
from danchu.people.models import Role
from danchu.people.tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=VN)


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def titles(items: Any) -> list[str]:
    return [item.title for item in items]


class TestInbox:
    def test_lists_unread_items_first_then_newest_first(self, clock, tree, head, staff):
        for title in ("Cũ", "Giữa", "Mới"):
            publish(tree.agency, head, title=title)
            clock.shift(dt.timedelta(hours=1))
        services.acknowledge(actor=staff, disclosure=Disclosure.objects.get(title="Mới"))
        services.acknowledge(actor=staff, disclosure=Disclosure.objects.get(title="Cũ"))
        inbox = list(queries.inbox(staff))
        assert titles(inbox) == ["Giữa", "Mới", "Cũ"]
        assert [item.is_read for item in inbox] == [False, True, True]

    @pytest.mark.parametrize("read", ["none", "newest 90", "every third", "all"])
    def test_every_page_matches_the_full_order(self, clock, tree, head, staff, read):
        """Unread first, then read, each newest first, across pages and however many items
        the reader has read (more than the first window of newest ids included)."""
        items = []
        for number in range(130):
            items.append(publish(tree.agency, head, title=f"Mục {number:03d}"))
            clock.shift(dt.timedelta(minutes=1 + number % 2))  # some share a minute
        newest_first = sorted(items, key=lambda d: (d.publish_at, d.pk), reverse=True)
        chosen = {
            "none": [],
            "newest 90": newest_first[:90],
            "every third": items[::3],
            "all": items,
        }[read]
        Acknowledgement.objects.bulk_create(  # the triggers see bulk writes too
            Acknowledgement(disclosure=item, person=staff.person) for item in chosen
        )
        done = {item.pk for item in chosen}
        expected = [d.pk for d in newest_first if d.pk not in done]
        expected += [d.pk for d in newest_first if d.pk in done]
        inbox = queries.inbox(staff)
        assert inbox.count() == 130
        pages = [inbox[start : start + 25] for start in range(0, 130, 25)]
        assert [item.pk for page in pages for item in page] == expected
        assert all(item.is_read == (item.pk in done) for page in pages for item in page)
        assert inbox[125:200] == pages[-1]
        assert inbox[40:40] == []

    def test_holds_only_current_published_items(self, clock, tree, head, staff):
        current = publish(tree.agency, head, title="Hiện hành")
        old = publish(tree.agency, head, title="Bản cũ")
        services.supersede_disclosure(
            actor=head, previous=old, category=old.category, title="Bản mới"
        )
        publish(tree.agency, head, title="Hẹn giờ", publish_at=NOW + dt.timedelta(days=1))
        expired = publish(tree.agency, head, title="Hết hạn")
        clock.move_to(NOW + dt.timedelta(days=21))
        services.withdraw_disclosure(actor=head, disclosure=expired, reason="Hết hạn")
        every = {current.title, "Bản mới", "Hẹn giờ"}
        assert set(titles(queries.inbox(staff, current=False))) == every
        # Art. 48.1: the items published on day 0 were visible through day 20; the one
        # published on day 1 is still in its period (it stays in the register either way).
        assert set(titles(queries.inbox(staff))) == {"Hẹn giờ"}

    def test_filters_by_category(self, clock, tree, head, staff):
        publish(tree.agency, head, title="Dự toán", category=Category.BUDGET_FINANCE)
        publish(tree.agency, head, title="Kế hoạch", category=Category.WORK_PLAN)
        assert titles(queries.inbox(staff, category=Category.BUDGET_FINANCE)) == ["Dự toán"]

    def test_filters_by_year_in_vietnamese_time(self, tree, head, staff):
        # 31/12/2025 23:30 in Hà Nội is still 2025 there, though 16:30 UTC.
        with time_machine.travel(dt.datetime(2025, 12, 31, 23, 30, tzinfo=VN), tick=False):
            publish(tree.agency, head, title="Cuối năm 2025")
        with time_machine.travel(dt.datetime(2026, 1, 1, 0, 30, tzinfo=VN), tick=False):
            publish(tree.agency, head, title="Đầu năm 2026")
        with time_machine.travel(NOW, tick=False):
            assert titles(queries.inbox(staff, year=2025, current=False)) == ["Cuối năm 2025"]
            assert titles(queries.inbox(staff, year=2026, current=False)) == ["Đầu năm 2026"]

    def test_filters_by_unit(self, clock, tree, head, staff, member_of):
        publish(tree.agency, head, title="Của Sở")
        publish(tree.dept_a, member_of(tree.dept_a, Role.HEAD), title="Của Phòng")
        assert set(titles(queries.inbox(staff))) == {"Của Sở", "Của Phòng"}
        assert titles(queries.inbox(staff, unit_id=tree.dept_a.pk)) == ["Của Phòng"]

    @pytest.mark.parametrize(
        ("q", "found"),
        [
            ("ke hoach", ["Kế hoạch công tác năm 2026"]),
            ("KẾ HOẠCH", ["Kế hoạch công tác năm 2026"]),
            ("ngan sach", ["Dự toán ngân sách"]),  # in the summary
            ("duong", ["Dự toán ngân sách"]),  # in the body: "đường"
            ("05/qd-snv", ["Kế hoạch công tác năm 2026"]),
            ("ke hoach 2027", []),
        ],
    )
    def test_finds_words_without_diacritics(self, clock, tree, head, staff, q, found):
        publish(
            tree.agency,
            head,
            title="Kế hoạch công tác năm 2026",
            document_number="Số: 05/QĐ-SNV",
        )
        publish(
            tree.agency,
            head,
            title="Dự toán ngân sách",
            summary="Ngân sách sửa chữa",
            body="Sửa chữa đường nội bộ",
        )
        assert titles(queries.inbox(staff, q=q)) == found

    def test_the_unit_filter_offers_readable_units_that_published_something(
        self, clock, tree, head, staff, member_of
    ):
        publish(tree.agency, head, title="Của Sở")
        publish(
            tree.dept_b, member_of(tree.dept_b, Role.HEAD), publish_at=NOW + dt.timedelta(days=1)
        )
        publish(tree.other, member_of(tree.other, Role.HEAD), title="Của đơn vị khác")
        offered = [unit.pk for unit in queries.units_with_disclosures(staff)]
        assert offered == [tree.agency.pk]  # not the scheduled-only unit, nor another agency
        admin = UserFactory.create(person=None, is_superuser=True)
        everything = {unit.pk for unit in queries.units_with_disclosures(admin)}
        assert everything == {tree.agency.pk, tree.other.pk}

    def test_shows_nothing_of_another_unit(self, clock, tree, member_of):
        publish(tree.other, member_of(tree.other, Role.HEAD))
        assert len(queries.inbox(member_of(tree.agency))) == 0


class TestAcknowledgementReport:
    def test_groups_the_audience_by_sub_unit_with_who_has_and_has_not_read(
        self, clock, tree, head, member_of
    ):
        item = publish(tree.agency, head, audience_units=[tree.dept_a, tree.dept_b])
        a_read = member_of(tree.dept_a)
        a_pending = PersonFactory(unit=tree.dept_a, given_name="An")
        b_read = member_of(tree.dept_b)
        member_of(tree.other)
        for user in (a_read, b_read):
            services.acknowledge(actor=user, disclosure=item)

        report = queries.acknowledgement_report(item)

        assert [group["unit"] for group in report] == [tree.dept_a, tree.dept_b]
        assert report[0]["done"] == [a_read.person]
        assert report[0]["pending"] == [a_pending]
        assert (report[1]["done"], report[1]["pending"]) == ([b_read.person], [])
        assert queries.counts(item) == {"audience_count": 3, "acknowledged_count": 2}

    def test_lists_people_in_vietnamese_order(self, clock, tree, head):
        item = publish(tree.agency, head, audience_units=[tree.dept_a])
        for given in ("Đạt", "Dũng", "Anh", "Ân"):
            PersonFactory(unit=tree.dept_a, given_name=given)
        [group] = queries.acknowledgement_report(item)
        assert [person.given_name for person in group["pending"]] == ["Anh", "Ân", "Dũng", "Đạt"]


class TestAttachRates:
    @pytest.mark.parametrize("size", [5, 40])
    def test_a_page_costs_a_fixed_number_of_queries(
        self, clock, tree, head, member_of, size, django_assert_max_num_queries
    ):
        staff = [member_of(tree.dept_a), member_of(tree.dept_b), member_of(tree.agency)]
        items = [
            publish(tree.agency, head, audience_units=[tree.dept_a] if n % 2 else [])
            for n in range(size)
        ]
        services.acknowledge(actor=staff[0], disclosure=items[0])
        services.acknowledge(actor=staff[1], disclosure=items[0])
        services.acknowledge(actor=staff[0], disclosure=items[1])
        reader = staff[2]
        queries.visible_disclosures(reader)  # the reader's roles, read once per request

        def rate_a_page():
            with memo_for_request():  # as in a request: the tokens are read once
                visible = queries.visible_disclosures(reader).prefetch_related("audience_units")
                page = list(visible[:size])
                queries.attach_rates(page)
            return {d.pk: (d.audience_count, d.acknowledged_count) for d in page}

        # The page and its audiences, the generation tokens, the acknowledgements, the chosen
        # audiences (with the counters of the items' units) and the staff counts.
        with django_assert_max_num_queries(7):
            rates = rate_a_page()
        # Again: the audiences and staff counts come from the cache.
        with django_assert_max_num_queries(4):
            assert rate_a_page() == rates

        # The whole agency: the head and three staff; department A: one.
        assert rates[items[0].pk] == (4, 2)
        assert rates[items[1].pk] == (1, 1)
        assert rates[items[2].pk] == (4, 0)
        assert len(rates) == size

    def test_overlapping_sub_units_count_each_person_once(self, clock, tree, head, member_of):
        for unit in (tree.agency, tree.dept_a, tree.dept_a, tree.dept_b):
            member_of(unit)
        item = publish(tree.agency, head, audience_units=[tree.agency, tree.dept_a])
        [rated] = queries.attach_rates([item])
        assert rated.audience_count == queries.counts(item)["audience_count"] == 5

    def test_an_empty_page(self):
        assert queries.attach_rates([]) == []

    def test_someone_who_left_the_audience_no_longer_counts_as_having_read(
        self, clock, tree, head, member_of
    ):
        """The register's rate and the item's own figures agree: both count the acknowledgements
        of the people in the audience now (a transferred reader counts for neither)."""
        stays, leaves = member_of(tree.dept_a), member_of(tree.dept_a)
        item = publish(tree.agency, head, audience_units=[tree.dept_a])
        for reader in (stays, leaves):
            services.acknowledge(actor=reader, disclosure=item)
        leaves.person.unit = tree.other
        leaves.person.save()
        [rated] = queries.attach_rates([item])
        figures = queries.counts(item)
        assert (rated.audience_count, rated.acknowledged_count) == (1, 1)
        assert figures == {"audience_count": 1, "acknowledged_count": 1}


class TestFindByDigest:
    def test_finds_each_version_by_its_own_digest(self, clock, tree, head):
        first = publish(tree.agency, head, title="Quy chế")
        second = services.supersede_disclosure(
            actor=head, previous=first, category=first.category, title="Quy chế (sửa)"
        )
        assert queries.find_by_digest(first.digest) == first
        assert queries.find_by_digest(second.digest) == second

    def test_finds_the_version_holding_an_attached_file(self, clock, tree, head):
        data = xlsx_bytes()
        item = publish(tree.agency, head, attachments=[upload("Dự toán.xlsx", data)])
        sha256 = hashlib.sha256(data).hexdigest()
        assert queries.find_by_digest(sha256) == item
        assert queries.find_by_digest(f"  {sha256.upper()}\n") == item

    def test_a_file_carried_over_leads_to_the_newest_version(self, clock, tree, head):
        first = publish(tree.agency, head, attachments=[upload("a.pdf", PDF_BYTES)])
        second = services.supersede_disclosure(
            actor=head,
            previous=first,
            category=first.category,
            title=first.title,
            attachments=[upload("a.pdf", PDF_BYTES)],
        )
        assert queries.find_by_digest(hashlib.sha256(PDF_BYTES).hexdigest()) == second

    @pytest.mark.parametrize("digest", ["0" * 64, "", "not-a-digest"])
    def test_finds_nothing_for_an_unknown_digest(self, clock, tree, head, digest):
        publish(tree.agency, head)
        assert queries.find_by_digest(digest) is None


class TestRegister:
    def test_lists_the_units_items_of_a_period_in_date_order(self, tree, head, member_of):
        for day in (1, 10, 20):
            when = dt.datetime(2026, 3, day, 9, 0, tzinfo=VN)
            with time_machine.travel(when, tick=False):
                publish(tree.agency, head, title=f"Ngày {day}")
        with time_machine.travel(dt.datetime(2026, 3, 25, tzinfo=VN), tick=False):
            publish(tree.other, member_of(tree.other, Role.HEAD), title="Sở khác")
            items = queries.register(
                head, tree.agency, start=dt.date(2026, 3, 10), end=dt.date(2026, 3, 20)
            )
            assert titles(items) == ["Ngày 10", "Ngày 20"]
