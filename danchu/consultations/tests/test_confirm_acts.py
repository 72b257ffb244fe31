"""Issue 12: closing early, publishing the synthesis and adopting take a check page (nothing
written), then a confirming POST that acts once, then a confirmation page."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from danchu.audit.models import Entry
from danchu.consultations import services
from danchu.consultations.models import Consultation, Regulation, Status, Synthesis, Topic
from danchu.consultations.tests.conftest import EARLY, open_one
from danchu.consultations.tests.test_adoption import closed_with_answers
from danchu.core.tests.confirming import confirm, token_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
ADOPT = {"document_number": "15/QĐ-SNV", "signed_on": "05/03/2025", "effective_from": "15/03/2025"}


def page(response):
    return html.unescape(response.content.decode())


class TestClose:
    def test_check_page_says_to_whom_and_what_cannot_be_undone_and_writes_nothing(
        self, world, client_as
    ):
        consultation = open_one(world)
        head = client_as(world.head)
        entries = Entry.objects.count()
        url = reverse("consultation_close", args=[consultation.pk])
        check = head.post(url, {"reason": EARLY})
        text = page(check)
        assert check.status_code == 200
        consulted = 4  # head, staff, dept_staff, union chair of the agency
        assert f"{consulted} người được lấy ý kiến" in text
        assert "Không thể hoàn tác" in text
        assert EARLY in text
        consultation.refresh_from_db()
        assert consultation.closed_at is None
        assert Entry.objects.count() == entries

    def test_confirm_closes_once_and_shows_what_happens_next(self, world, client_as):
        consultation = open_one(world)
        head = client_as(world.head)
        url = reverse("consultation_close", args=[consultation.pk])
        check = head.post(url, {"reason": EARLY})
        first = confirm(head, url, check)
        again = confirm(head, url, check)  # a double click: the same form key
        assert first.status_code == 302
        assert first["Location"] == reverse("consultation_closed", args=[consultation.pk])
        assert again.status_code == 302
        assert again["Idempotent-Replayed"] == "true"  # answered, not closed a second time
        assert Consultation.objects.get().closed_at is not None
        done = page(head.get(first["Location"]))
        assert "Đã kết thúc lấy ý kiến" in done
        assert "Điều gì diễn ra tiếp theo" in done
        assert reverse("consultation_dispositions", args=[consultation.pk]) in done

    def test_change_link_brings_the_reason_back(self, world, client_as):
        consultation = open_one(world)
        head = client_as(world.head)
        url = reverse("consultation_close", args=[consultation.pk])
        check = head.post(url, {"reason": EARLY})
        form = head.get(url, {"answers": token_of(check)})
        assert EARLY in page(form)

    def test_a_refusal_on_confirm_keeps_the_reason(self, world, client_as):
        consultation = open_one(world)
        head = client_as(world.head)
        url = reverse("consultation_close", args=[consultation.pk])
        check = head.post(url, {"reason": EARLY})
        services.close_consultation(actor=world.head, consultation=consultation, reason="Khác")
        refused = confirm(head, url, check)
        assert refused.status_code == 409
        assert EARLY in page(refused)
        assert "error-summary" in page(refused)

    def test_an_empty_reason_is_refused_on_the_check_step(self, world, client_as):
        consultation = open_one(world)
        response = client_as(world.head).post(
            reverse("consultation_close", args=[consultation.pk]), {"reason": ""}
        )
        assert response.status_code == 422
        assert 'name="confirm"' not in page(response)

    @pytest.mark.parametrize("who", ["staff", "outsider"])
    def test_others_are_refused_on_both_steps(self, who, world, client_as):
        consultation = open_one(world)
        head = client_as(world.head)
        url = reverse("consultation_close", args=[consultation.pk])
        check = head.post(url, {"reason": EARLY})
        other = client_as(getattr(world, who))
        assert other.post(url, {"reason": EARLY}).status_code == 404
        assert other.post(url, {"confirm": token_of(check)}).status_code == 404
        closed = reverse("consultation_closed", args=[consultation.pk])
        assert other.get(closed).status_code == 404
        assert Consultation.objects.get().closed_at is None


class TestSynthesis:
    def test_check_page_then_confirm_publishes_once(self, world, client_as):
        consultation = closed_with_answers(world)
        head = client_as(world.head)
        url = reverse("consultation_synthesis_publish", args=[consultation.pk])
        entries = Entry.objects.count()
        check = head.post(url)
        text = page(check)
        assert "4 người được lấy ý kiến" in text
        assert "không bao giờ bị xóa" in text
        assert not Synthesis.objects.exists()
        assert Entry.objects.count() == entries
        done = confirm(head, url, check)
        confirm(head, url, check)  # a double click
        assert Synthesis.objects.count() == 1
        assert done["Location"] == reverse(
            "consultation_synthesis_published", args=[consultation.pk]
        )
        assert "Đã công bố báo cáo tổng hợp" in page(head.get(done["Location"]))

    def test_staff_are_refused_on_both_steps(self, world, client_as):
        consultation = closed_with_answers(world)
        url = reverse("consultation_synthesis_publish", args=[consultation.pk])
        check = client_as(world.head).post(url)
        staff = client_as(world.staff)
        assert staff.post(url).status_code == 404
        assert staff.post(url, {"confirm": token_of(check)}).status_code == 404
        assert not Synthesis.objects.exists()


def synthesised(world):
    from danchu.consultations import adoption

    consultation = closed_with_answers(world, topic=Topic.WORK_PLAN)
    adoption.publish_synthesis(actor=world.head, consultation=consultation, number="01/BC-SNV")
    return Consultation.objects.get(pk=consultation.pk)


class TestAdopt:
    def test_check_page_change_link_and_confirm(self, world, client_as):
        consultation = synthesised(world)
        assert consultation.status == Status.SYNTHESISED
        head = client_as(world.head)
        url = reverse("consultation_adopt", args=[consultation.pk])
        entries = Entry.objects.count()
        check = head.post(url, ADOPT)
        text = page(check)
        assert "15/QĐ-SNV" in text
        assert "15/03/2025" in text
        assert "Không thể hoàn tác" in text
        assert not Regulation.objects.exists()
        assert Entry.objects.count() == entries
        again = page(head.get(url, {"answers": token_of(check)}))
        assert 'value="15/QĐ-SNV"' in again
        done = confirm(head, url, check)
        confirm(head, url, check)
        assert Regulation.objects.count() == 1
        assert done["Location"] == reverse("consultation_adopted", args=[consultation.pk])
        assert "Đã ban hành quy định" in page(head.get(done["Location"]))

    def test_a_refusal_on_the_check_step_keeps_the_number(self, world, client_as):
        consultation = synthesised(world)
        url = reverse("consultation_adopt", args=[consultation.pk])
        response = client_as(world.head).post(url, ADOPT | {"effective_from": "01/03/2025"})
        assert response.status_code == 422
        assert 'value="15/QĐ-SNV"' in page(response)
        assert 'name="confirm"' not in page(response)

    def test_invalid_dates_come_back_with_the_typed_number(self, world, client_as):
        consultation = synthesised(world)
        url = reverse("consultation_adopt", args=[consultation.pk])
        response = client_as(world.head).post(url, ADOPT | {"signed_on": "31/02/2025"})
        assert response.status_code == 422
        assert 'value="15/QĐ-SNV"' in page(response)

    @pytest.mark.parametrize("who", ["staff", "outsider"])
    def test_others_are_refused_on_both_steps(self, who, world, client_as):
        consultation = synthesised(world)
        url = reverse("consultation_adopt", args=[consultation.pk])
        check = client_as(world.head).post(url, ADOPT)
        other = client_as(getattr(world, who))
        assert other.post(url, ADOPT).status_code == 404
        assert other.post(url, {"confirm": token_of(check)}).status_code == 404
        assert other.get(reverse("consultation_adopted", args=[consultation.pk])).status_code == 404
        assert not Regulation.objects.exists()
