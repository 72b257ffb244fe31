"""Every transition and refusal of a consultation, and who may do what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from danchu.anonymity.models import AnonymousAct
from danchu.anonymity.services import seal_past_days
from danchu.audit.models import Entry
from danchu.consultations import clock, drafts, queries, services
from danchu.consultations.errors import NotClosed, NotOpen
from danchu.consultations.models import Decision, Opinion, Stance, Status, UnitRules, Visibility
from danchu.consultations.tests.conftest import BASE, DRAFT, EARLY, open_one
from danchu.core.errors import InvalidInput
from danchu.facts.models import Fact
from danchu.notifications.models import Notification
from danchu.people.tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=False), pytest.mark.usefixtures("frozen")]


def paragraph(consultation, number):
    return queries.latest_version(consultation).paragraphs.get(number=number)


class TestOpen:
    def test_opens_at_once_splits_the_draft_and_notifies_those_consulted(
        self, world, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            consultation = open_one(world)
        assert consultation.status == Status.OPEN
        refs = [p.ref for p in queries.paragraphs_of(queries.latest_version(consultation))]
        assert "Điều 2, khoản 1" in refs
        notified = set(Notification.objects.values_list("recipient", flat=True))
        assert {world.staff.pk, world.dept_staff.pk, world.head.pk} <= notified
        assert world.outsider.pk not in notified
        assert Fact.objects.filter(kind="consultation.opened").count() == 1
        assert Entry.objects.filter(action="consultations.opened").count() == 1

    def test_a_later_opening_waits_and_only_head_and_union_see_the_plan(self, world):
        consultation = open_one(
            world, opens_at=BASE + dt.timedelta(days=1), closes_at=BASE + dt.timedelta(days=10)
        )
        assert consultation.phase(now=BASE) == Status.PLANNED
        visible = {
            user: queries.visible_consultations(user).filter(pk=consultation.pk).exists()
            for user in (world.head, world.union, world.staff, world.supervisor)
        }
        assert visible == {world.head: True, world.union: True, world.staff: False,
                           world.supervisor: False}  # fmt: skip

    def test_refuses_a_period_shorter_than_the_units_minimum(self, world):
        with pytest.raises(InvalidInput, match="5"):
            open_one(world, closes_at=BASE + dt.timedelta(days=2))
        UnitRules.objects.create(unit=world.upper, min_working_days=2)  # inherited from above
        assert open_one(world, closes_at=BASE + dt.timedelta(days=2)).status == Status.OPEN

    def test_staff_may_not_open_one(self, world):
        with pytest.raises(PermissionDenied):
            services.open_consultation(
                actor=world.staff,
                unit=world.agency,
                topic="work_plan",
                title="Kế hoạch",
                draft=drafts.split_paragraphs(DRAFT),
                opens_at=BASE,
                closes_at=BASE + dt.timedelta(days=9),
            )

    def test_an_empty_draft_is_refused_and_nothing_is_saved(self, world):
        with pytest.raises(InvalidInput):
            open_one(world, draft=[])
        assert not queries.visible_consultations(world.head).exists()


class TestOpinions:
    def test_on_a_paragraph_and_on_the_whole(self, world):
        consultation = open_one(world)
        first = services.give_opinion(
            actor=world.staff, consultation=consultation, paragraph=paragraph(consultation, 5),
            text="Đề nghị tăng lên 10 ngày làm việc.",
        )  # fmt: skip
        services.give_opinion(actor=world.dept_staff, consultation=consultation, text="Đồng ý.")
        assert first.author == world.staff.person
        assert queries.opinions_for(world.head, consultation).count() == 2

    def test_through_the_union_no_author_no_time_and_no_actor_in_the_audit(self, world):
        consultation = open_one(world)
        opinion = services.give_opinion(
            actor=world.staff, consultation=consultation, text="Góp ý kín", via_union=True
        )
        opinion.refresh_from_db()
        assert opinion.author is None
        assert opinion.created_at.astimezone(BASE.tzinfo).time() == dt.time(0, 0)
        # No audit entry now (it would sit between the author's own entries): an anonymous act,
        # sealed with the day's others once the day is over (danchu.anonymity).
        assert not Entry.objects.filter(action="consultations.opinion_given").exists()
        act = AnonymousAct.objects.get(target_id=str(opinion.pk))
        assert (act.action, act.day) == ("consultations.opinion_given", BASE.date())
        assert str(world.staff.pk) not in str(act.changes)
        assert queries.author_label(opinion) != world.staff.person.full_name
        (batch,) = seal_past_days(now=BASE + dt.timedelta(days=1, hours=1))
        seal = Entry.objects.get(seq=batch.entry_seq)
        assert (seal.actor_id, seal.changes["count"]) == (None, 1)

    def test_the_plan_can_refuse_opinions_through_the_union(self, world):
        consultation = open_one(world, allow_via_union=False)
        with pytest.raises(InvalidInput):
            services.give_opinion(
                actor=world.staff, consultation=consultation, text="x", via_union=True
            )

    def test_other_units_staff_cannot_give_one(self, world):
        consultation = open_one(world)
        with pytest.raises(PermissionDenied):
            services.give_opinion(actor=world.outsider, consultation=consultation, text="x")

    def test_after_closing_is_refused(self, world, frozen):
        consultation = open_one(world)
        services.close_consultation(actor=world.head, consultation=consultation, reason=EARLY)
        with pytest.raises(NotOpen):
            services.give_opinion(actor=world.staff, consultation=consultation, text="Muộn")
        assert not Opinion.objects.exists()

    def test_head_only_visibility_hides_others_opinions_from_staff(self, world):
        consultation = open_one(world, visibility=Visibility.HEAD_ONLY)
        services.give_opinion(actor=world.dept_staff, consultation=consultation, text="Của tôi")
        mine = services.give_opinion(actor=world.staff, consultation=consultation, text="Ý kiến")
        assert list(queries.opinions_for(world.staff, consultation)) == [mine]
        assert queries.opinions_for(world.union, consultation).count() == 2

    def test_agree_then_disagree_keeps_one_stance(self, world):
        consultation = open_one(world)
        target = paragraph(consultation, 5)  # a clause (4 is an article's title: no stance)
        services.set_stance(actor=world.staff, paragraph=target, stance=Stance.AGREE)
        row = services.set_stance(actor=world.staff, paragraph=target, stance=Stance.DISAGREE)
        assert target.stances.count() == 1
        assert row.stance == Stance.DISAGREE


class TestClockAndClosing:
    def test_opens_reminds_and_closes_by_itself(
        self, world, frozen, django_capture_on_commit_callbacks
    ):
        consultation = open_one(
            world, opens_at=BASE + dt.timedelta(days=1), closes_at=BASE + dt.timedelta(days=8)
        )
        with django_capture_on_commit_callbacks(execute=True):
            assert clock.advance(now=BASE + dt.timedelta(days=1))["opened"] == 1
            assert clock.advance(now=BASE + dt.timedelta(days=6))["reminded"] == 1
            assert clock.advance(now=BASE + dt.timedelta(days=6))["reminded"] == 0
            # once only, not once a day (issue 12)
            assert clock.advance(now=BASE + dt.timedelta(days=7))["reminded"] == 0
            assert clock.advance(now=BASE + dt.timedelta(days=8))["closed"] == 1
        consultation.refresh_from_db()
        assert consultation.status == Status.CLOSED
        kinds = set(Notification.objects.values_list("code", flat=True))
        assert kinds == {"consultation.opened", "consultation.closing", "consultation.closed"}
        closing = Notification.objects.filter(code="consultation.closing")
        assert closing.count() == closing.values("recipient").distinct().count()

    def test_only_the_head_closes_and_only_when_open(self, world):
        consultation = open_one(world)
        with pytest.raises(PermissionDenied):
            services.close_consultation(actor=world.union, consultation=consultation, reason=EARLY)
        services.close_consultation(actor=world.head, consultation=consultation, reason=EARLY)
        with pytest.raises(NotOpen):
            services.close_consultation(actor=world.head, consultation=consultation, reason=EARLY)


class TestDispositionsAndVersions:
    def test_disposition_after_closing_by_the_head_with_a_reason(self, world):
        consultation = open_one(world)
        opinion = services.give_opinion(actor=world.staff, consultation=consultation, text="A")
        with pytest.raises(NotClosed):
            services.dispose_opinion(
                actor=world.head, opinion=opinion, decision=Decision.ACCEPTED, explanation=""
            )
        services.close_consultation(actor=world.head, consultation=consultation, reason=EARLY)
        with pytest.raises(PermissionDenied):
            services.dispose_opinion(
                actor=world.union, opinion=opinion, decision=Decision.ACCEPTED, explanation=""
            )
        with pytest.raises(InvalidInput):
            services.dispose_opinion(
                actor=world.head, opinion=opinion, decision=Decision.NOT_ACCEPTED, explanation=""
            )
        services.dispose_opinion(
            actor=world.head, opinion=opinion, decision=Decision.PARTLY_ACCEPTED,
            explanation="Tiếp thu một phần, giữ 05 ngày.",
        )  # fmt: skip
        opinion.refresh_from_db()
        assert opinion.decision == Decision.PARTLY_ACCEPTED
        assert not queries.undisposed(consultation).exists()

    def test_a_revised_version_keeps_paragraph_keys_and_records_answers(self, world):
        consultation = open_one(world)
        opinion = services.give_opinion(
            actor=world.staff, consultation=consultation, paragraph=paragraph(consultation, 5),
            text="Đề nghị 10 ngày.",
        )  # fmt: skip
        revised = [text.replace("05 ngày", "10 ngày") for text in DRAFT]
        version = services.publish_version(
            actor=world.head,
            consultation=consultation,
            draft=drafts.split_paragraphs(revised),
            note="Tiếp thu ý kiến về thời gian góp ý",
            answers={5: [opinion.pk]},
        )
        assert version.number == 2
        old, new = paragraph(consultation, 5), version.paragraphs.get(number=5)
        first = queries.version(consultation, 1).paragraphs.get(number=5)
        assert new.key == first.key
        assert old.pk == new.pk
        assert list(new.answers.all()) == [opinion]

    def test_staff_cannot_publish_a_version(self, world):
        consultation = open_one(world)
        with pytest.raises(PermissionDenied):
            services.publish_version(
                actor=world.staff, consultation=consultation, draft=drafts.split_paragraphs(DRAFT)
            )


def test_the_admin_sets_a_units_minimum_period_and_it_is_audited(world, client):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    response = client.post(
        "/admin/consultations/unitrules/add/", {"unit": world.agency.pk, "min_working_days": 3}
    )
    assert response.status_code == 302
    assert queries.min_working_days(world.dept) == 3
    assert Entry.objects.filter(action="consultations.unit_rules_changed").exists()
