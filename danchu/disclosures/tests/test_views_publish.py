"""The publish, correct and withdraw forms."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from danchu.core.tests.confirming import check_then_confirm
from danchu.disclosures.models import Attachment, Disclosure, Status
from danchu.disclosures.tests.test_views_support import (
    BASE,
    PDF,
    XSS,
    form_data,
    page_of,
    pdf,
    publish,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


class TestPublish:
    def test_form_offers_the_units_and_sub_units_of_the_publisher(self, world, client_as):
        response = client_as(world.head).get(
            reverse("disclosure_publish"), {"unit": world.agency.pk}
        )
        page = page_of(response)
        assert response.status_code == 200
        assert 'enctype="multipart/form-data"' in page
        assert 'type="file" name="attachments"' in page
        assert "multiple" in page
        assert "Phòng Ngân sách" in page  # a sub-unit, for the audience
        assert "Số: 05/QĐ-SNV" in page  # the placeholder of the document number
        assert 'value="intranet"' in page

    def test_htmx_reloads_the_audience_of_the_chosen_unit(self, world, client_as):
        response = client_as(world.head).get(
            reverse("disclosure_publish"), {"unit": world.dept.pk}, HTTP_HX_REQUEST="true"
        )
        assert "<html" not in page_of(response)
        assert "Phòng Ngân sách" not in page_of(response)  # a unit is not its own sub-unit

    def test_is_404_for_staff_and_for_units_the_user_cannot_publish_for(self, world, client_as):
        assert client_as(world.staff).get(reverse("disclosure_publish")).status_code == 404
        url = reverse("disclosure_publish")
        assert client_as(world.head).get(url, {"unit": world.other.pk}).status_code == 404

    def test_publishes_with_an_attachment_and_opens_the_item(self, world, client_as):
        data = form_data(
            world.agency,
            title="Dự toán ngân sách 2025",
            decision_date="04/03/2025",
            document_number="Số: 05/QĐ-STC",
            audience_units=[str(world.dept.pk)],
            attachments=[pdf("Dự toán.pdf")],
        )
        response = check_then_confirm(client_as(world.head), reverse("disclosure_publish"), data)
        item = Disclosure.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("disclosure_published", args=[item.pk])
        assert item.document_number == "05/QĐ-STC"
        assert item.decision_date == dt.date(2025, 3, 4)
        assert list(item.audience_units.all()) == [world.dept]
        attachment = item.attachments.get()
        assert attachment.original_name == "Dự toán.pdf"
        assert attachment.file.read() == PDF

    def test_accepts_an_iso_decision_date_and_a_schedule(self, world, client_as):
        data = form_data(
            world.agency, decision_date="2025-03-04", timing="later", publish_at="2025-03-06T08:00"
        )
        url = reverse("disclosure_publish")
        assert check_then_confirm(client_as(world.head), url, data).status_code == 302
        item = Disclosure.objects.get()
        assert item.decision_date == dt.date(2025, 3, 4)
        assert item.publish_at == BASE.replace(day=6, hour=8)

    def test_scheduling_needs_a_time(self, world, client_as):
        data = form_data(world.agency, timing="later")
        assert client_as(world.head).post(reverse("disclosure_publish"), data).status_code == 422
        assert not Disclosure.objects.exists()

    @pytest.mark.parametrize("secret", ["state_secret", "work_secret"])
    def test_refuses_secrets_and_writes_nothing(self, secret, world, client_as):
        data = form_data(world.agency, confidentiality=secret, attachments=[pdf()])
        client = client_as(world.head)
        client.cookies["danchu_language"] = "en"
        response = client.post(reverse("disclosure_publish"), data)
        assert response.status_code == 422
        assert "Items marked state secret or work secret cannot be disclosed" in page_of(response)
        assert not Disclosure.objects.exists()
        assert not Attachment.objects.exists()

    def test_late_item_needs_a_reason(self, world, client_as):
        client = client_as(world.head)
        client.cookies["danchu_language"] = "en"
        data = form_data(world.agency, decision_date="03/02/2025")
        response = client.post(reverse("disclosure_publish"), data)
        assert response.status_code == 422
        assert "give the reason for the delay" in page_of(response)
        data["late_reason"] = "Chờ ý kiến của cơ quan cấp trên"
        assert check_then_confirm(client, reverse("disclosure_publish"), data).status_code == 302
        assert Disclosure.objects.get().is_late

    def test_refused_file_keeps_everything_unwritten(self, world, client_as):
        data = form_data(world.agency, attachments=[pdf(), _html()])
        response = client_as(world.head).post(reverse("disclosure_publish"), data)
        assert response.status_code == 422
        assert not Disclosure.objects.exists()
        assert not Attachment.objects.exists()

    def test_escapes_the_typed_text_when_it_is_shown_again(self, world, client_as):
        data = form_data(world.agency, title=XSS, timing="later")
        page = page_of(client_as(world.head).post(reverse("disclosure_publish"), data))
        assert "<script>alert(1)" not in page
        assert "&lt;script&gt;" in page


def _html():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("trang.html", b"<html><script>alert(1)</script></html>")


class TestCorrect:
    def test_prefills_the_form_and_publishes_version_2_with_the_kept_files(self, world, client_as):
        first = publish(world.head, world.agency, title="Bản đầu", attachments=[pdf("Phụ lục.pdf")])
        client = client_as(world.head)
        url = reverse("disclosure_supersede", args=[first.pk])
        page = page_of(client.get(url))
        assert 'value="Bản đầu"' in page
        assert "Phụ lục.pdf" in page
        kept = str(first.attachments.get().pk)
        data = form_data(world.agency, title="Bản sửa", keep_attachments=[kept])
        del data["unit"]
        response = client.post(url, data)
        second = Disclosure.objects.get(version=2)
        assert response["Location"] == reverse("disclosure_detail", args=[second.pk])
        assert second.attachments.get().original_name == "Phụ lục.pdf"
        first.refresh_from_db()
        assert first.status == Status.SUPERSEDED

    def test_is_404_for_staff(self, world, client_as):
        item = publish(world.head, world.agency)
        url = reverse("disclosure_supersede", args=[item.pk])
        assert client_as(world.staff).get(url).status_code == 404


class TestWithdraw:
    def test_too_early_shows_why(self, world, client_as):
        item = publish(world.head, world.agency)
        client = client_as(world.head)
        client.cookies["danchu_language"] = "en"
        response = client.post(
            reverse("disclosure_withdraw", args=[item.pk]), {"reason": "Hết hạn"}
        )
        assert response.status_code == 409
        assert "must stay visible for 20 consecutive days" in page_of(response)
        item.refresh_from_db()
        assert item.status == Status.PUBLISHED

    def test_after_the_period_it_is_withdrawn_and_says_so(self, world, client_as):
        item = publish(world.head, world.agency)
        with time_machine.travel(BASE + dt.timedelta(days=21), tick=False):
            client = client_as(world.head)  # a new session: the first one has expired
            client.cookies["danchu_language"] = "en"
            response = client.post(
                reverse("disclosure_withdraw", args=[item.pk]), {"reason": "Đã hết hiệu lực"}
            )
            assert response.status_code == 302
            page = page_of(client.get(reverse("disclosure_detail", args=[item.pk])))
        assert "Withdrawn on 26/03/2025 by" in page
        assert "Đã hết hiệu lực" in page

    def test_is_404_for_staff(self, world, client_as):
        item = publish(world.head, world.agency)
        url = reverse("disclosure_withdraw", args=[item.pk])
        assert client_as(world.staff).get(url).status_code == 404
