"""The form patterns on the consultation forms (issue 12): the .docx limit shown before upload,
a refused file named with its reason, and a refused consultation that keeps what was typed."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danchu.consultations import services
from danchu.consultations.models import Consultation, Decision, Opinion
from danchu.consultations.tests.conftest import open_one
from danchu.consultations.tests.test_views import form_data, page_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
PLAN = "Lấy ý kiến qua phần mềm và họp giao ban; tổ soạn thảo tổng hợp trong 3 ngày."


def test_the_docx_limit_and_type_are_shown_before_upload(world, client_as):
    page = page_of(client_as(world.head).get(reverse("consultation_new")))
    assert "Tệp .docx, tối đa 10\xa0MB." in page
    assert 'accept=".docx"' in page
    assert '<label for="id_title">Tiêu đề <span class="req">(bắt buộc)</span></label>' in page


def test_a_file_that_is_not_a_docx_is_named_and_must_be_chosen_again(world, client_as):
    upload = SimpleUploadedFile("du-thao.pdf", b"%PDF-1.4 not a docx")
    data = form_data(world, draft_file=upload, plan=PLAN)
    response = client_as(world.head).post(reverse("consultation_new"), data)
    page = page_of(response)
    assert response.status_code == 422
    error = page[page.index('id="id_draft_file_error"') :]
    assert "Tệp du-thao.pdf không được chấp nhận" in error[: error.index("</ul>")]
    assert "vui lòng chọn lại du-thao.pdf" in page
    assert 'href="#id_draft_file"' in page
    assert PLAN in page
    assert not Consultation.objects.exists()


def test_a_file_too_large_gives_its_size(world, client_as, monkeypatch):
    monkeypatch.setattr("danchu.consultations.draft_docx.MAX_DOCX_BYTES", 1024)
    upload = SimpleUploadedFile("du-thao.docx", b"PK\x03\x04" + b"x" * 3000)
    page = page_of(
        client_as(world.head).post(reverse("consultation_new"), form_data(world, draft_file=upload))
    )
    assert "Tệp du-thao.docx có dung lượng 2,9\xa0KB, vượt quá giới hạn 1\xa0KB." in page


def test_a_refused_consultation_keeps_what_was_typed(world, client_as):
    data = form_data(world, draft_text="Điều 1. Phạm vi", plan=PLAN, closes_at="2025-03-06T17:00")
    response = client_as(world.head).post(reverse("consultation_new"), data)
    page = page_of(response)
    assert response.status_code == 422
    assert 'class="error-summary"' in page
    assert PLAN in page
    assert "Điều 1. Phạm vi</textarea>" in page
    assert 'value="Dự thảo Quy chế dân chủ"' in page


def test_an_answer_to_an_opinion_refused_keeps_the_explanation(world, client_as):
    consultation = open_one(world)
    opinion = services.give_opinion(actor=world.staff, consultation=consultation, text="Ý kiến")
    explanation = "Đã cân nhắc kỹ: điều khoản này giữ nguyên vì phù hợp với Điều 12 của Luật."
    answers = reverse("consultation_dispositions", args=[consultation.pk])
    data = {"opinion": opinion.pk, "decision": Decision.NOT_ACCEPTED, "explanation": explanation}
    response = client_as(world.head).post(answers, data)  # still open: not yet to be answered
    page = page_of(response)
    assert response.status_code == 409
    assert f">{explanation}</textarea>" in page
    chosen = page[page.index(f'value="{Decision.NOT_ACCEPTED}"') :]
    assert chosen[: chosen.index(">")].split()[1] == "checked"
    assert f'href="#explanation-{opinion.pk}"' in page
    assert 'aria-invalid="true"' in page
    assert Opinion.objects.get().decision == ""
