"""The form patterns on the disclosure pages (issue 12): the error summary linking to the fields,
required fields marked, upload limits shown before upload, a refused file explained, and a
refused submission that keeps what was typed."""

import datetime as dt
import html

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danchu.disclosures import asking, services
from danchu.disclosures.models import Disclosure, InformationRequest, Question, RequestReason
from danchu.disclosures.tests.test_views_support import BASE, form_data, page_of, pdf, publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
LONG = "Tôi đã soạn câu này rất lâu:\nxin cho biết căn cứ và thời hạn áp dụng của kế hoạch."


def textarea_holds(page: str, text: str) -> bool:
    shown = html.escape(text)
    return f">\n{shown}</textarea>" in page or f">{shown}</textarea>" in page


class TestErrorSummary:
    def test_lists_each_error_as_a_link_to_its_field_and_is_focused(self, world, client_as):
        data = form_data(world.agency, title="", timing="later")
        response = client_as(world.head).post(reverse("disclosure_publish"), data)
        page = page_of(response)
        assert response.status_code == 422
        summary = page[page.index('class="error-summary"') :]
        summary = summary[: summary.index("</div>")]
        assert 'role="alert"' in summary
        assert 'tabindex="-1"' in summary
        assert "autofocus" in summary
        assert 'href="#id_title"' in summary
        assert 'href="#id_publish_at"' in summary

    def test_marks_the_field_and_links_its_message(self, world, client_as):
        data = form_data(world.agency, title="")
        page = page_of(client_as(world.head).post(reverse("disclosure_publish"), data))
        field = page[page.index('id="id_title"') - 300 : page.index('id="id_title"') + 20]
        assert 'aria-invalid="true"' in field
        assert 'aria-describedby="id_title_error"' in field
        assert 'id="id_title_error"' in page
        assert '<span class="visually-hidden">Lỗi:</span>' in page

    def test_title_says_error_first(self, world, client_as):
        client = client_as(world.head)
        data = form_data(world.agency, title="")
        page = page_of(client.post(reverse("disclosure_publish"), data))
        title = page[page.index("<title>") : page.index("</title>")]
        assert title.split()[1] == "Lỗi:"
        ok = page_of(client.get(reverse("disclosure_publish")))
        assert "Lỗi:" not in ok[ok.index("<title>") : ok.index("</title>")]
        assert 'class="error-summary"' not in ok

    def test_a_refusal_by_the_service_is_in_the_summary(self, world, client_as):
        data = form_data(world.agency, confidentiality="state_secret")
        page = page_of(client_as(world.head).post(reverse("disclosure_publish"), data))
        summary = page[page.index('class="error-summary"') :]
        assert "art. 46" in summary[: summary.index("</div>")] or "Điều 46" in summary


class TestRequiredMarker:
    def test_required_fields_say_so_and_optional_ones_do_not(self, world, client_as):
        page = page_of(client_as(world.head).get(reverse("disclosure_publish")))
        title_label = page[page.index('<label for="id_title">') :]
        assert title_label[: title_label.index("</label>")].endswith(
            '<span class="req">(bắt buộc)</span>'
        )
        summary_label = page[page.index('<label for="id_summary">') :]
        assert "bắt buộc" not in summary_label[: summary_label.index("</label>")]


