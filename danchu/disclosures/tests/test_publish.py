"""Publishing (Law 10/2022/QH15 arts. 46–48): who, when, how long, and what is refused."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zoneinfo
from collections.abc import Iterator

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from danchu.audit.models import Entry
from danchu.core.errors import InvalidInput
from danchu.disclosures import queries, rules, services
from danchu.disclosures.errors import SecretNotDisclosable
from danchu.disclosures.models import Attachment, Category, Channel, Confidentiality, Disclosure
from danchu.disclosures.tests.factories import publish
from danchu.facts.models import Fact
from danchu.facts.services import facts_for
from danchu.people.models import Role
from danchu.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=VN)  # a Tuesday


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def written() -> tuple[int, int, int, int]:
    """What a refused publication must leave untouched."""
    return (
        Disclosure.objects.count(),
        Attachment.objects.count(),
        Entry.objects.count(),
        Fact.objects.count(),
    )


class TestPublishDisclosure:
    def test_publishes_with_a_digest_an_audit_entry_and_a_fact(self, clock, tree, head):
        item = services.publish_disclosure(
            actor=head,
            unit=tree.agency,
            category=Category.BUDGET_FINANCE,
            title="  Dự toán   ngân sách 2026 ",
            body="Chi tiết",
            decision_date=dt.date(2026, 3, 9),
            channels=[Channel.INTRANET, Channel.POSTING, Channel.INTRANET],
        )
        item.refresh_from_db()
        assert item.title == "Dự toán ngân sách 2026"
        assert re.fullmatch(r"[0-9a-f]{64}", item.digest)
        assert (item.version, item.series_id, item.status) == (1, item.pk, "published")
        assert item.channels == ["intranet", "posting"]
        assert item.due_on == dt.date(2026, 3, 16)
        assert item.is_late is False
        assert item.created_by == head
        entry = Entry.objects.get(action="disclosures.published")
        assert (entry.target_id, entry.actor_id, entry.unit_id) == (
            str(item.pk),
            head.pk,
            tree.agency.pk,
        )
        assert entry.changes["digest"] == item.digest
        assert entry.changes["late"] is False
        facts = list(facts_for(item))
        assert [fact.kind for fact in facts] == ["disclosure.published"]
        assert facts[0].unit_id == tree.agency.pk
        assert facts[0].occurred_on == NOW.date()

    def test_stays_visible_20_days_not_counting_the_day_of_publication(self, clock, tree, head):
        """Law 10/2022 art. 48.1 (20 consecutive days), counted as Civil Code 2015 art. 147.1
        counts: the day of the event is not counted, so 11/03 is day 1 and 30/03 day 20."""
        item = publish(tree.agency, head)
        assert item.visible_until == dt.date(2026, 3, 30)
        assert (item.visible_until - NOW.date()).days == rules.MIN_VISIBLE_DAYS == 20

    def test_counts_the_days_in_vietnamese_time(self, tree, head):
        late_evening = dt.datetime(2026, 3, 10, 23, 30, tzinfo=VN)  # 16:30 UTC
        with time_machine.travel(late_evening, tick=False):
            item = publish(tree.agency, head)
        assert item.visible_until == dt.date(2026, 3, 30)

    def test_a_scheduled_item_is_hidden_from_staff_until_its_time(
        self, clock, tree, head, member_of
    ):
        staff = member_of(tree.agency, Role.STAFF)
        later = NOW + dt.timedelta(days=3)
        item = publish(tree.agency, head, publish_at=later)
        assert item.visible_until == dt.date(2026, 3, 13) + dt.timedelta(days=20)
        assert item.public_status(now=NOW) == "scheduled"
        assert item in queries.visible_disclosures(head)
        assert item not in queries.visible_disclosures(staff)
        clock.move_to(later)
        assert item in queries.visible_disclosures(staff)
        assert item.public_status(now=later) == "published"

    def test_refuses_a_publication_time_in_the_past(self, clock, tree, head):
        before = written()
        with pytest.raises(InvalidInput):
            publish(tree.agency, head, publish_at=NOW - dt.timedelta(hours=1))
        assert written() == before


class TestSecrets:
    @pytest.mark.parametrize("label", [Confidentiality.STATE_SECRET, Confidentiality.WORK_SECRET])
    def test_a_secret_is_never_disclosed_and_nothing_is_written(self, tree, head, label):
        before = written()
        with pytest.raises(SecretNotDisclosable) as raised:
            publish(tree.agency, head, confidentiality=label)
        assert raised.value.code == "secret"
        assert raised.value.status_code == 422
        assert written() == before


class TestWhoPublishes:
    @pytest.mark.parametrize("role", [Role.HEAD, Role.RECORDS_CLERK])
    def test_the_head_and_the_records_clerk_publish(self, tree, member_of, role):
        actor = member_of(tree.agency, role)
        assert publish(tree.agency, actor).created_by == actor

    def test_the_head_of_the_unit_above_publishes_for_it(self, tree, member_of):
        assert publish(tree.agency, member_of(tree.province, Role.HEAD)).unit == tree.agency

    @pytest.mark.parametrize(
        ("where", "role"),
        [
            ("agency", Role.STAFF),
            ("agency", Role.UNION_CHAIR),
            ("agency", Role.DEPUTY_HEAD),
            ("agency", Role.INSPECTION_CHAIR),
            ("province", Role.SUPERVISOR),
            ("other", Role.HEAD),
            ("dept_a", Role.HEAD),
        ],
    )
    def test_anyone_else_is_refused(self, tree, member_of, where, role):
        actor = member_of(getattr(tree, where), role)
        before = written()
        with pytest.raises(PermissionDenied):
            publish(tree.agency, actor)
        assert written() == before

    def test_an_account_without_a_role_is_refused(self, tree):
        with pytest.raises(PermissionDenied):
            publish(tree.agency, UserFactory(person=None))


class TestDeadlineAcrossTet:
    """Decision on Friday 13/02/2026; Tết holiday 16–20/02: due on Friday 27/02/2026."""

    DECISION = dt.date(2026, 2, 13)

    def test_the_due_date_skips_the_tet_holiday(self):
        assert services.due_date(self.DECISION) == dt.date(2026, 2, 27)

    def test_publishing_on_the_due_date_is_on_time(self, tree, head):
        with time_machine.travel(dt.datetime(2026, 2, 27, 23, 30, tzinfo=VN), tick=False):
            item = publish(tree.agency, head, decision_date=self.DECISION)
        assert (item.due_on, item.is_late) == (dt.date(2026, 2, 27), False)
        assert [fact.kind for fact in facts_for(item)] == ["disclosure.published"]

    def test_publishing_after_it_requires_a_reason(self, tree, head):
        before = written()
        with (
            time_machine.travel(dt.datetime(2026, 3, 2, 8, 0, tzinfo=VN), tick=False),
            pytest.raises(InvalidInput),
        ):
            publish(tree.agency, head, decision_date=self.DECISION)
        assert written() == before

    def test_just_after_midnight_in_vietnam_is_already_late(self, tree, head):
        # 17:30 UTC on 27/02 is 00:30 on 28/02 in Hà Nội.
        with (
            time_machine.travel(dt.datetime(2026, 2, 27, 17, 30, tzinfo=dt.UTC), tick=False),
            pytest.raises(InvalidInput),
        ):
            publish(tree.agency, head, decision_date=self.DECISION)

    def test_a_late_item_is_stored_as_late_with_its_reason_and_a_fact(self, tree, head):
        with time_machine.travel(dt.datetime(2026, 3, 2, 8, 0, tzinfo=VN), tick=False):
            item = publish(
                tree.agency, head, decision_date=self.DECISION, late_reason=" Chờ bản ký số "
            )
        item.refresh_from_db()
        assert (item.is_late, item.late_reason) == (True, "Chờ bản ký số")
        kinds = sorted(fact.kind for fact in facts_for(item))
        assert kinds == ["disclosure.late", "disclosure.published"]
        entry = Entry.objects.get(action="disclosures.published", target_id=str(item.pk))
        assert entry.changes["late"] is True
        assert entry.changes["due_on"] == "2026-02-27"

    def test_a_scheduled_item_is_judged_on_its_publication_day(self, tree, head):
        with time_machine.travel(dt.datetime(2026, 2, 26, 8, 0, tzinfo=VN), tick=False):
            with pytest.raises(InvalidInput):
                publish(
                    tree.agency,
                    head,
                    decision_date=self.DECISION,
                    publish_at=dt.datetime(2026, 3, 2, 8, 0, tzinfo=VN),
                )
            on_time = publish(
                tree.agency,
                head,
                decision_date=self.DECISION,
                publish_at=dt.datetime(2026, 2, 27, 8, 0, tzinfo=VN),
            )
        assert on_time.is_late is False


class TestInvalidInput:
    @pytest.mark.parametrize(
        "fields",
        [
            pytest.param({"channels": []}, id="no-channel"),
            pytest.param({"channels": ["intranet", "fax"]}, id="unknown-channel"),
            pytest.param({"decision_date": dt.date(2026, 3, 11)}, id="decision-in-future"),
            pytest.param({"document_number": "abc"}, id="number-abc"),
            pytest.param({"document_number": "Số: /QĐ-SNV"}, id="number-without-digits"),
            pytest.param({"category": "gossip"}, id="unknown-category"),
            pytest.param({"title": "   "}, id="blank-title"),
            pytest.param({"title": "x" * 301}, id="long-title"),
        ],
    )
    def test_is_refused_and_nothing_is_written(self, clock, tree, head, fields):
        before = written()
        with pytest.raises(InvalidInput):
            publish(tree.agency, head, **fields)
        assert written() == before

    @pytest.mark.parametrize("where", ["other", "province"])
    def test_the_audience_must_be_inside_the_unit(self, clock, tree, head, where):
        before = written()
        with pytest.raises(InvalidInput):
            publish(tree.agency, head, audience_units=[tree.dept_a, getattr(tree, where)])
        assert written() == before

    def test_the_audience_may_be_some_sub_units(self, clock, tree, head):
        item = publish(tree.agency, head, audience_units=[tree.dept_a])
        assert list(item.audience_units.all()) == [tree.dept_a]

    @pytest.mark.parametrize(
        ("typed", "stored"),
        [
            ("Số: 05/QĐ-SNV", "05/QĐ-SNV"),
            ("Số:05/QĐ-SNV", "05/QĐ-SNV"),
            ("Số 12/KH-SNV", "12/KH-SNV"),
            ("  05/QĐ-SNV ", "05/QĐ-SNV"),
            ("Số: 30/2020/NĐ-CP", "30/2020/NĐ-CP"),
            ("Số: 1234/UBND-VX", "1234/UBND-VX"),
            (unicodedata.normalize("NFD", "Số: 05/QĐ-SNV"), "05/QĐ-SNV"),
            ("", ""),
        ],
    )
    def test_document_numbers_are_stored_without_the_so_prefix(
        self, clock, tree, head, typed, stored
    ):
        assert publish(tree.agency, head, document_number=typed).document_number == stored


class TestSafeContent:
    BODY = (
        "Kính gửi toàn thể công chức.\n\n"
        "<script>alert('xss')</script>\n\n"
        '<img src="x" onerror="alert(1)">\n\n'
        "[Bấm vào đây](javascript:alert(document.cookie)) và "
        '<a href="JaVaScRiPt:alert(2)">đây</a>\n\n'
        '<p onclick="steal()" style="color:red">Đoạn cuối</p>\n\n'
        "[Văn bản gốc](https://snv.example.gov.vn/vb.pdf)"
    )

    def test_the_body_is_rendered_without_scripts_handlers_or_javascript_links(
        self, clock, tree, head
    ):
        html = publish(tree.agency, head, body=self.BODY).body_html.lower()
        for forbidden in ("<script", "alert('xss')", "<img", "onerror", "onclick", "style="):
            assert forbidden not in html
        assert "javascript:" not in html
        assert "kính gửi toàn thể công chức." in html
        assert "đoạn cuối" in html
        assert 'href="https://snv.example.gov.vn/vb.pdf"' in html
        assert 'rel="noopener noreferrer nofollow"' in html

    def test_title_and_summary_are_stored_as_typed_for_templates_to_escape(self, clock, tree, head):
        # The views must not mark these safe: autoescaping is what protects them.
        title = "<script>alert(1)</script> Kế hoạch"
        item = publish(tree.agency, head, title=title, summary="<b>tóm tắt</b>")
        item.refresh_from_db()
        assert (item.title, item.summary) == (title, "<b>tóm tắt</b>")
