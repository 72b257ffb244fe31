"""The consultation pages: open from text or .docx, comment, answer, synthesis, adoption."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from danchu.consultations import drafts, queries, services
from danchu.consultations.models import Consultation, Decision, Opinion, Regulation, Status
from danchu.consultations.tests.conftest import DRAFT, EARLY, open_one
from danchu.consultations.tests.test_draft_docx import draft_docx
from danchu.core.tests.confirming import check_then_confirm

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
XSS = "<script>alert(1)</script>"


def page_of(response) -> str:
    return response.content.decode()


def form_data(world, **fields):
    return {
        "unit": world.agency.pk,
        "topic": "democracy_regulation",
        "title": "Dự thảo Quy chế dân chủ",
        "channels": ["online"],
        "opens_at": "2025-03-05T09:00",
        "closes_at": "2025-03-14T17:00",
        "visibility": "all_staff",
        "allow_via_union": "on",
        "skip_union_preview": "on",  # open to staff at once (TestUnionPreview: the default)
        **fields,
    }


class TestOpen:
    def test_head_opens_one_from_typed_text(self, world, client_as):
        text = "Điều 1. Phạm vi\nQuy chế này áp dụng cho Sở.\nĐiều 2. Trách nhiệm\n1. Của Giám đốc."
        response = client_as(world.head).post(
            reverse("consultation_new"), form_data(world, draft_text=text)
        )
        assert response.status_code == 302, page_of(response)
        consultation = Consultation.objects.get()
        assert consultation.status == Status.OPEN
        page = page_of(client_as(world.staff).get(response["Location"]))
        assert "Quy chế này áp dụng cho Sở." in page
        assert 'id="p4"' in page

    def test_head_imports_a_docx_draft(self, world, client_as):
        upload = SimpleUploadedFile("du-thao.docx", draft_docx())
        response = client_as(world.head).post(
            reverse("consultation_new"), form_data(world, draft_file=upload)
        )
        assert response.status_code == 302, page_of(response)
        refs = [p.ref for p in queries.latest_version(Consultation.objects.get()).paragraphs.all()]
        assert "Điều 2, khoản 1" in refs

    def test_a_short_period_is_refused_with_a_message_and_nothing_saved(self, world, client_as):
        data = form_data(world, draft_text="Điều 1. A", closes_at="2025-03-06T17:00")
        response = client_as(world.head).post(reverse("consultation_new"), data)
        assert response.status_code == 422
        assert "5" in page_of(response)
        assert not Consultation.objects.exists()

    def test_staff_cannot_reach_the_form(self, world, client_as):
        assert client_as(world.staff).get(reverse("consultation_new")).status_code == 404


class TestComment:
    def test_staff_comment_on_a_paragraph_and_the_head_reads_it(self, world, client_as):
        consultation = open_one(world)
        target = queries.latest_version(consultation).paragraphs.get(number=5)
        url = reverse("consultation_opinion", args=[consultation.pk])
        response = client_as(world.staff).post(url, {"paragraph": target.pk, "text": XSS})
        assert response.status_code == 302
        assert response["Location"].endswith("#p5")
        page = page_of(
            client_as(world.head).get(reverse("consultation_detail", args=[consultation.pk]))
        )
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert world.staff.person.full_name in page

    def test_through_the_union_the_head_never_sees_the_name(self, world, client_as, frozen):
        consultation = open_one(world)
        url = reverse("consultation_opinion", args=[consultation.pk])
        staff = client_as(world.staff)
        sent = staff.post(url, {"text": "Góp ý kín đáo", "via_union": "on"})
        assert "hiện từ ngày mai" in page_of(staff.get(sent.url))
        detail = reverse("consultation_detail", args=[consultation.pk])
        assert "Góp ý kín đáo" not in page_of(client_as(world.head).get(detail))  # not today
        frozen.shift(dt.timedelta(days=1))
        for page_url in (
            reverse("consultation_detail", args=[consultation.pk]),
            reverse("consultation_dispositions", args=[consultation.pk]),
        ):
            page = page_of(client_as(world.head).get(page_url))
            assert "Góp ý kín đáo" in page
            assert world.staff.person.full_name not in page

    def test_other_agencies_see_nothing(self, world, client_as):
        consultation = open_one(world)
        url = reverse("consultation_detail", args=[consultation.pk])
        assert client_as(world.outsider).get(url).status_code == 404
        post = client_as(world.outsider).post(
            reverse("consultation_opinion", args=[consultation.pk]), {"text": "x"}
        )
        assert post.status_code == 404
        assert not Opinion.objects.exists()

    def test_the_page_shows_the_latest_few_and_loads_the_rest(self, world, client_as, frozen):
        consultation = open_one(world)
        target = queries.latest_version(consultation).paragraphs.get(number=5)
        for number in range(5):
            frozen.shift(dt.timedelta(minutes=1))  # named opinions come in time order
            services.give_opinion(
                actor=world.staff, consultation=consultation, paragraph=target,
                text=f"Ý kiến số {number}",
            )  # fmt: skip
        client = client_as(world.dept_staff)
        page = page_of(client.get(reverse("consultation_detail", args=[consultation.pk])))
        assert "Ý kiến số 4" in page
        assert "Ý kiến số 1" not in page
        more = reverse("consultation_paragraph", args=[consultation.pk, 5])
        assert more in page
        every = page_of(client.get(more, HTTP_HX_REQUEST="true"))
        assert all(f"Ý kiến số {n}" in every for n in range(5))
        assert "<html" not in every

    def test_head_only_opinions_list_only_ones_own_to_staff(self, world, client_as):
        consultation = open_one(world, visibility="head_only")
        services.give_opinion(actor=world.dept_staff, consultation=consultation, text="Của phòng")
        services.give_opinion(actor=world.staff, consultation=consultation, text="Của tôi")
        url = reverse("consultation_paragraph", args=[consultation.pk, 0])
        mine = page_of(client_as(world.staff).get(url))
        assert "Của tôi" in mine
        assert "Của phòng" not in mine
        assert "Của phòng" in page_of(client_as(world.union).get(url))
        assert client_as(world.outsider).get(url).status_code == 404

    @pytest.mark.parametrize("opinions", [2, 20])
    def test_query_count_does_not_grow(
        self, opinions, world, client_as, django_assert_max_num_queries
    ):
        consultation = open_one(world)
        paragraphs = list(queries.latest_version(consultation).paragraphs.all())
        for number in range(opinions):
            services.give_opinion(
                actor=world.staff, consultation=consultation,
                paragraph=paragraphs[number % len(paragraphs)], text=f"Ý kiến {number}",
            )  # fmt: skip
        client = client_as(world.head)
        with django_assert_max_num_queries(16):
            response = client.get(reverse("consultation_detail", args=[consultation.pk]))
        assert response.status_code == 200


class TestAnswerAndAdopt:
    def test_head_answers_publishes_the_synthesis_and_adopts(self, world, client_as):
        consultation = open_one(world)
        opinion = services.give_opinion(actor=world.staff, consultation=consultation, text="A")
        services.record_union_opinion(actor=world.union, consultation=consultation, text="Nhất trí")
        head = client_as(world.head)
        check_then_confirm(
            head, reverse("consultation_close", args=[consultation.pk]), {"reason": EARLY}
        )
        answers = reverse("consultation_dispositions", args=[consultation.pk])
        head.post(
            answers, {"opinion": opinion.pk, "decision": Decision.ACCEPTED, "explanation": ""}
        )
        assert Opinion.objects.get().decision == Decision.ACCEPTED
        listed = page_of(head.get(answers))  # the union's opinion is answered as all (art. 55.1)
        assert "Nhất trí" in listed
        assert "2 ý kiến" in listed
        union_opinion = consultation.union_opinions.get()
        head.post(
            reverse("consultation_union_answer", args=[consultation.pk, union_opinion.pk]),
            {"decision": Decision.PARTLY_ACCEPTED, "explanation": "Bổ sung một phần."},
        )
        union_opinion.refresh_from_db()
        assert union_opinion.decision == Decision.PARTLY_ACCEPTED
        publish = reverse("consultation_synthesis_publish", args=[consultation.pk])
        response = check_then_confirm(head, publish, {})
        assert response["Location"] == reverse(
            "consultation_synthesis_published", args=[consultation.pk]
        )
        report = page_of(head.get(reverse("consultation_synthesis", args=[consultation.pk])))
        assert "TIẾP THU" in report.upper()
        assert "Ban Chấp hành Công đoàn cơ quan" in report
        assert "Bổ sung một phần." in report
        adopted = check_then_confirm(
            head,
            reverse("consultation_adopt", args=[consultation.pk]),
            {
                "document_number": "15/QĐ-SNV",
                "signed_on": "05/03/2025",
                "effective_from": "15/03/2025",
            },
        )
        regulation = Regulation.objects.get()
        assert adopted["Location"] == reverse("consultation_adopted", args=[consultation.pk])
        detail = reverse("regulation_detail", args=[regulation.pk])
        assert "15/QĐ-SNV" in page_of(client_as(world.staff).get(detail))


class TestStances:
    def test_agree_and_disagree_from_the_page_with_ones_own_token(self, world, client_as):
        consultation = open_one(world)
        url = reverse("consultation_detail", args=[consultation.pk])
        client = client_as(world.staff)
        first = page_of(client.get(url))  # the cached block is rendered once...
        other = Client(enforce_csrf_checks=True)
        other.force_login(world.dept_staff)
        page = page_of(other.get(url))  # ...with no token inside; the page has the reader's own
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        assert token not in first
        assert 'form="stance-form"' in page
        assert page.count("csrfmiddlewaretoken") == first.count("csrfmiddlewaretoken")
        stance = reverse("consultation_stance", args=[consultation.pk, 5])
        response = other.post(stance, {"stance": "agree", "csrfmiddlewaretoken": token})
        assert response.status_code == 302
        assert "(1)" in page_of(client.get(url))
        assert client_as(world.outsider).post(stance, {"stance": "agree"}).status_code == 404


class TestVersions:
    def test_head_links_a_changed_paragraph_to_the_opinion_it_answers(self, world, client_as):
        consultation = open_one(world)
        first = queries.latest_version(consultation).paragraphs.get(number=5)
        opinion = services.give_opinion(
            actor=world.staff, consultation=consultation, paragraph=first, text="Nên 10 ngày"
        )
        revised = [text.replace("05 ngày", "10 ngày") for text in DRAFT]
        services.publish_version(
            actor=world.head, consultation=consultation, draft=drafts.split_paragraphs(revised)
        )
        diff = reverse("consultation_diff", args=[consultation.pk])
        page = page_of(client_as(world.head).get(diff))
        title = page[page.index("<title>") : page.index("</title>")]
        assert "<form" not in title
        assert page.count('id="answer-5"') == 1
        assert "<ins>" in page
        assert f'value="{opinion.pk}"' in page
        link = reverse("consultation_answers_link", args=[consultation.pk, 5])
        assert client_as(world.staff).post(link, {"opinions": [opinion.pk]}).status_code == 404
        client_as(world.head).post(link, {"opinions": [opinion.pk]})
        changed = queries.latest_version(consultation).paragraphs.get(number=5)
        assert list(changed.answers.all()) == [opinion]
        assert "Nên 10 ngày" in page_of(client_as(world.staff).get(diff))


class TestOwner:
    def test_the_head_names_a_deputy_responsible(self, world, client_as, member_of):
        deputy = member_of(world.agency, "deputy_head")
        data = form_data(world, draft_text="Điều 1. A", owner=deputy.person.pk)
        response = client_as(world.head).post(reverse("consultation_new"), data)
        assert response.status_code == 302, page_of(response)
        consultation = Consultation.objects.get()
        assert consultation.owner == deputy.person
        page = page_of(client_as(world.staff).get(response["Location"]))
        assert deputy.person.full_name in page
        stranger = form_data(world, draft_text="Điều 1. A", owner=world.outsider.person.pk)
        refused = client_as(world.head).post(reverse("consultation_new"), stranger)
        assert refused.status_code == 422