class TestUploads:
    def test_the_limit_and_types_are_shown_before_upload(self, world, client_as):
        page = page_of(client_as(world.head).get(reverse("disclosure_publish")))
        assert "Mỗi tệp tối đa 20\xa0MB" in page
        assert ".pdf, .docx, .xlsx, .png, .jpg, .gif, .webp" in page
        assert 'accept=".pdf,.docx,.xlsx,.png,.jpg,.gif,.webp"' in page

    def test_a_file_of_the_wrong_type_is_named_and_must_be_chosen_again(self, world, client_as):
        page_file = SimpleUploadedFile("trang.html", b"<html><p>x</p></html>")
        data = form_data(world.agency, attachments=[pdf("Kế hoạch.pdf"), page_file])
        response = client_as(world.head).post(reverse("disclosure_publish"), data)
        page = page_of(response)
        assert response.status_code == 422
        field_error = page[page.index('id="id_attachments_error"') :]
        assert "trang.html" in field_error[: field_error.index("</ul>")]
        assert "Vui lòng chọn lại tệp." in field_error
        assert "vui lòng chọn lại Kế hoạch.pdf, trang.html" in page
        assert not Disclosure.objects.exists()

    def test_a_file_too_large_gives_its_size_and_the_limit(self, world, client_as, settings):
        settings.DANCHU_MAX_ATTACHMENT_BYTES = 2048
        big = SimpleUploadedFile("Bảng lương.pdf", b"%PDF-1.4\n" + b"x" * 4000)
        data = form_data(world.agency, attachments=[big])
        page = page_of(client_as(world.head).post(reverse("disclosure_publish"), data))
        assert "Tệp Bảng lương.pdf có dung lượng 3,9\xa0KB, vượt quá giới hạn 2\xa0KB." in page
        assert "Mỗi tệp tối đa 2\xa0KB" in page


class TestTypedTextIsKept:
    def test_a_question_on_an_item_withdrawn_meanwhile(self, world, client_as):
        item = publish(world.head, world.agency)
        with time_machine.travel(BASE + dt.timedelta(days=21), tick=False):
            services.withdraw_disclosure(actor=world.head, disclosure=item, reason="Hết hiệu lực")
            response = client_as(world.staff).post(
                reverse("disclosure_ask", args=[item.pk]), {"body": LONG}
            )
        page = page_of(response)
        assert response.status_code == 409
        assert "câu hỏi của bạn chưa được gửi" in page
        assert textarea_holds(page, LONG)
        assert "Nội dung bạn đã nhập vẫn được giữ nguyên" in page
        assert 'action="{}#ask"'.format(reverse("disclosure_ask", args=[item.pk])) in page
        assert not Question.objects.exists()

    def test_an_information_request_answer_refused(self, world, client_as):
        request = asking.request_information(
            actor=world.staff,
            unit=world.agency,
            reason=RequestReason.EXPIRED,
            subject="Dự toán năm 2024",
            body="",
        )
        url = reverse("information_request_detail", args=[request.pk])
        client = client_as(world.head)
        assert 'name="answer"' in page_of(client.get(url))
        asking.answer_information_request(actor=world.head, request=request, answer="Đã gửi.")
        response = client.post(url, {"answer": LONG})
        page = page_of(response)
        assert response.status_code == 409
        assert "Đã gửi." in page  # the answer given meanwhile
        assert textarea_holds(page, LONG)
        assert InformationRequest.objects.get().answer == "Đã gửi."

    def test_a_withdraw_reason_refused(self, world, client_as):
        item = publish(world.head, world.agency)
        reason = "Văn bản đã được thay thế bởi Quyết định số 12/QĐ-SNV ngày 01/3/2025."
        response = client_as(world.head).post(
            reverse("disclosure_withdraw", args=[item.pk]), {"reason": reason}
        )
        page = page_of(response)
        assert response.status_code == 409
        assert textarea_holds(page, reason)
        assert 'class="error-summary"' in page

    def test_an_answer_to_a_question_answered_meanwhile(self, world, client_as):
        item = publish(world.head, world.agency)
        question = asking.ask_question(actor=world.staff, disclosure=item, body="Khi nào?")
        asking.answer_question(actor=world.head, question=question, answer="Từ 01/4.")
        response = client_as(world.head).post(
            reverse("disclosure_answer", args=[item.pk, question.pk]),
            {f"answer-{question.pk}-answer": LONG},
        )
        page = page_of(response)
        assert response.status_code == 409
        assert "Từ 01/4." in page
        assert textarea_holds(page, LONG)
        assert f'href="#id_answer-{question.pk}-answer"' not in page  # a refusal, not a field
