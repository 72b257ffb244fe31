"""Issue 12: a new consultation first goes to the union committee for its preview (art. 55.2,
docs/consultations.md): staff do not see it, the clock does not open it, the head opens it only
after the union has finished; the union's opinion is answered and reported as every opinion."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from danchu.consultations import adoption, clock, queries, services, union
from danchu.consultations.errors import OpinionsWithoutDisposition
from danchu.consultations.models import Consultation, Status
from danchu.consultations.report import synthesis_facts
from danchu.consultations.synthesis_doc import UNION_GROUP, build_docx, content_text
from danchu.consultations.tests.conftest import BASE, EARLY, open_one
from danchu.notifications.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def previewing(world, **fields) -> Consultation:
    return open_one(world, union_preview=True, **fields)


def page_of(response) -> str:
    return response.content.decode()


class TestTheDefault:
    def test_a_new_one_waits_for_the_union_and_staff_do_not_see_it(
        self, world, client_as, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            consultation = previewing(world)
        assert consultation.status == Status.UNION_PREVIEW
        # The union is asked for its preview; staff are not asked for an opinion yet.
        notified = set(Notification.objects.values_list("recipient", flat=True))
        assert notified == {world.union.pk}
        assert list(queries.awaiting_union_preview(world.union)) == [consultation]
        assert not queries.awaiting_union_preview(world.staff).exists()
        url = reverse("consultation_detail", args=[consultation.pk])
        assert client_as(world.staff).get(url).status_code == 404
        assert not queries.visible_consultations(world.staff).exists()
        page = page_of(client_as(world.union).get(url))
        assert reverse("consultation_union_preview_done", args=[consultation.pk]) in page
        assert client_as(world.head).get(url).status_code == 200
        with pytest.raises(PermissionDenied):  # staff do not see it yet
            services.give_opinion(actor=world.staff, consultation=consultation, text="Sớm")

    def test_the_clock_does_not_open_it(self, world):
        consultation = previewing(world)
        assert clock.advance(now=BASE + dt.timedelta(days=1))["opened"] == 0
        consultation.refresh_from_db()
        assert consultation.status == Status.UNION_PREVIEW
        assert consultation.phase(now=BASE + dt.timedelta(days=30)) == Status.UNION_PREVIEW


class TestOpeningAfterThePreview:
    def test_the_head_waits_for_the_union_then_opens_it(
        self, world, client_as, django_capture_on_commit_callbacks
    ):
        consultation = previewing(world)
        head = client_as(world.head)
        opening = reverse("consultation_open_to_staff", args=[consultation.pk])
        head.post(opening)
        consultation.refresh_from_db()
        assert consultation.status == Status.UNION_PREVIEW  # the union has not finished

        services.record_union_opinion(actor=world.union, consultation=consultation, text="Ổn")
        client_as(world.union).post(
            reverse("consultation_union_preview_done", args=[consultation.pk])
        )
        consultation.refresh_from_db()
        assert consultation.union_previewed_at is not None
        with django_capture_on_commit_callbacks(execute=True):
            head.post(opening)
        consultation.refresh_from_db()
        assert consultation.status == Status.OPEN
        assert Notification.objects.filter(recipient=world.staff).exists()
        url = reverse("consultation_detail", args=[consultation.pk])
        assert client_as(world.staff).get(url).status_code == 200

    def test_only_the_union_finishes_and_only_the_head_opens(self, world):
        consultation = previewing(world)
        with pytest.raises(PermissionDenied):
            union.finish_preview(actor=world.head, consultation=consultation)
        union.finish_preview(actor=world.union, consultation=consultation)
        with pytest.raises(PermissionDenied):
            union.open_to_staff(actor=world.union, consultation=consultation)

    def test_a_period_used_up_by_the_wait_is_moved_to_the_minimum(self, world, frozen):
        consultation = previewing(world)
        union.finish_preview(actor=world.union, consultation=consultation)
        frozen.shift(dt.timedelta(days=8))  # one day before the planned close
        opened = union.open_to_staff(actor=world.head, consultation=consultation)
        assert opened.status == Status.OPEN
        assert opened.closes_at > BASE + dt.timedelta(days=9)
        assert opened.accepts_opinions(now=BASE + dt.timedelta(days=9, hours=1))

    def test_the_head_may_skip_the_preview_when_opening(self, world):
        assert open_one(world, union_preview=False).status == Status.OPEN


class TestTheUnionsOpinionIsAnswered:
    def test_it_is_in_the_answer_list_and_in_the_synthesis(self, world, client_as):
        consultation = open_one(world)
        row = services.record_union_opinion(
            actor=world.union, consultation=consultation, text="Đề nghị đối thoại định kỳ."
        )
        services.close_consultation(actor=world.head, consultation=consultation, reason=EARLY)
        answers = reverse("consultation_dispositions", args=[consultation.pk])
        page = page_of(client_as(world.head).get(answers))
        assert "Đề nghị đối thoại định kỳ." in page
        assert f'id="u{row.pk}"' in page
        assert queries.undisposed_count(consultation) == 1  # the union's, not yet answered

        client_as(world.head).post(
            reverse("consultation_union_answer", args=[consultation.pk, row.pk]),
            {"decision": "not_accepted", "explanation": "Đã có trong Điều 6."},
        )
        row.refresh_from_db()
        assert row.decision == "not_accepted"
        facts = synthesis_facts(consultation, number="01/BC", signer=world.head)
        union_group = facts.groups[0]
        assert union_group.union
        assert content_text(union_group) == UNION_GROUP
        assert union_group.opinions[0].text == "Đề nghị đối thoại định kỳ."
        assert union_group.opinions[0].explanation == "Đã có trong Điều 6."
        docx = build_docx(facts)
        assert b"word/document.xml" in docx

    def test_the_synthesis_waits_for_the_answer_to_the_union(self, world):
        consultation = open_one(world)
        services.record_union_opinion(actor=world.union, consultation=consultation, text="Ổn")
        services.close_consultation(actor=world.head, consultation=consultation, reason=EARLY)
        with pytest.raises(OpinionsWithoutDisposition):
            adoption.publish_synthesis(actor=world.head, consultation=consultation)
