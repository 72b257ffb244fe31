"""Questions on an item, and information requests (Law 10/2022/QH15 art. 48.4)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from danchu.audit.models import Entry
from danchu.core.errors import InvalidInput
from danchu.disclosures import asking
from danchu.disclosures.errors import NotCurrent
from danchu.disclosures.models import Disclosure, InformationRequest, Question, RequestReason
from danchu.disclosures.tests.factories import Tree, publish
from danchu.facts.services import facts_for
from danchu.notifications.models import Notification
from danchu.organizations.models import UnitSettings
from danchu.people.models import Role
from danchu.people.tests.factories import RoleAssignmentFactory

pytestmark = pytest.mark.django_db

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
TET_EVE = dt.datetime(2026, 2, 13, 10, 0, tzinfo=VN)  # Friday before the Tết holiday (16–20/02)


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(TET_EVE, tick=False) as traveller:
        yield traveller


@pytest.fixture
def clerk(tree: Tree, member_of: Any) -> Any:
    return member_of(tree.agency, Role.RECORDS_CLERK)


@pytest.fixture
def item(clock: Any, tree: Tree, head: Any) -> Disclosure:
    return publish(tree.agency, head, title="Kết quả thi đua năm 2025")


def notices(kind: str) -> set[Any]:
    return {notice.recipient for notice in Notification.objects.filter(kind=kind)}


class TestAskQuestion:
    def test_records_the_question_and_notifies_the_publishers(
        self, item, staff, head, clerk, tree, member_of
    ):
        deputy = member_of(tree.agency, Role.DEPUTY_HEAD)
        question = asking.ask_question(actor=staff, disclosure=item, body="  Vì sao? ")
        assert (question.asked_by, question.body, question.answered_at) == (
            staff.person,
            "Vì sao?",
            None,
        )
        assert notices("disclosures.question") == {head, clerk}
        assert deputy not in notices("disclosures.question")
        notice = Notification.objects.get(kind="disclosures.question", recipient=head)
        assert item.title in notice.text
        assert notice.url == reverse("disclosure_detail", args=[item.pk])
        entry = Entry.objects.get(action="disclosures.question_asked")
        assert (entry.target_id, entry.changes) == (str(question.pk), {"disclosure": item.pk})

    def test_someone_who_cannot_see_the_item_cannot_ask(self, item, tree, member_of):
        with pytest.raises(PermissionDenied):
            asking.ask_question(actor=member_of(tree.other), disclosure=item, body="?")
        assert not Question.objects.exists()
        assert not Notification.objects.exists()

    def test_an_empty_question_is_refused(self, item, staff):
        with pytest.raises(InvalidInput):
            asking.ask_question(actor=staff, disclosure=item, body=" \n ")
        assert not Question.objects.exists()


class TestAnswerQuestion:
    @pytest.fixture
    def question(self, item: Disclosure, staff: Any) -> Question:
        return asking.ask_question(actor=staff, disclosure=item, body="Vì sao?")

    def test_answers_and_notifies_the_asker(self, clock, question, clerk, staff):
        asking.answer_question(actor=clerk, question=question, answer=" Theo quy chế. ")
        question.refresh_from_db()
        assert (question.answer, question.answered_by, question.answered_at) == (
            "Theo quy chế.",
            clerk,
            TET_EVE,
        )
        assert notices("disclosures.answer") == {staff}
        entry = Entry.objects.get(action="disclosures.question_answered")
        assert (entry.actor_id, entry.target_id) == (clerk.pk, str(question.pk))

    def test_answering_twice_is_refused(self, question, head):
        asking.answer_question(actor=head, question=question, answer="Một")
        with pytest.raises(NotCurrent):
            asking.answer_question(actor=head, question=question, answer="Hai")
        question.refresh_from_db()
        assert question.answer == "Một"
        assert Notification.objects.filter(kind="disclosures.answer").count() == 1

    def test_a_stale_copy_cannot_answer_again(self, question, head):
        stale = Question.objects.get(pk=question.pk)
        asking.answer_question(actor=head, question=question, answer="Một")
        with pytest.raises(NotCurrent):
            asking.answer_question(actor=head, question=stale, answer="Hai")

    @pytest.mark.parametrize("role", [Role.STAFF, Role.DEPUTY_HEAD, Role.UNION_CHAIR])
    def test_only_a_publisher_answers(self, question, tree, member_of, role):
        with pytest.raises(PermissionDenied):
            asking.answer_question(
                actor=member_of(tree.agency, role), question=question, answer="x"
            )

    def test_an_empty_answer_is_refused(self, question, head):
        with pytest.raises(InvalidInput):
            asking.answer_question(actor=head, question=question, answer="  ")


class TestRequestInformation:
    def ask(self, actor: Any, unit: Any, **fields: Any) -> InformationRequest:
        fields.setdefault("reason", RequestReason.EXPIRED)
        fields.setdefault("subject", "  Quyết định   nâng lương quý I ")
        return asking.request_information(actor=actor, unit=unit, **fields)

    def test_is_due_in_10_working_days_across_tet(self, clock, tree, staff, head, clerk):
        request = self.ask(staff, tree.agency, body=" Xin bản gốc ")
        # 23–27/02 and 02–06/03 are the ten working days after 13/02.
        assert request.due_on == dt.date(2026, 3, 6)
        assert (request.subject, request.body) == ("Quyết định nâng lương quý I", "Xin bản gốc")
        assert request.requested_by == staff.person
        assert notices("disclosures.information_request") == {head, clerk}
        entry = Entry.objects.get(action="disclosures.information_requested")
        assert entry.changes["due_on"] == "2026-03-06"
        [fact] = facts_for(request)
        assert (fact.kind, fact.data) == ("information_request.received", {"due_on": "2026-03-06"})

    def test_the_period_follows_the_setting(self, clock, tree, staff, settings):
        settings.DANCHU_INFORMATION_REQUEST_WORKING_DAYS = 3
        assert self.ask(staff, tree.agency).due_on == dt.date(2026, 2, 25)

    def test_art_48_5_the_period_is_the_one_the_units_regulation_sets(self, clock, tree, staff):
        """Art. 48.4 sets no reply period; art. 48.5 leaves the procedure to the unit's own
        regulation, recorded in its settings (and named in the audit entry)."""
        UnitSettings.objects.create(
            unit=tree.agency, information_reply_working_days=3, regulation="Quy chế số 12/QĐ-SNV"
        )
        assert self.ask(staff, tree.agency).due_on == dt.date(2026, 2, 25)
        entry = Entry.objects.get(action="disclosures.information_requested")
        assert entry.changes["reply_working_days"] == 3
        assert entry.changes["regulation"] == "Quy chế số 12/QĐ-SNV"

    def test_is_overdue_only_after_the_due_day_while_unanswered(self, clock, tree, staff, head):
        request = self.ask(staff, tree.agency)
        assert not request.is_overdue(today=dt.date(2026, 3, 6))
        assert request.is_overdue(today=dt.date(2026, 3, 7))
        clock.move_to(dt.datetime(2026, 3, 9, 9, 0, tzinfo=VN))
        asking.answer_information_request(actor=head, request=request, answer="Gửi kèm")
        request.refresh_from_db()
        assert not request.is_overdue(today=dt.date(2026, 3, 9))

    @pytest.mark.parametrize("where", ["agency", "dept_b"])
    def test_staff_of_the_unit_may_ask(self, clock, tree, member_of, where):
        assert self.ask(member_of(getattr(tree, where), None), tree.agency).pk

    def test_staff_of_another_unit_may_not(self, clock, tree, member_of):
        with pytest.raises(PermissionDenied):
            self.ask(member_of(tree.other, Role.HEAD), tree.agency)
        assert not InformationRequest.objects.exists()

    @pytest.mark.parametrize("role", [None, Role.SUPERVISOR, Role.HEAD])
    def test_people_of_the_unit_above_may_not(self, clock, tree, member_of, role):
        with pytest.raises(PermissionDenied):
            self.ask(member_of(tree.province, role), tree.agency)

    def test_a_role_in_the_unit_counts_as_working_there(self, clock, tree, member_of):
        person_elsewhere = member_of(tree.other, None)
        RoleAssignmentFactory(
            person=person_elsewhere.person, unit=tree.dept_a, role=Role.UNION_CHAIR
        )
        assert self.ask(person_elsewhere, tree.agency).pk

    def test_an_unknown_reason_is_refused(self, clock, tree, staff):
        with pytest.raises(InvalidInput):
            self.ask(staff, tree.agency, reason="curious")

    def test_a_blank_subject_is_refused(self, clock, tree, staff):
        with pytest.raises(InvalidInput):
            self.ask(staff, tree.agency, subject="  ")
        assert not Entry.objects.filter(action="disclosures.information_requested").exists()

    def test_the_item_must_be_one_of_the_unit(self, clock, tree, staff, member_of):
        foreign = publish(tree.other, member_of(tree.other, Role.HEAD))
        with pytest.raises(InvalidInput):
            self.ask(staff, tree.agency, disclosure=foreign)

    def test_may_name_an_item_of_the_unit(self, clock, tree, staff, item):
        request = self.ask(staff, tree.agency, disclosure=item, reason=RequestReason.UNREACHABLE)
        assert request.disclosure == item


class TestAnswerInformationRequest:
    @pytest.fixture
    def request_(self, clock: Any, tree: Tree, staff: Any) -> InformationRequest:
        return asking.request_information(
            actor=staff, unit=tree.agency, reason=RequestReason.NOT_DISCLOSED, subject="Dự toán"
        )

    def test_answers_on_time_and_notifies_the_requester(self, clock, request_, clerk, staff):
        clock.move_to(dt.datetime(2026, 3, 6, 16, 0, tzinfo=VN))
        asking.answer_information_request(actor=clerk, request=request_, answer=" Đính kèm ")
        request_.refresh_from_db()
        assert (request_.answer, request_.answered_by) == ("Đính kèm", clerk)
        assert notices("disclosures.information_answer") == {staff}
        entry = Entry.objects.get(action="disclosures.information_answered")
        assert entry.changes == {"on_time": True}
        answered = [f for f in facts_for(request_) if f.kind == "information_request.answered"]
        assert answered[0].data == {"due_on": "2026-03-06", "on_time": True}

    def test_a_late_answer_is_recorded_as_late(self, clock, request_, head):
        clock.move_to(dt.datetime(2026, 3, 9, 8, 0, tzinfo=VN))
        asking.answer_information_request(actor=head, request=request_, answer="Muộn")
        assert Entry.objects.get(action="disclosures.information_answered").changes == {
            "on_time": False
        }

    def test_answering_twice_is_refused(self, request_, head):
        asking.answer_information_request(actor=head, request=request_, answer="Một")
        with pytest.raises(NotCurrent):
            asking.answer_information_request(actor=head, request=request_, answer="Hai")

    @pytest.mark.parametrize(
        ("where", "role"),
        [
            ("agency", Role.STAFF),
            ("agency", Role.DEPUTY_HEAD),
            ("other", Role.HEAD),
            ("province", Role.SUPERVISOR),
        ],
    )
    def test_only_a_publisher_answers(self, request_, tree, member_of, where, role):
        with pytest.raises(PermissionDenied):
            asking.answer_information_request(
                actor=member_of(getattr(tree, where), role), request=request_, answer="x"
            )
        request_.refresh_from_db()
        assert request_.answered_at is None

    def test_an_empty_answer_is_refused(self, request_, head):
        with pytest.raises(InvalidInput):
            asking.answer_information_request(actor=head, request=request_, answer="")
