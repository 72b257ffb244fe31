"""The disclosure pages: inbox, detail, acknowledgement, attachments, questions."""

import pytest
from django.urls import reverse
from django.utils import translation

from danchu.disclosures import asking, services
from danchu.disclosures.models import Acknowledgement, Category, Question
from danchu.disclosures.tests.test_views_support import (
    BASE,
    XSS,
    page_of,
    pdf,
    publish,
    without_csrf,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


class TestInbox:
    def test_lists_unread_items_first_with_badges(self, world, client_as):
        first = publish(world.head, world.agency, title="Quy chế chi tiêu nội bộ")
        publish(world.head, world.agency, title="Kế hoạch công tác năm")
        services.acknowledge(actor=world.staff, disclosure=first)
        page = page_of(client_as(world.staff).get(reverse("disclosure_inbox")))
        assert page.index("Kế hoạch công tác năm") < page.index("Quy chế chi tiêu nội bộ")
        # "unread" on the one not acknowledged, and the bell, which counts the same one (issue 12)
        main = page[page.index("<main") :]  # the header's bell shows twice (inline; phone menu)
        assert main.count('class="badge">') == 1
        assert '<span class="badge">1' in page

    def test_search_ignores_diacritics_and_filters_by_category(self, world, client_as):
        publish(world.head, world.agency, title="Kế hoạch đào tạo", category=Category.PERSONNEL)
        publish(world.head, world.agency, title="Báo cáo thu chi quý I")
        client = client_as(world.staff)
        page = page_of(client.get(reverse("disclosure_inbox"), {"q": "ke hoach dao tao"}))
        assert "Kế hoạch đào tạo" in page
        assert "Báo cáo thu chi quý I" not in page
        page = page_of(client.get(reverse("disclosure_inbox"), {"category": "budget_finance"}))
        assert "Báo cáo thu chi quý I" in page
        assert "Kế hoạch đào tạo" not in page

    def test_filters_by_unit_and_year(self, world, client_as):
        publish(world.head, world.agency, title="Của Sở")
        publish(world.head, world.dept, title="Của Phòng")
        client = client_as(world.staff)
        page = page_of(client.get(reverse("disclosure_inbox"), {"unit": world.dept.pk}))
        assert "Của Phòng" in page
        assert "Của Sở" not in page
        assert "Của Sở" not in page_of(client.get(reverse("disclosure_inbox"), {"year": 2024}))

    def test_htmx_gets_only_the_results(self, world, client_as):
        publish(world.head, world.agency, title="Kế hoạch")
        response = client_as(world.staff).get(reverse("disclosure_inbox"), HTTP_HX_REQUEST="true")
        assert "<html" not in page_of(response)
        assert "Kế hoạch" in page_of(response)
        assert "HX-Request" in response["Vary"]

    def test_cached_cards_follow_the_language_and_a_renamed_unit(self, world, client_as):
        publish(world.head, world.agency, title="Kế hoạch", category=Category.PERSONNEL)
        client = client_as(world.staff)
        url = reverse("disclosure_inbox")
        with translation.override("vi"):
            vietnamese = str(Category.PERSONNEL.label)
        with translation.override("en"):
            english = str(Category.PERSONNEL.label)
        assert vietnamese in page_of(client.get(url))
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        page = page_of(client.get(url))
        assert english in page
        assert vietnamese not in page
        world.agency.name = "Sở Tài chính (tên mới)"
        world.agency.save()
        assert "Sở Tài chính (tên mới)" in page_of(client.get(url))

    def test_hides_other_units_items(self, world, client_as):
        publish(world.head, world.agency, title="Nội bộ Sở Tài chính")
        page = page_of(client_as(world.outsider).get(reverse("disclosure_inbox")))
        assert "Nội bộ Sở Tài chính" not in page

    @pytest.mark.parametrize("count", [3, 30])
    def test_query_count_does_not_grow(
        self, count, world, client_as, django_assert_max_num_queries
    ):
        items = [
            publish(
                world.head,
                world.agency,
                title=f"Mục {number}",
                decision_date=None,
                category="other",
            )
            for number in range(count)
        ]
        services.acknowledge(actor=world.staff, disclosure=items[0])  # a page of both kinds
        client = client_as(world.staff)
        # A first visit in a new process: the generation tokens (twice: with the user, then
        # with the reader's units and own acknowledgements), user, roles, the next scheduled
        # item, readable units, two counts, the reader's acknowledgements, the newest ids, the
        # page's items and the unread-notification badge.
        with django_assert_max_num_queries(12):
            response = client.get(reverse("disclosure_inbox"))
        assert response.status_code == 200
        # Again: only the tokens; the rest is cached.
        with django_assert_max_num_queries(2):
            again = client.get(reverse("disclosure_inbox"))
        assert without_csrf(again) == without_csrf(response)


class TestDetail:
    def test_shows_the_facts_to_staff_and_hides_them_from_other_units(self, world, client_as):
        item = publish(world.head, world.agency, document_number="Số: 05/QĐ-STC")
        url = reverse("disclosure_detail", args=[item.pk])
        page = page_of(client_as(world.staff).get(url))
        assert "05/QĐ-STC" in page
        assert item.digest in page
        assert "<strong>chính</strong>" in page  # the sanitised Markdown
        assert client_as(world.outsider).get(url).status_code == 404
        assert (
            client_as(world.outsider).get(reverse("disclosure_detail", args=[999])).status_code
            == 404
        )

    def test_publisher_sees_the_management_links(self, world, client_as):
        item = publish(world.head, world.agency)
        page = page_of(client_as(world.head).get(reverse("disclosure_detail", args=[item.pk])))
        assert reverse("disclosure_supersede", args=[item.pk]) in page
        assert reverse("disclosure_withdraw", args=[item.pk]) in page
        assert reverse("disclosure_acknowledgements", args=[item.pk]) in page
        staff_page = page_of(
            client_as(world.staff).get(reverse("disclosure_detail", args=[item.pk]))
        )
        assert reverse("disclosure_withdraw", args=[item.pk]) not in staff_page

    def test_scheduled_item_is_shown_to_the_publisher_only(self, world, client_as):
        item = publish(world.head, world.agency, publish_at=BASE.replace(day=10))
        url = reverse("disclosure_detail", args=[item.pk])
        assert client_as(world.staff).get(url).status_code == 404
        assert client_as(world.head).get(url).status_code == 200

    def test_escapes_what_people_typed(self, world, client_as):
        item = publish(world.head, world.agency, title=XSS, summary=XSS, body=XSS)
        asking.ask_question(actor=world.staff, disclosure=item, body=XSS)
        page = page_of(client_as(world.head).get(reverse("disclosure_detail", args=[item.pk])))
        assert "<script>alert(1)" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page

    def test_links_the_version_that_superseded_it(self, world, client_as):
        first = publish(world.head, world.agency, title="Bản đầu")
        second = services.supersede_disclosure(
            actor=world.head, previous=first, category=Category.BUDGET_FINANCE, title="Bản sửa"
        )
        page = page_of(client_as(world.staff).get(reverse("disclosure_detail", args=[first.pk])))
        assert reverse("disclosure_detail", args=[second.pk]) in page
        assert "version 2" in page or "phiên bản 2" in page.lower()


class TestAcknowledge:
    def test_twice_gives_one_record(self, world, client_as):
        item = publish(world.head, world.agency)
        client = client_as(world.staff)
        url = reverse("disclosure_acknowledge", args=[item.pk])
        assert client.post(url).status_code == 302
        response = client.post(url, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        assert "<html" not in page_of(response)
        assert "17:00 05/03/2025" not in page_of(response)  # times are local: 09:00
        assert "09:00 05/03/2025" in page_of(response)
        assert Acknowledgement.objects.filter(disclosure=item).count() == 1

    def test_get_writes_nothing(self, world, client_as):
        item = publish(world.head, world.agency)
        client = client_as(world.staff)
        assert client.get(reverse("disclosure_acknowledge", args=[item.pk])).status_code == 405
        client.get(reverse("disclosure_detail", args=[item.pk]))
        assert not Acknowledgement.objects.exists()

    def test_other_unit_gets_404(self, world, client_as):
        item = publish(world.head, world.agency)
        url = reverse("disclosure_acknowledge", args=[item.pk])
        assert client_as(world.outsider).post(url).status_code == 404


class TestAttachment:
    def test_downloads_under_its_vietnamese_name(self, world, client_as):
        item = publish(world.head, world.agency, attachments=[pdf("Quyết định số 5.pdf")])
        attachment = item.attachments.get()
        url = reverse("disclosure_attachment", args=[item.pk, attachment.pk])
        response = client_as(world.staff).get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert 'filename="Quyet dinh so 5.pdf"' in disposition
        assert (
            "filename*=utf-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%20s%E1%BB%91%205.pdf" in disposition
        )
        assert b"".join(response.streaming_content).startswith(b"%PDF-1.4")

    def test_is_404_for_other_units_and_other_items(self, world, client_as):
        item = publish(world.head, world.agency, attachments=[pdf()])
        other_item = publish(world.head, world.agency)
        attachment = item.attachments.get()
        url = reverse("disclosure_attachment", args=[item.pk, attachment.pk])
        assert client_as(world.outsider).get(url).status_code == 404
        wrong = reverse("disclosure_attachment", args=[other_item.pk, attachment.pk])
        assert client_as(world.staff).get(wrong).status_code == 404


class TestQuestions:
    def test_staff_asks_and_the_head_answers(self, world, client_as):
        item = publish(world.head, world.agency)
        response = client_as(world.staff).post(
            reverse("disclosure_ask", args=[item.pk]), {"body": "Khi nào áp dụng?"}
        )
        assert response.status_code == 302
        question = Question.objects.get()
        response = client_as(world.head).post(
            reverse("disclosure_answer", args=[item.pk, question.pk]),
            {f"answer-{question.pk}-answer": "Từ ngày 01/4."},
        )
        assert response.status_code == 302
        page = page_of(client_as(world.staff).get(reverse("disclosure_detail", args=[item.pk])))
        assert "Khi nào áp dụng?" in page
        assert "Từ ngày 01/4." in page

    def test_empty_question_is_refused(self, world, client_as):
        item = publish(world.head, world.agency)
        response = client_as(world.staff).post(
            reverse("disclosure_ask", args=[item.pk]), {"body": ""}
        )
        assert response.status_code == 422
        assert not Question.objects.exists()


class TestLanguage:
    def test_pages_are_vietnamese_by_default(self, world, client):
        item = publish(world.head, world.agency)
        client.force_login(world.staff)
        page = page_of(client.get(reverse("disclosure_detail", args=[item.pk])))
        assert '<html lang="vi">' in page
        assert "Đăng xuất" in page

    def test_english_when_chosen(self, world, client_as):
        item = publish(world.head, world.agency)
        client = client_as(world.staff)
        client.cookies["danchu_language"] = "en"
        page = page_of(client.get(reverse("disclosure_detail", args=[item.pk])))
        assert '<html lang="en">' in page
        assert "I have read this" in page
